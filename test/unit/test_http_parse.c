/* apps/httpd: the HTTP/1.x request head parser. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"

static const struct http_limits lim = { 8192, 16384, 100 };
static struct http_request req;

static long parse(const char *s)
{
	return http_parse_request(s, strlen(s), &lim, &req);
}

static long parse_lim(const char *s, size_t line, size_t head, unsigned int n)
{
	struct http_limits l = { line, head, n };

	return http_parse_request(s, strlen(s), &l, &req);
}

static int streq(struct http_str s, const char *lit)
{
	return s.p && s.n == strlen(lit) && !memcmp(s.p, lit, s.n);
}

START_TEST(simple_get)
{
	const char *r = "GET /index.html HTTP/1.1\r\nHost: example\r\n\r\n";

	ck_assert_int_eq(parse(r), strlen(r));
	ck_assert_int_eq(req.method, HTTP_GET);
	ck_assert(streq(req.target, "/index.html"));
	ck_assert_int_eq(req.minor, 1);
	ck_assert(req.keep_alive);
	ck_assert(streq(req.host, "example"));
	ck_assert_int_eq(req.nheaders, 1);
	ck_assert(!req.has_content_length);
}
END_TEST

START_TEST(head_and_other_methods)
{
	ck_assert_int_gt(parse("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
	ck_assert_int_eq(req.method, HTTP_HEAD);
	ck_assert_int_gt(parse("POST / HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
	ck_assert_int_eq(req.method, HTTP_OTHER);
	ck_assert(streq(req.method_name, "POST"));
	/* methods are case-sensitive: "get" is another (valid) method */
	ck_assert_int_gt(parse("get / HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
	ck_assert_int_eq(req.method, HTTP_OTHER);
	ck_assert_int_gt(parse("M-SEARCH * HTTP/1.1\r\nHost: a\r\n\r\n"), 0);
	ck_assert(streq(req.target, "*"));
}
END_TEST

START_TEST(incomplete_heads)
{
	const char *full = "GET /a HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";
	size_t n = strlen(full);

	/* every proper prefix needs more bytes, and none is an error */
	for (size_t i = 0; i < n; i++) {
		long r = http_parse_request(full, i, &lim, &req);

		ck_assert_msg(r == 0, "prefix %zu gave %ld", i, r);
	}
	ck_assert_int_eq(http_parse_request(full, n, &lim, &req), n);
}
END_TEST

START_TEST(pipelined_requests)
{
	const char *two = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
			  "GET /b HTTP/1.1\r\nHost: x\r\n\r\n";
	long r = parse(two);

	ck_assert_int_eq(r, strlen(two) / 2);
	ck_assert(streq(req.target, "/a"));
	r = http_parse_request(two + r, strlen(two) - r, &lim, &req);
	ck_assert_int_eq(r, strlen(two) / 2);
	ck_assert(streq(req.target, "/b"));
}
END_TEST

START_TEST(bare_lf_and_leading_empty_lines)
{
	const char *r = "\r\n\nGET / HTTP/1.1\nHost: x\n\n";

	ck_assert_int_eq(parse(r), strlen(r));
	ck_assert(streq(req.target, "/"));
	ck_assert(streq(req.host, "x"));
	ck_assert_int_eq(parse("\r\n\r\n"), 0);
}
END_TEST

START_TEST(http10_keep_alive_rules)
{
	ck_assert_int_gt(parse("GET / HTTP/1.0\r\n\r\n"), 0);
	ck_assert_int_eq(req.minor, 0);
	ck_assert(!req.keep_alive);	/* 1.0: close by default; Host optional */
	ck_assert_int_gt(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"), 0);
	ck_assert(req.keep_alive);
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"), 0);
	ck_assert(!req.keep_alive);
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, CLOSE\r\n\r\n"), 0);
	ck_assert(!req.keep_alive);
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n"), 0);
	ck_assert(req.keep_alive);
	/* 1.2 is served as 1.1 */
	ck_assert_int_gt(parse("GET / HTTP/1.2\r\nHost: a\r\n\r\n"), 0);
	ck_assert_int_eq(req.minor, 1);
}
END_TEST

START_TEST(versions)
{
	ck_assert_int_eq(parse("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), -505);
	ck_assert_int_eq(parse("GET / HTTP/0.9\r\n\r\n"), -505);
	ck_assert_int_eq(parse("GET / HTTP/1.10\r\nHost: a\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / http/1.1\r\nHost: a\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / FOO/1.1\r\nHost: a\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET /\r\n\r\n"), -400);	/* HTTP/0.9 form */
}
END_TEST

START_TEST(garbage_request_lines)
{
	static const char *bad[] = {
		"GET  / HTTP/1.1\r\nHost: a\r\n\r\n",	/* two spaces */
		"GET / HTTP/1.1 \r\nHost: a\r\n\r\n",	/* trailing space */
		" GET / HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET\r\n\r\n",
		"GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n",
		"G(T / HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /\x01 HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /\x7f HTTP/1.1\r\nHost: a\r\n\r\n",
		"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",	/* TLS hello */
		"\r\x01",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(parse(bad[i]) == -400, "case %zu", i);
}
END_TEST

START_TEST(garbage_detected_before_the_line_ends)
{
	/* no newline yet, but it can never become a request line */
	ck_assert_int_eq(parse("\x16\x03\x01"), -400);
	ck_assert_int_eq(parse("GET /a\x01"), -400);
	ck_assert_int_eq(parse("GET /a HTTX"), -400);
	ck_assert_int_eq(parse("GET /a HTTP/1.1x"), -400);
	/* a valid prefix waits */
	ck_assert_int_eq(parse("GET /a HTTP/1"), 0);
	ck_assert_int_eq(parse("GET /a HTTP/1.1\r"), 0);
}
END_TEST

START_TEST(header_syntax)
{
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost : a\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\n: empty\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nX: a\x01\r\n\r\n"), -400);
	/* obs-text and tabs in values are fine; whitespace is trimmed */
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: a\r\nX: \xc3\xa9\tb\r\n"
			       "Range: \t bytes=1-2 \t\r\n\r\n"), 0);
	ck_assert(streq(req.range, "bytes=1-2"));
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: a\r\nEmpty:\r\n\r\n"), 0);
}
END_TEST

START_TEST(host_rules)
{
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n"), -400);
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHOST: a:8080\r\n\r\n"), 0);
	ck_assert(streq(req.host, "a:8080"));
}
END_TEST

START_TEST(content_length_and_transfer_encoding)
{
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n"), 0);
	ck_assert(req.has_content_length);
	ck_assert_uint_eq(req.content_length, 12);
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
			       "Content-Length: 5\r\n\r\n"), 0);
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n"), 0);
	ck_assert_uint_eq(req.content_length, 5);
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
			       "Content-Length: 6\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n"), -400);
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: "
			       "99999999999999999999999999\r\n\r\n"), 0);
	ck_assert_uint_eq(req.content_length, UINT64_MAX);
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"), 0);
	ck_assert(req.has_transfer_encoding);
	/* smuggling shapes */
	ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
			       "Content-Length: 3\r\n\r\n"), -400);
	ck_assert_int_eq(parse("GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), -400);
}
END_TEST

START_TEST(known_fields)
{
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nhost: h\r\nif-none-match: \"x\"\r\n"
			       "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
			       "RANGE: bytes=0-\r\nIf-Range: \"x\"\r\nAccept: text/html\r\n\r\n"), 0);
	ck_assert(streq(req.if_none_match, "\"x\""));
	ck_assert(streq(req.if_modified_since, "Sun, 06 Nov 1994 08:49:37 GMT"));
	ck_assert(streq(req.range, "bytes=0-"));
	ck_assert(streq(req.if_range, "\"x\""));
	ck_assert(streq(req.accept, "text/html"));
	ck_assert(!req.range_repeated);
	ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\nRange: bytes=0-1\r\n"
			       "Range: bytes=2-3\r\n\r\n"), 0);
	ck_assert(req.range_repeated);
}
END_TEST

