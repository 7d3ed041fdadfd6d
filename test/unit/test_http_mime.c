/* apps/httpd: Content-Type from the file extension. */
#include <check.h>
#include <string.h>

#include "http_mime.h"

static const char *mime(const char *p)
{
	return http_mime_type(p, strlen(p));
}

START_TEST(required_types)
{
	static const char *t[][2] = {
		{ "/a.html", "text/html; charset=utf-8" },
		{ "/a.css", "text/css; charset=utf-8" },
		{ "/a.js", "text/javascript; charset=utf-8" },
		{ "/a.json", "application/json" },
		{ "/a.svg", "image/svg+xml" },
		{ "/a.png", "image/png" },
		{ "/a.jpg", "image/jpeg" },
		{ "/a.jpeg", "image/jpeg" },
		{ "/a.gif", "image/gif" },
		{ "/a.webp", "image/webp" },
		{ "/a.ico", "image/x-icon" },
		{ "/a.txt", "text/plain; charset=utf-8" },
		{ "/a.wasm", "application/wasm" },
		{ "/a.pdf", "application/pdf" },
		{ "/a.woff2", "font/woff2" },
		{ "/a.xml", "application/xml" },
		{ "/a.mp4", "video/mp4" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_str_eq(mime(t[i][0]), t[i][1]);
}
END_TEST

START_TEST(case_and_shape)
{
	ck_assert_str_eq(mime("/IMG.PNG"), "image/png");
	ck_assert_str_eq(mime("/x/Index.HtMl"), "text/html; charset=utf-8");
	ck_assert_str_eq(mime("/a.tar.gz"), "application/gzip");
	ck_assert_str_eq(mime("/dir.html/file"), "application/octet-stream");
	ck_assert_str_eq(mime("/noext"), "application/octet-stream");
	ck_assert_str_eq(mime("/.html"), "application/octet-stream");
	ck_assert_str_eq(mime("/a/.css"), "application/octet-stream");
	ck_assert_str_eq(mime("/a."), "application/octet-stream");
	ck_assert_str_eq(mime("/a.htmlx"), "application/octet-stream");
	ck_assert_str_eq(mime("/a.htm"), "text/html; charset=utf-8");
	ck_assert_str_eq(mime("/a.xyz"), "application/octet-stream");
	ck_assert_str_eq(mime(""), "application/octet-stream");
	ck_assert_str_eq(mime("png"), "application/octet-stream");
	ck_assert_str_eq(mime("a.png"), "image/png");
	/* only the given length counts */
	ck_assert_str_eq(http_mime_type("/a.pngxyz", 6), "image/png");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("http_mime");
	TCase *tc = tcase_create("mime");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, required_types);
	tcase_add_test(tc, case_and_shape);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
