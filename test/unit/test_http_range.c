/* apps/httpd: byte ranges. */
#include <check.h>
#include <string.h>

#include "http_range.h"

static uint64_t first, last;

static enum http_range_result range(const char *v, uint64_t size)
{
	first = last = 12345;
	return http_range_parse(v, strlen(v), size, &first, &last);
}

#define OK(v, size, f, l)                                                   \
	do {                                                                \
		ck_assert_msg(range(v, size) == HTTP_RANGE_OK, "%s", v);    \
		ck_assert_uint_eq(first, f);                                \
		ck_assert_uint_eq(last, l);                                 \
	} while (0)

START_TEST(normal_ranges)
{
	OK("bytes=0-0", 100, 0, 0);
	OK("bytes=0-99", 100, 0, 99);
	OK("bytes=10-19", 100, 10, 19);
	OK("bytes=99-99", 100, 99, 99);
	OK("BYTES=1-2", 100, 1, 2);		/* the unit is case-insensitive */
	OK("bytes= 1-2 ", 100, 1, 2);
}
END_TEST

START_TEST(clamped_and_open_ended)
{
	OK("bytes=50-", 100, 50, 99);
	OK("bytes=0-", 1, 0, 0);
	OK("bytes=90-200", 100, 90, 99);
	OK("bytes=0-99999999999999999999999999", 100, 0, 99);
}
END_TEST

START_TEST(suffix_ranges)
{
	OK("bytes=-10", 100, 90, 99);
	OK("bytes=-100", 100, 0, 99);
	OK("bytes=-1000", 100, 0, 99);
	OK("bytes=-1", 1, 0, 0);
	OK("bytes=-99999999999999999999999999", 100, 0, 99);
}
END_TEST

START_TEST(unsatisfiable)
{
	ck_assert_int_eq(range("bytes=100-", 100), HTTP_RANGE_UNSATISFIABLE);
	ck_assert_int_eq(range("bytes=100-200", 100), HTTP_RANGE_UNSATISFIABLE);
	ck_assert_int_eq(range("bytes=-0", 100), HTTP_RANGE_UNSATISFIABLE);
	ck_assert_int_eq(range("bytes=0-", 0), HTTP_RANGE_UNSATISFIABLE);
	ck_assert_int_eq(range("bytes=-5", 0), HTTP_RANGE_UNSATISFIABLE);
	ck_assert_int_eq(range("bytes=99999999999999999999999-", 10),
			 HTTP_RANGE_UNSATISFIABLE);
}
END_TEST

START_TEST(ignored)
{
	static const char *v[] = {
		"", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-4",
		"bytes=0-1,3-4", "bytes=0-1, 3-4", "items=0-1", "bytes 0-1",
		"bytes=0--1", "bytes=1-2x", "bytes=+1-2", "bytes=0x10-",
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_msg(range(v[i], 100) == HTTP_RANGE_IGNORE, "'%s'", v[i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("http_range");
	TCase *tc = tcase_create("range");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, normal_ranges);
	tcase_add_test(tc, clamped_and_open_ended);
	tcase_add_test(tc, suffix_ranges);
	tcase_add_test(tc, unsatisfiable);
	tcase_add_test(tc, ignored);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