START_TEST(request_line_limit)
{
	size_t n = 20000;
	char *s = malloc(n + 64);

	/* a long URI with no end yet: 414 as soon as the limit is passed */
	strcpy(s, "GET /");
	memset(s + 5, 'a', n);
	s[5 + n] = '\0';
	ck_assert_int_eq(parse_lim(s, 8192, 16384, 100), -414);
	/* complete but too long */
	strcpy(s + 5 + 9000, " HTTP/1.1\r\nHost: a\r\n\r\n");
	ck_assert_int_eq(parse_lim(s, 8192, 65536, 100), -414);
	/* a long line of garbage is 400, not 414 */
	memset(s, '\x01', n);
	s[n] = '\0';
	ck_assert_int_eq(parse_lim(s, 8192, 16384, 100), -400);
	/* just under the limit is fine */
	strcpy(s, "GET /");
	memset(s + 5, 'b', 100);
	strcpy(s + 105, " HTTP/1.1\r\nHost: a\r\n\r\n");
	ck_assert_int_gt(parse_lim(s, 116, 16384, 100), 0);
	ck_assert_int_eq(parse_lim(s, 115, 16384, 100), -414);
	free(s);
}
END_TEST

START_TEST(header_limits)
{
	size_t n = 200000;
	char *s = malloc(n + 64);
	char many[4096] = "GET / HTTP/1.1\r\nHost: a\r\n";

	/* one 200 KB field: 431 before it ends */
	strcpy(s, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: ");
	memset(s + strlen(s), 'x', n);
	s[n] = '\0';
	ck_assert_int_eq(parse(s), -431);
	free(s);
	/* too many fields */
	for (int i = 0; i < 5; i++)
		strcat(many, "X-A: b\r\n");
	strcat(many, "\r\n");
	ck_assert_int_gt(parse_lim(many, 8192, 16384, 6), 0);
	ck_assert_int_eq(parse_lim(many, 8192, 16384, 5), -431);
	/* the head limit counts the blank line too */
	ck_assert_int_eq(parse_lim(many, 8192, strlen(many), 100), strlen(many));
	ck_assert_int_eq(parse_lim(many, 8192, strlen(many) - 1, 100), -431);
}
END_TEST

START_TEST(list_helper)
{
	struct http_str v = { "a, b ,\tKeep-Alive,,", 19 };

	ck_assert(http_list_has(v, "keep-alive"));
	ck_assert(http_list_has(v, "b"));
	ck_assert(!http_list_has(v, "c"));
	ck_assert(!http_list_has(v, "keep"));
	ck_assert(http_str_ieq("HeLLo", 5, "hello"));
	ck_assert(!http_str_ieq("Hell", 4, "hello"));
	ck_assert(!http_str_ieq("Hellox", 6, "hello"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("http_parse");
	TCase *tc = tcase_create("parse");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, simple_get);
	tcase_add_test(tc, head_and_other_methods);
	tcase_add_test(tc, incomplete_heads);
	tcase_add_test(tc, pipelined_requests);
	tcase_add_test(tc, bare_lf_and_leading_empty_lines);
	tcase_add_test(tc, http10_keep_alive_rules);
	tcase_add_test(tc, versions);
	tcase_add_test(tc, garbage_request_lines);
	tcase_add_test(tc, garbage_detected_before_the_line_ends);
	tcase_add_test(tc, header_syntax);
	tcase_add_test(tc, host_rules);
	tcase_add_test(tc, content_length_and_transfer_encoding);
	tcase_add_test(tc, known_fields);
	tcase_add_test(tc, request_line_limit);
	tcase_add_test(tc, header_limits);
	tcase_add_test(tc, list_helper);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
