/*
 * HTTP/1.x request head parser (RFC 9112 sections 2-3, 5-7).
 *
 * Pure: no I/O, no allocation.  The parser reads a byte buffer that may hold
 * a partial request head, a complete one, or a complete one followed by more
 * pipelined bytes, and fills a struct whose strings point into that buffer.
 * It is called again from the start when more bytes arrive; the limits keep
 * that bounded.
 */
#ifndef HTTPD_HTTP_PARSE_H
#define HTTPD_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A string inside the request buffer: not NUL-terminated. */
struct http_str {
	const char *p;
	size_t n;
};

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_OTHER,	/* a valid token we do not implement: 405 */
};

struct http_limits {
	size_t max_request_line;	/* bytes, line terminator included */
	size_t max_header_bytes;	/* whole head: request line to blank line */
	unsigned int max_headers;	/* header field lines */
};

struct http_request {
	enum http_method method;
	struct http_str method_name;
	struct http_str target;		/* raw request-target, undecoded */
	int minor;			/* HTTP/1.<minor>: 0 or 1 */
	bool keep_alive;		/* version default, then Connection */
	bool has_content_length;
	bool has_transfer_encoding;
	uint64_t content_length;	/* UINT64_MAX when it overflows */
	bool range_repeated;		/* two Range fields: ignore both */
	struct http_str host;
	struct http_str if_none_match;
	struct http_str if_modified_since;
	struct http_str range;
	struct http_str if_range;
	struct http_str accept;
	unsigned int nheaders;
};

/*
 * Parses the request head at the start of buf[0..len).
 * Returns the length of the head (> 0, blank line included) when it is
 * complete, 0 when more bytes are needed, or the negated status code of the
 * error to answer: -400 (malformed), -414 (request line too long),
 * -431 (head too large, too many fields), -505 (HTTP major version not 1).
 * After an error the connection's framing is lost: answer and close.
 * Empty lines before the request line are skipped (RFC 9112 section 2.2).
 */
long http_parse_request(const char *buf, size_t len,
			const struct http_limits *lim, struct http_request *req);

/* ASCII case-insensitive comparison of s[0..n) with the C string lit. */
bool http_str_ieq(const char *s, size_t n, const char *lit);

/* True when the comma-separated list v contains token tok (any case). */
bool http_list_has(struct http_str v, const char *tok);

#endif
