// Shows when the page was loaded; proves scripts are served with a type
// the browser runs.
document.getElementById("served").textContent =
	"Unikit httpd \u2014 page loaded " + new Date().toUTCString();
