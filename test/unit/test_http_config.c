/* apps/httpd: defaults and command-line arguments. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

static struct httpd_config c;
static char err[256];

static int parse(int argc, char **argv)
{
	httpd_config_defaults(&c);
	err[0] = '\0';
	return httpd_config_parse(&c, argc, argv, stdout, err, sizeof(err));
}

#define ARGS(...) (sizeof((char *[]){ "httpd", __VA_ARGS__ }) / sizeof(char *)), \
	((char *[]){ "httpd", __VA_ARGS__ })

START_TEST(defaults_are_config_uk)
{
	char *argv[] = { "httpd" };

	ck_assert_int_eq(parse(1, argv), 0);
	ck_assert_uint_eq(c.port, 80);
	ck_assert_str_eq(c.root, "/");
	ck_assert_str_eq(c.bind, "0.0.0.0");
	ck_assert(!c.stats);
	ck_assert_uint_eq(c.max_connections, 1024);
	ck_assert_uint_eq(c.request_timeout_ms, 10000);
	ck_assert_uint_eq(c.limits.max_request_line, 8192);
	ck_assert_uint_eq(c.limits.max_header_bytes, 16384);
	ck_assert_uint_eq(c.limits.max_headers, 100);
	ck_assert_uint_eq(c.io_buffer, 65536);
}
END_TEST

START_TEST(values_and_flags)
{
	ck_assert_int_eq(parse(ARGS("--port", "8080", "--root=/srv/www", "--stats",
				    "--no-access-log", "--request-timeout", "3",
				    "--max-connections=5000", "--max-body", "0",
				    "--cache-inline-total", "1048576", "--no-sendfile")), 0);
	ck_assert_uint_eq(c.port, 8080);
	ck_assert_str_eq(c.root, "/srv/www");
	ck_assert(c.stats);
	ck_assert(!c.access_log);
	ck_assert(!c.sendfile);
	ck_assert_uint_eq(c.request_timeout_ms, 3000);
	ck_assert_uint_eq(c.max_connections, 5000);
	ck_assert_uint_eq(c.max_body, 0);
	ck_assert_uint_eq(c.cache_inline_total, 1048576);
	ck_assert_int_eq(parse(ARGS("--port", "0")), 0);
	ck_assert_uint_eq(c.port, 0);
}
END_TEST

START_TEST(errors_have_messages)
{
	ck_assert_int_eq(parse(ARGS("--port", "65536")), -1);
	ck_assert_ptr_nonnull(strstr(err, "--port"));
	ck_assert_int_eq(parse(ARGS("--port", "12ab")), -1);
	ck_assert_int_eq(parse(ARGS("--port", "-1")), -1);
	ck_assert_int_eq(parse(ARGS("--port", "")), -1);
	ck_assert_int_eq(parse(ARGS("--port")), -1);
	ck_assert_ptr_nonnull(strstr(err, "needs a value"));
	ck_assert_int_eq(parse(ARGS("--max-connections", "0")), -1);
	ck_assert_int_eq(parse(ARGS("--max-header-bytes", "10")), -1);
	ck_assert_int_eq(parse(ARGS("--stats=1")), -1);
	ck_assert_int_eq(parse(ARGS("--root=")), -1);
	ck_assert_int_eq(parse(ARGS("--nope")), -1);
	ck_assert_ptr_nonnull(strstr(err, "--nope"));
	ck_assert_int_eq(parse(ARGS("stray")), -1);
	ck_assert_int_eq(parse(ARGS("--request-timeout", "99999999999999999999")), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("http_config");
	TCase *tc = tcase_create("config");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, defaults_are_config_uk);
	tcase_add_test(tc, values_and_flags);
	tcase_add_test(tc, errors_have_messages);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
