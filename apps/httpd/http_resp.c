/*
 * Response heads.  See http_resp.h.  Built with memcpy and a hand-written
 * integer formatter rather than snprintf: this runs once per response.
 */
#include <string.h>

#include "http_date.h"
#include "http_resp.h"

void hb_init(struct http_buf *b, char *p, size_t cap)
{
	b->p = p;
	b->len = 0;
	b->cap = cap;
	b->overflow = false;
}

void hb_put(struct http_buf *b, const char *s, size_t n)
{
	if (b->overflow || n > b->cap - b->len) {
		b->overflow = true;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void hb_puts(struct http_buf *b, const char *s)
{
	hb_put(b, s, strlen(s));
}

void hb_u64(struct http_buf *b, uint64_t v)
{
	char tmp[20];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	hb_put(b, tmp + i, sizeof(tmp) - i);
}

#define LIT(b, s) hb_put((b), (s), sizeof(s) - 1)

static const struct {
	int code;
	const char *reason;
} reasons[] = {
	{ 200, "OK" },
	{ 206, "Partial Content" },
	{ 301, "Moved Permanently" },
	{ 304, "Not Modified" },
	{ 400, "Bad Request" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 408, "Request Timeout" },
	{ 413, "Content Too Large" },
	{ 414, "URI Too Long" },
	{ 416, "Range Not Satisfiable" },
	{ 431, "Request Header Fields Too Large" },
	{ 500, "Internal Server Error" },
	{ 503, "Service Unavailable" },
	{ 505, "HTTP Version Not Supported" },
};

const char *http_reason(int status)
{
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		if (reasons[i].code == status)
			return reasons[i].reason;
	}
	return "Unknown";
}

bool http_head_format(const struct http_head *h, struct http_buf *b)
{
	LIT(b, "HTTP/1.1 ");
	hb_u64(b, (uint64_t)h->status);
	LIT(b, " ");
	hb_puts(b, http_reason(h->status));
	LIT(b, "\r\nServer: " HTTPD_SERVER_NAME "\r\nDate: ");
	hb_put(b, h->date, HTTP_DATE_LEN);
	LIT(b, "\r\n");
	if (h->content_type) {
		LIT(b, "Content-Type: ");
		hb_puts(b, h->content_type);
		LIT(b, "\r\n");
	}
	if (h->entity)
		hb_put(b, h->entity, h->entity_len);
	if (h->has_length) {
		LIT(b, "Content-Length: ");
		hb_u64(b, h->length);
		LIT(b, "\r\n");
	}
	if (h->has_range) {
		LIT(b, "Content-Range: bytes ");
		hb_u64(b, h->first);
		LIT(b, "-");
		hb_u64(b, h->last);
		LIT(b, "/");
		hb_u64(b, h->total);
		LIT(b, "\r\n");
	} else if (h->unsatisfiable) {
		LIT(b, "Content-Range: bytes */");
		hb_u64(b, h->total);
		LIT(b, "\r\n");
	}
	if (h->location) {
		LIT(b, "Location: ");
		hb_puts(b, h->location);
		LIT(b, "\r\n");
	}
	if (h->extra)
		hb_puts(b, h->extra);
	if (h->conn == HTTP_CONN_CLOSE)
		LIT(b, "Connection: close\r\n");
	else if (h->conn == HTTP_CONN_KEEP_ALIVE)
		LIT(b, "Connection: keep-alive\r\n");
	LIT(b, "\r\n");
	return !b->overflow;
}

#define ERROR_PAGE(code, text)                                              \
	"<!DOCTYPE html>\n<html><head><title>" #code " " text                \
	"</title></head>\n<body><h1>" #code " " text "</h1></body></html>\n"

static const struct {
	int code;
	const char *body;
} error_pages[] = {
	{ 301, ERROR_PAGE(301, "Moved Permanently") },
	{ 400, ERROR_PAGE(400, "Bad Request") },
	{ 403, ERROR_PAGE(403, "Forbidden") },
	{ 404, ERROR_PAGE(404, "Not Found") },
	{ 405, ERROR_PAGE(405, "Method Not Allowed") },
	{ 408, ERROR_PAGE(408, "Request Timeout") },
	{ 413, ERROR_PAGE(413, "Content Too Large") },
	{ 414, ERROR_PAGE(414, "URI Too Long") },
	{ 416, ERROR_PAGE(416, "Range Not Satisfiable") },
	{ 431, ERROR_PAGE(431, "Request Header Fields Too Large") },
	{ 500, ERROR_PAGE(500, "Internal Server Error") },
	{ 503, ERROR_PAGE(503, "Service Unavailable") },
	{ 505, ERROR_PAGE(505, "HTTP Version Not Supported") },
};

const char *http_error_body(int status, size_t *len)
{
	for (size_t i = 0; i < sizeof(error_pages) / sizeof(error_pages[0]); i++) {
		if (error_pages[i].code == status) {
			*len = strlen(error_pages[i].body);
			return error_pages[i].body;
		}
	}
	return http_error_body(500, len);
}
