/* apps/httpd: request-target to normalised path, and Location encoding. */
#include <check.h>
#include <string.h>

#include "http_path.h"

static char out[256];

static long norm(const char *t)
{
	return http_path_normalize(t, strlen(t), out, sizeof(out));
}

/* t normalises to want */
#define OK(t, want)                                                        \
	do {                                                               \
		long r_ = norm(t);                                         \
		ck_assert_msg(r_ >= 0, "%s gave %ld", t, r_);              \
		ck_assert_str_eq(out, want);                               \
		ck_assert_int_eq(r_, strlen(want));                        \
	} while (0)

#define ERR(t, code) ck_assert_msg(norm(t) == (code), "%s gave %ld", t, norm(t))

START_TEST(plain_paths)
{
	OK("/", "/");
	OK("/index.html", "/index.html");
	OK("/a/b/c.txt", "/a/b/c.txt");
	OK("/dir/", "/dir/");
	OK("/a//b///c", "/a/b/c");
	OK("//", "/");
}
END_TEST

START_TEST(query_and_fragment_dropped)
{
	OK("/a?x=1&y=/../..", "/a");
	OK("/a/?", "/a/");
	OK("/a#frag", "/a");
	OK("/?q", "/");
}
END_TEST

START_TEST(percent_decoding)
{
	OK("/space%20name.txt", "/space name.txt");
	OK("/%41%62c", "/Abc");
	OK("/%c3%bc", "/\xc3\xbc");
	OK("/a%2Fb", "/a/b");		/* an encoded slash is a slash */
	OK("/a%2f%2fb", "/a/b");
	ERR("/%", -400);
	ERR("/%4", -400);
	ERR("/%zz", -400);
	ERR("/%4g", -400);
	ERR("/a%2", -400);
	ERR("/a%2?x", -400);		/* the escape may not run into the query */
}
END_TEST

START_TEST(dot_segments)
{
	OK("/a/./b", "/a/b");
	OK("/a/b/../c", "/a/c");
	OK("/a/b/..", "/a/");
	OK("/a/b/.", "/a/b/");
	OK("/a/..", "/");
	OK("/.", "/");
	OK("/a/%2e%2e/b", "/b");		/* encoded dots, inside the root */
	OK("/a/.%2E/b", "/b");
	OK("/a/%2e/b", "/a/b");
	OK("/...", "/...");		/* three dots is a name */
	OK("/..a", "/..a");
	OK("/a..", "/a..");
}
END_TEST

START_TEST(traversal_refused)
{
	ERR("/..", -403);
	ERR("/../etc/passwd", -403);
	ERR("/a/../../etc/passwd", -403);
	ERR("/%2e%2e/etc/passwd", -403);
	ERR("/%2E%2E/%2E%2E/etc/passwd", -403);
	ERR("/.%2e/x", -403);
	ERR("/..%2f..%2fetc/passwd", -403);
	ERR("/a/b/../../../x", -403);
	ERR("/%2e%2e%2f", -403);
	ERR("/./../x", -403);
}
END_TEST

START_TEST(nul_and_backslash_refused)
{
	ERR("/a%00.html", -403);
	ERR("/index.html%00.txt", -403);
	ERR("/a\\..\\..\\x", -403);
	ERR("/a%5c..%5cx", -403);
	ERR("/a%5C", -403);
}
END_TEST

START_TEST(target_forms)
{
	OK("http://example.com/a/b", "/a/b");
	OK("HTTP://example.com:8080/a?x", "/a");
	OK("https://example.com", "/");
	OK("http://example.com?q", "/");
	ERR("*", -400);
	ERR("example.com:443", -400);
	ERR("a/b", -400);
	ERR("ftp://x/y", -400);
	ck_assert_int_eq(http_path_normalize("", 0, out, sizeof(out)), -400);
}
END_TEST

START_TEST(output_limit)
{
	char small[8];

	ck_assert_int_eq(http_path_normalize("/abcdef", 7, small, sizeof(small)), 7);
	ck_assert_str_eq(small, "/abcdef");
	ck_assert_int_eq(http_path_normalize("/abcdefg", 8, small, sizeof(small)), -414);
	ck_assert_int_eq(http_path_normalize("/abcdef/", 8, small, sizeof(small)), -414);
	/* decoding shrinks: %41 is one byte */
	ck_assert_int_eq(http_path_normalize("/%41%41%41%41%41%41", 19, small,
					     sizeof(small)), 7);
}
END_TEST

START_TEST(encode_for_location)
{
	char e[64];

	ck_assert_int_eq(http_path_encode("/a b/c", 6, e, sizeof(e)), 8);
	ck_assert_str_eq(e, "/a%20b/c");
	ck_assert_int_gt(http_path_encode("/\xc3\xbc?#%\r\n\"<>", 11, e, sizeof(e)), 0);
	ck_assert_str_eq(e, "/%C3%BC%3F%23%25%0D%0A%22%3C%3E");
	ck_assert_int_gt(http_path_encode("/a-b_c.d~e!$&'()*+,;=:@", 23, e, sizeof(e)), 0);
	ck_assert_str_eq(e, "/a-b_c.d~e!$&'()*+,;=:@");
	ck_assert_int_eq(http_path_encode("/abc", 4, e, 4), -1);
	ck_assert_int_eq(http_path_encode("/abc", 4, e, 5), 4);
	ck_assert_int_eq(http_path_encode("/ ", 2, e, 4), -1);
	/* round trip */
	ck_assert_int_gt(http_path_encode("/x y/\xe2\x82\xac", 8, e, sizeof(e)), 0);
	ck_assert_int_ge(http_path_normalize(e, strlen(e), out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/x y/\xe2\x82\xac");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("http_path");
	TCase *tc = tcase_create("path");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, plain_paths);
	tcase_add_test(tc, query_and_fragment_dropped);
	tcase_add_test(tc, percent_decoding);
	tcase_add_test(tc, dot_segments);
	tcase_add_test(tc, traversal_refused);
	tcase_add_test(tc, nul_and_backslash_refused);
	tcase_add_test(tc, target_forms);
	tcase_add_test(tc, output_limit);
	tcase_add_test(tc, encode_for_location);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
