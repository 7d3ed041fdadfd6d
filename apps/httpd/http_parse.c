/*
 * HTTP/1.x request head parser.  See http_parse.h for the contract.
 *
 * Strict where laxness enables request smuggling or header injection
 * (whitespace before the colon, obs-fold, bare CR, Content-Length together
 * with Transfer-Encoding, conflicting lengths, duplicate Host), lenient
 * where RFC 9112 allows it (bare LF line ends, empty lines before the
 * request line).
 */
#include <string.h>

#include "http_parse.h"

/* tchar from RFC 9110 section 5.6.2. */
static bool is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case '!': case '#': case '$': case '%': case '&': case '\'':
	case '*': case '+': case '-': case '.': case '^': case '_':
	case '`': case '|': case '~':
		return true;
	}
	return false;
}

/*
 * Bytes allowed in a request-target: visible ASCII, plus bytes >= 0x80
 * because real clients send raw UTF-8; never space, controls or DEL.
 */
static bool is_target_char(unsigned char c)
{
	return c > 0x20 && c != 0x7f;
}

/* field-vchar, SP and HTAB (RFC 9110 section 5.5). */
static bool is_value_char(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

bool http_str_ieq(const char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!lit[i] || lower(s[i]) != lower(lit[i]))
			return false;
	}
	return lit[n] == '\0';
}

bool http_list_has(struct http_str v, const char *tok)
{
	size_t i = 0, s, e;

	while (i < v.n) {
		while (i < v.n && (v.p[i] == ' ' || v.p[i] == '\t' ||
				   v.p[i] == ','))
			i++;
		s = i;
		while (i < v.n && v.p[i] != ',')
			i++;
		e = i;
		while (e > s && (v.p[e - 1] == ' ' || v.p[e - 1] == '\t'))
			e--;
		if (e > s && http_str_ieq(v.p + s, e - s, tok))
			return true;
	}
	return false;
}

/*
 * The request line p[0..n), without its LF (a CR before it is still
 * there).  With complete false, p is a prefix of a line: returns -400 as
 * soon as that prefix cannot start a valid line, 0 otherwise.
 */
static long parse_request_line(const char *p, size_t n, bool complete,
			       struct http_request *req)
{
	static const char pat[] = "HTTP/#.#\r";	/* '#': a digit */
	size_t i = 0, m, k, rest;

	while (i < n && is_tchar(p[i]))
		i++;
	if (i == n)
		return complete ? -400 : 0;
	if (i == 0 || p[i] != ' ')
		return -400;
	req->method_name.p = p;
	req->method_name.n = i;
	i++;
	m = i;
	while (i < n && is_target_char(p[i]))
		i++;
	if (i == n)
		return complete ? -400 : 0;
	if (i == m || p[i] != ' ')
		return -400;
	req->target.p = p + m;
	req->target.n = i - m;
	i++;

	rest = n - i;
	if (rest > 9)
		return -400;
	for (k = 0; k < rest; k++) {
		unsigned char c = p[i + k];

		if (pat[k] == '#' ? !(c >= '0' && c <= '9') : c != pat[k])
			return -400;
	}
	if (!complete)
		return 0;
	if (rest < 8)
		return -400;
	if (p[i + 5] != '1')
		return -505;
	req->minor = p[i + 7] == '0' ? 0 : 1;	/* 1.2+ is served as 1.1 */

	if (req->method_name.n == 3 && !memcmp(p, "GET", 3))
		req->method = HTTP_GET;
	else if (req->method_name.n == 4 && !memcmp(p, "HEAD", 4))
		req->method = HTTP_HEAD;
	else
		req->method = HTTP_OTHER;
	return 0;
}

/* A Content-Length value: one number, or a list of equal numbers. */
static int parse_content_length(const char *v, size_t n, uint64_t *out)
{
	size_t i = 0;
	bool have = false;
	uint64_t first = 0;

	for (;;) {
		uint64_t x = 0;
		size_t digits = 0;

		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
		while (i < n && v[i] >= '0' && v[i] <= '9') {
			if (x > (UINT64_MAX - 9) / 10)
				x = UINT64_MAX;	/* saturate: too large anyway */
			else
				x = x * 10 + (uint64_t)(v[i] - '0');
			i++;
			digits++;
		}
		if (!digits)
			return -1;
		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
		if (have && x != first)
			return -1;
		first = x;
		have = true;
		if (i == n)
			break;
		if (v[i] != ',')
			return -1;
		i++;
	}
	*out = first;
	return 0;
}

struct parse_state {
	bool has_host;
	bool conn_close;
	bool conn_keep_alive;
};

static void set_once(struct http_str *dst, const char *v, size_t n)
{
	if (!dst->p) {
		dst->p = v;
		dst->n = n;
	}
}

/* One header field line p[0..n), line terminator removed. */
static long parse_field(const char *p, size_t n, struct http_request *req,
			struct parse_state *st)
{
	size_t i = 0, v, e;
	uint64_t cl;

