#!/usr/bin/python3
"""apps/httpd on the host: builds build/httpd-host/httpd with
apps/httpd/host.mk, serves a copy of the test site on a free loopback port
(--port 0: the kernel picks it, the server prints it), runs the HTTP
conformance suite (test/http/suite.py) against it, renders the demo site in
headless Chromium, repeats the suite under ASan/UBSan with the fallback
paths (no sendfile, no in-memory files, tiny buffers), and fuzzes the
parser for a bounded time.  Every server is stopped by its PID.

The same suite runs against the unikernel once apps/httpd links with
Unikit; until then this is httpd's integration test.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "http"))
import unikit_test as T  # noqa: E402
import suite  # noqa: E402

WORK = os.path.join(T.TEST_BUILD, "httpd-host")
HOST_MK = os.path.join(T.UK_ROOT, "apps", "httpd", "host.mk")
REQUEST_TIMEOUT = 2
MAX_CONNECTIONS = 1000

_built = {}


def build(san=False):
    """Builds the host binary (once per flavour); returns its path."""
    key = "san" if san else "plain"
    if key in _built:
        return _built[key]
    out = os.path.join(T.UK_ROOT, "build", "httpd-host-san" if san else "httpd-host")
    args = ["make", "-s", "-j2", "-f", HOST_MK, "OUT=" + out]
    if san:
        args.append("SAN=1")
    p = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if p.returncode:
        raise RuntimeError("host build failed:\n" + (p.stdout + p.stderr)[-3000:])
    _built[key] = os.path.join(out, "httpd")
    return _built[key]


def site():
    path = os.path.join(WORK, "site")
    if not os.path.exists(os.path.join(path, "t", "big.bin")):
        suite.prepare(path)
    return path


class Server:
    """One host httpd, output to a log file, ended by PID."""

    def __init__(self, binary, logname, args, env=None):
        os.makedirs(os.path.join(T.TEST_BUILD, "logs"), exist_ok=True)
        self.log = os.path.join(T.TEST_BUILD, "logs", logname + ".log")
        self.err = os.path.join(T.TEST_BUILD, "logs", logname + ".err")
        self.out_f = open(self.log, "wb")
        self.err_f = open(self.err, "wb")
        self.p = subprocess.Popen([binary, "--port", "0", "--bind", "127.0.0.1"] + args,
                                  stdout=self.out_f, stderr=self.err_f,
                                  stdin=subprocess.DEVNULL, start_new_session=True,
                                  env=env)
        self.port = None
        end = time.monotonic() + 20
        while time.monotonic() < end and self.p.poll() is None:
            m = re.search(r"httpd: serving .* at http://127\.0\.0\.1:(\d+)/", self.output())
            if m:
                self.port = int(m.group(1))
                break
            time.sleep(0.05)

    def output(self):
        with open(self.log, "rb") as f:
            return f.read(T.MAX_OUTPUT).decode("utf-8", "replace")

    def errors(self):
        with open(self.err, "rb") as f:
            return f.read(T.MAX_OUTPUT).decode("utf-8", "replace")

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def stop(self):
        """SIGTERM, then SIGKILL; returns the exit status."""
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.out_f.close()
        self.err_f.close()
        return self.p.returncode


def test_httpd_host_suite(r):
    binary = build()
    r.record("httpd-host/build: make -f apps/httpd/host.mk", os.access(binary, os.X_OK))
    root = site()
    s = Server(binary, "httpd-host", ["--root", root, "--request-timeout",
                                      str(REQUEST_TIMEOUT), "--max-connections",
                                      str(MAX_CONNECTIONS)])
    try:
        if not r.record("httpd-host/starts and prints its address", s.port is not None,
                        s.output()[-2000:] + s.errors()[-2000:]):
            return
        suite.run(s.url, root, r, name="httpd-host", request_timeout=REQUEST_TIMEOUT,
                  max_connections=MAX_CONNECTIONS)
        out = s.output()
        r.record("httpd-host/access log: method, path, status, bytes, time",
                 re.search(r"^127\.0\.0\.1 GET /t/small\.txt 200 420 \d+\.\d{3}ms$", out, re.M)
                 is not None and re.search(r"^127\.0\.0\.1 - - 503 \d+ ", out, re.M)
                 is not None, out[-1500:])
        r.record("httpd-host/nothing on stderr", s.errors() == "", s.errors()[-2000:])
    finally:
        s.stop()


def test_httpd_host_stats(r):
    root = site()
    s = Server(build(), "httpd-host-stats", ["--root", root, "--stats", "--no-access-log"])
    try:
        if not r.record("httpd-host/starts with --stats", s.port is not None, s.errors()):
            return
        t = suite.Suite(s.url, root, r, name="httpd-host", stats=True)
        t.guard("stats", t.t_stats)
        r.record("httpd-host/--no-access-log prints no request lines",
                 s.output().count("\n") == 1, s.output()[-500:])
    finally:
        s.stop()


def test_httpd_host_bad_arguments(r):
    binary = build()
    for args, code, text in ((["--port", "abc"], 2, "--port"),
                             (["--port", "70000"], 2, "--port"),
                             (["--bogus"], 2, "unknown option"),
                             (["--max-connections"], 2, "needs a value"),
                             (["--root", "/nonexistent-httpd-root"], 1, "root"),
                             (["--port", "0", "--bind", "1.2.3"], 1, "--bind")):
        p = subprocess.run([binary] + args, capture_output=True, text=True, timeout=10)
        r.record("httpd-host/%s: exit %d with a message" % (" ".join(args), code),
                 p.returncode == code and text in p.stderr, p.stderr + " rc=%d" % p.returncode)
    p = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=10)
    r.record("httpd-host/--help lists the options", p.returncode == 0 and
             "--port" in p.stdout and "--root" in p.stdout and "--max-connections" in p.stdout,
             p.stdout + p.stderr)


def test_httpd_host_browser(r):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        r.skip("httpd-host/page renders in headless Chromium", "chromium not installed")
        return
    www = os.path.join(T.UK_ROOT, "apps", "httpd", "www")
    s = Server(build(), "httpd-host-browser", ["--root", www])
    shot = os.path.join(T.TEST_BUILD, "logs", "httpd-host-screenshot.png")
    try:
        if not r.record("httpd-host/serves apps/httpd/www", s.port is not None, s.errors()):
            return
        if os.path.exists(shot):
            os.unlink(shot)
        common = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                  "--no-proxy-server", "--window-size=900,900", "--hide-scrollbars",
                  "--user-data-dir=" + os.path.join(WORK, "chromium")]
        p = subprocess.run(common + ["--screenshot=" + shot, s.url + "/"],
                           capture_output=True, timeout=120, start_new_session=True)
        with open(shot, "rb") if os.path.exists(shot) else open(os.devnull, "rb") as f:
            png = f.read()
        r.record("httpd-host/screenshot of the page (%d bytes, %s)" % (len(png), shot),
                 png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000,
                 p.stderr.decode("utf-8", "replace")[-1500:])
        p = subprocess.run(common + ["--dump-dom", s.url + "/"], capture_output=True,
                           timeout=120, start_new_session=True)
        dom = p.stdout.decode("utf-8", "replace")
        r.record("httpd-host/rendered page: title, and the script ran",
                 "<title>Unikit httpd: it works</title>" in dom and "page loaded" in dom,
                 dom[-1500:] + p.stderr.decode("utf-8", "replace")[-500:])
        log = s.output()
        r.record("httpd-host/the browser loaded the stylesheet and the images",
                 all(re.search(r" GET %s 200 " % re.escape(x), log)
                     for x in ("/style.css", "/img/logo.png", "/img/logo.svg", "/app.js")),
                 log[-1500:])
    finally:
        s.stop()


def test_httpd_host_sanitizers(r):
    """The suite again, under ASan/UBSan, through the fallback paths."""
    try:
        binary = build(san=True)
    except RuntimeError as e:
        r.record("httpd-host-san/build with SAN=1", False, str(e))
        return
    root = site()
    env = dict(os.environ, ASAN_OPTIONS="abort_on_error=0:detect_leaks=0",
               UBSAN_OPTIONS="print_stacktrace=1")
    s = Server(binary, "httpd-host-san",
               ["--root", root, "--request-timeout", str(REQUEST_TIMEOUT),
                "--max-connections", "200", "--no-sendfile", "--io-buffer", "4096",
                "--cache-inline-max", "0", "--cache-entries", "4",
                "--cache-validity-ms", "0", "--no-access-log", "--stats"], env=env)
    try:
        if not r.record("httpd-host-san/starts", s.port is not None, s.errors()[-2000:]):
            return
        suite.run(s.url, root, r, name="httpd-host-san", request_timeout=REQUEST_TIMEOUT,
                  max_connections=200, stats=True)
        err = s.errors()
        r.record("httpd-host-san/no sanitizer report",
                 "Sanitizer" not in err and "runtime error" not in err, err[-3000:])
    finally:
        s.stop()


def test_httpd_fuzz(r):
    T.run_fuzz(r, "httpd", "parser, paths, ranges, dates",
               os.environ.get("HTTPD_FUZZ_SECONDS", "30"))


if __name__ == "__main__":
    sys.exit(T.main([test_httpd_host_suite, test_httpd_host_stats,
                     test_httpd_host_bad_arguments, test_httpd_host_browser,
                     test_httpd_host_sanitizers, test_httpd_fuzz]))
