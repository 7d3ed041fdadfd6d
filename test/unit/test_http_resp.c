/* apps/httpd: response heads and error pages. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "http_date.h"
#include "http_resp.h"

#define DATE "Sun, 06 Nov 1994 08:49:37 GMT"

static char buf[1024];

static const char *fmt(struct http_head *h, size_t cap)
{
	struct http_buf b;

	hb_init(&b, buf, cap);
	if (!http_head_format(h, &b))
		return NULL;
	buf[b.len] = '\0';
	return buf;
}

START_TEST(ok_head)
{
	struct http_head h;
	const char *ent = "Content-Type: text/plain\r\nETag: \"1\"\r\n";

	memset(&h, 0, sizeof(h));
	h.status = 200;
	h.date = DATE;
	h.entity = ent;
	h.entity_len = strlen(ent);
	h.has_length = true;
	h.length = 1234567890123ULL;
	ck_assert_str_eq(fmt(&h, sizeof(buf)),
			 "HTTP/1.1 200 OK\r\nServer: unikit-httpd\r\n"
			 "Date: " DATE "\r\nContent-Type: text/plain\r\n"
			 "ETag: \"1\"\r\nContent-Length: 1234567890123\r\n\r\n");
}
END_TEST

START_TEST(partial_and_unsatisfiable)
{
	struct http_head h;

	memset(&h, 0, sizeof(h));
	h.status = 206;
	h.date = DATE;
	h.has_length = true;
	h.length = 10;
	h.has_range = true;
	h.first = 90;
	h.last = 99;
	h.total = 100;
	h.conn = HTTP_CONN_CLOSE;
	ck_assert_str_eq(fmt(&h, sizeof(buf)),
			 "HTTP/1.1 206 Partial Content\r\nServer: unikit-httpd\r\n"
			 "Date: " DATE "\r\nContent-Length: 10\r\n"
			 "Content-Range: bytes 90-99/100\r\nConnection: close\r\n\r\n");
	memset(&h, 0, sizeof(h));
	h.status = 416;
	h.date = DATE;
	h.unsatisfiable = true;
	h.total = 0;
	h.conn = HTTP_CONN_KEEP_ALIVE;
	ck_assert_str_eq(fmt(&h, sizeof(buf)),
			 "HTTP/1.1 416 Range Not Satisfiable\r\nServer: unikit-httpd\r\n"
			 "Date: " DATE "\r\nContent-Range: bytes */0\r\n"
			 "Connection: keep-alive\r\n\r\n");
}
END_TEST

START_TEST(redirect_and_extra)
{
	struct http_head h;

	memset(&h, 0, sizeof(h));
	h.status = 301;
	h.date = DATE;
	h.location = "/docs/";
	h.extra = "Allow: GET, HEAD\r\n";
	h.content_type = "text/html";
	ck_assert_str_eq(fmt(&h, sizeof(buf)),
			 "HTTP/1.1 301 Moved Permanently\r\nServer: unikit-httpd\r\n"
			 "Date: " DATE "\r\nContent-Type: text/html\r\n"
			 "Location: /docs/\r\nAllow: GET, HEAD\r\n\r\n");
}
END_TEST

START_TEST(overflow_is_reported)
{
	struct http_head h;

	memset(&h, 0, sizeof(h));
	h.status = 200;
	h.date = DATE;
	/* the smallest head is 78 bytes: status, Server, Date, blank line */
	for (size_t cap = 0; cap < 78; cap++)
		ck_assert_ptr_null(fmt(&h, cap));
	ck_assert_ptr_nonnull(fmt(&h, 78));
	ck_assert_int_eq(strlen(buf), 78);
}
END_TEST

START_TEST(reasons_and_pages)
{
	static const int codes[] = { 400, 403, 404, 405, 408, 413, 414, 416,
				     431, 500, 503, 505, 301 };
	size_t n;
	const char *p;

	ck_assert_str_eq(http_reason(304), "Not Modified");
	ck_assert_str_eq(http_reason(431), "Request Header Fields Too Large");
	ck_assert_str_eq(http_reason(299), "Unknown");
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		char want[64];

		p = http_error_body(codes[i], &n);
		ck_assert_int_eq(n, strlen(p));
		ck_assert_int_lt(n, 256);	/* small bodies */
		snprintf(want, sizeof(want), "<title>%d %s</title>", codes[i],
			 http_reason(codes[i]));
		ck_assert_ptr_nonnull(strstr(p, want));
	}
	p = http_error_body(999, &n);
	ck_assert_ptr_nonnull(strstr(p, "500"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("http_resp");
	TCase *tc = tcase_create("resp");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, ok_head);
	tcase_add_test(tc, partial_and_unsatisfiable);
	tcase_add_test(tc, redirect_and_extra);
	tcase_add_test(tc, overflow_is_reported);
	tcase_add_test(tc, reasons_and_pages);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