	/* obs-fold (a line starting with whitespace) is rejected (9112 5.2) */
	while (i < n && is_tchar(p[i]))
		i++;
	if (i == 0 || i == n || p[i] != ':')
		return -400;
	v = i + 1;
	while (v < n && (p[v] == ' ' || p[v] == '\t'))
		v++;
	e = n;
	while (e > v && (p[e - 1] == ' ' || p[e - 1] == '\t'))
		e--;
	for (size_t k = v; k < e; k++) {
		if (!is_value_char(p[k]))
			return -400;
	}

	switch (i) {
	case 4:
		if (http_str_ieq(p, i, "host")) {
			if (st->has_host)
				return -400;	/* 9112 3.2: exactly one */
			st->has_host = true;
			req->host.p = p + v;
			req->host.n = e - v;
		}
		break;
	case 5:
		if (http_str_ieq(p, i, "range")) {
			if (req->range.p)
				req->range_repeated = true;
			set_once(&req->range, p + v, e - v);
		}
		break;
	case 6:
		if (http_str_ieq(p, i, "accept"))
			set_once(&req->accept, p + v, e - v);
		break;
	case 8:
		if (http_str_ieq(p, i, "if-range"))
			set_once(&req->if_range, p + v, e - v);
		break;
	case 10:
		if (http_str_ieq(p, i, "connection")) {
			struct http_str s = { p + v, e - v };

			if (http_list_has(s, "close"))
				st->conn_close = true;
			if (http_list_has(s, "keep-alive"))
				st->conn_keep_alive = true;
		}
		break;
	case 13:
		if (http_str_ieq(p, i, "if-none-match"))
			set_once(&req->if_none_match, p + v, e - v);
		break;
	case 14:
		if (http_str_ieq(p, i, "content-length")) {
			if (parse_content_length(p + v, e - v, &cl))
				return -400;
			if (req->has_content_length && cl != req->content_length)
				return -400;
			req->has_content_length = true;
			req->content_length = cl;
		}
		break;
	case 17:
		if (http_str_ieq(p, i, "if-modified-since"))
			set_once(&req->if_modified_since, p + v, e - v);
		else if (http_str_ieq(p, i, "transfer-encoding"))
			req->has_transfer_encoding = true;
		break;
	}
	return 0;
}

long http_parse_request(const char *buf, size_t len,
			const struct http_limits *lim, struct http_request *req)
{
	struct parse_state st = { false, false, false };
	size_t i = 0, ls, ll, next;
	const char *nl;
	long r;

	memset(req, 0, sizeof(*req));

	/* 9112 2.2: ignore at least one empty line before the request line */
	while (i < len) {
		if (buf[i] == '\n') {
			i++;
		} else if (buf[i] == '\r') {
			if (i + 1 == len)
				return 0;
			if (buf[i + 1] != '\n')
				return -400;
			i += 2;
		} else {
			break;
		}
		if (i >= lim->max_header_bytes)
			return -400;
	}
	if (i == len)
		return 0;

	ls = i;
	nl = memchr(buf + ls, '\n', len - ls);
	if (!nl) {
		r = parse_request_line(buf + ls, len - ls, false, req);
		if (r)
			return r;
		if (len - ls >= lim->max_request_line)
			return -414;
		if (len >= lim->max_header_bytes)
			return -431;
		return 0;
	}
	ll = (size_t)(nl - (buf + ls));
	if (ll + 1 > lim->max_request_line) {
		/* say 400 rather than 414 for a line that is garbage anyway */
		r = parse_request_line(buf + ls, ll, false, req);
		return r ? r : -414;
	}
	r = parse_request_line(buf + ls, ll, true, req);
	if (r)
		return r;

	i = ls + ll + 1;
	for (;;) {
		nl = i < len ? memchr(buf + i, '\n', len - i) : NULL;
		if (!nl) {
			if (len >= lim->max_header_bytes)
				return -431;
			return 0;
		}
		next = (size_t)(nl - buf) + 1;
		if (next > lim->max_header_bytes)
			return -431;
		ll = (size_t)(nl - (buf + i));
		if (ll && buf[i + ll - 1] == '\r')
			ll--;
		if (ll == 0)
			break;
		if (++req->nheaders > lim->max_headers)
			return -431;
		r = parse_field(buf + i, ll, req, &st);
		if (r)
			return r;
		i = next;
	}

	if (req->minor == 1 && !st.has_host)
		return -400;
	if (req->has_transfer_encoding &&
	    (req->has_content_length || req->minor == 0))
		return -400;	/* 9112 6.1 and 6.3: framing we cannot trust */
	if (req->minor == 1)
		req->keep_alive = !st.conn_close;
	else
		req->keep_alive = st.conn_keep_alive && !st.conn_close;
	return (long)next;
}
