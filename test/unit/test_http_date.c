/* apps/httpd: HTTP-date formatting and parsing. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_date.h"

static int64_t parse(const char *s)
{
	int64_t t = -1;

	ck_assert_msg(http_date_parse(s, strlen(s), &t) == 0, "'%s'", s);
	return t;
}

START_TEST(format_known_dates)
{
	char b[HTTP_DATE_LEN + 1];

	http_date_format(0, b);
	ck_assert_str_eq(b, "Thu, 01 Jan 1970 00:00:00 GMT");
	http_date_format(784111777, b);
	ck_assert_str_eq(b, "Sun, 06 Nov 1994 08:49:37 GMT");
	http_date_format(951782400, b);		/* a leap day */
	ck_assert_str_eq(b, "Tue, 29 Feb 2000 00:00:00 GMT");
	http_date_format(4102444799LL, b);
	ck_assert_str_eq(b, "Thu, 31 Dec 2099 23:59:59 GMT");
	http_date_format(-5, b);			/* clamped */
	ck_assert_str_eq(b, "Thu, 01 Jan 1970 00:00:00 GMT");
	ck_assert_int_eq(strlen(b), HTTP_DATE_LEN);
}
END_TEST

START_TEST(format_matches_libc)
{
	char b[HTTP_DATE_LEN + 1], w[64];

	/* a spread of times over 1970..2100 against gmtime+strftime("C") */
	for (int64_t t = 0; t < 4102444800LL; t += 86400LL * 37 + 3601 * 7 + 13) {
		time_t tt = (time_t)t;
		struct tm tm;

		gmtime_r(&tt, &tm);
		strftime(w, sizeof(w), "%a, %d %b %Y %H:%M:%S GMT", &tm);
		http_date_format(t, b);
		ck_assert_str_eq(b, w);
		ck_assert_int_eq(parse(b), t);
	}
}
END_TEST

START_TEST(three_formats)
{
	ck_assert_int_eq(parse("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
	ck_assert_int_eq(parse("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
	ck_assert_int_eq(parse("Sun Nov  6 08:49:37 1994"), 784111777);
	ck_assert_int_eq(parse("Sun Nov 16 08:49:37 1994"), 784111777 + 10 * 86400);
	ck_assert_int_eq(parse("Thursday, 01-Jan-70 00:00:00 GMT"), 0);
	ck_assert_int_eq(parse("Tuesday, 01-Jan-30 00:00:00 GMT"), 1893456000);
	/* the day name is not checked against the date */
	ck_assert_int_eq(parse("Mon, 06 Nov 1994 08:49:37 GMT"), 784111777);
	ck_assert_int_eq(parse("Sun, 06 nov 1994 08:49:37 GMT"), 784111777);
}
END_TEST

START_TEST(invalid_dates)
{
	static const char *bad[] = {
		"", "Sun", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC",
		"Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
		"Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
		"Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
		"Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
		" Sun, 06 Nov 1994 08:49:37 GMT", "Sun Nov 6 08:49:37 1994",
		"Sun Nov  6 08:49:37 94", "Sunday, 06-Nov-1994 08:49:37 GMT",
		"Sun, 06 Nov 1969 08:49:37 GMT", "Sun,06 Nov 1994 08:49:37 GMT",
		"1994-11-06T08:49:37Z", "Sun, 06 Nov 1994 08:49:3x GMT",
	};
	int64_t t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(http_date_parse(bad[i], strlen(bad[i]), &t) == -1,
			      "'%s' accepted", bad[i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("http_date");
	TCase *tc = tcase_create("date");
	SRunner *sr;
	int failed;

	setenv("TZ", "Asia/Kolkata", 1);	/* no effect allowed */
	tzset();
	tcase_add_test(tc, format_known_dates);
	tcase_add_test(tc, format_matches_libc);
	tcase_add_test(tc, three_formats);
	tcase_add_test(tc, invalid_dates);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
