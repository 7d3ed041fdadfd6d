/*
 * Response heads: status lines, header fields, small error bodies.  Pure.
 * A head is built in one caller buffer so it leaves in one write.
 */
#ifndef HTTPD_HTTP_RESP_H
#define HTTPD_HTTP_RESP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTPD_SERVER_NAME "unikit-httpd"

/* An append-only buffer; overflow is sticky and checked once at the end. */
struct http_buf {
	char *p;
	size_t len, cap;
	bool overflow;
};

void hb_init(struct http_buf *b, char *p, size_t cap);
void hb_put(struct http_buf *b, const char *s, size_t n);
void hb_puts(struct http_buf *b, const char *s);
void hb_u64(struct http_buf *b, uint64_t v);

enum http_conn_hdr {
	HTTP_CONN_NONE,		/* HTTP/1.1 persistent: no field needed */
	HTTP_CONN_CLOSE,	/* "Connection: close" */
	HTTP_CONN_KEEP_ALIVE,	/* "Connection: keep-alive" for HTTP/1.0 */
};

struct http_head {
	int status;
	const char *date;		/* HTTP_DATE_LEN characters */
	const char *content_type;	/* or NULL */
	const char *entity;		/* preformatted field lines, or NULL */
	size_t entity_len;
	bool has_length;
	uint64_t length;		/* Content-Length */
	bool has_range;			/* 206: Content-Range first-last/total */
	uint64_t first, last;
	bool unsatisfiable;		/* 416: Content-Range * /total */
	uint64_t total;
	const char *location;		/* 301: already percent-encoded */
	const char *extra;		/* more field lines, CRLF-terminated */
	enum http_conn_hdr conn;
};

/*
 * Appends the status line, Server, Date, the fields described by h and
 * the blank line to b.  Returns false if b overflowed.
 */
bool http_head_format(const struct http_head *h, struct http_buf *b);

/* The reason phrase of status, "Unknown" for codes we never send. */
const char *http_reason(int status);

/* A small static HTML page for an error status; sets *len. */
const char *http_error_body(int status, size_t *len);

#endif
