/*
 * The kernel formatter (lib/ukdebug/format.c) against the host C
 * library's snprintf, conversion by conversion.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <uk/print.h>

static void same(const char *fmt, ...)
{
	char ours[256], theirs[256];
	va_list ap, ap2;
	int n1, n2;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n1 = uk_vsnprintf(ours, sizeof(ours), fmt, ap);
	n2 = vsnprintf(theirs, sizeof(theirs), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	ck_assert_msg(!strcmp(ours, theirs), "format \"%s\": got \"%s\", want \"%s\"",
		      fmt, ours, theirs);
	ck_assert_int_eq(n1, n2);
}

START_TEST(integers)
{
	same("%d %i %u", -42, 17, 4000000000u);
	same("%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42);
	same("%x %X %#x %#X %o %#o", 0xbeef, 0xbeef, 0xbeef, 0, 8, 8);
	/* the prefix depends on the value, not on its last digit */
	same("%#x %#lx %#X %#x", 0x10, 0x25b000UL, 0xA0, 0);
	same("%ld %lu %lx", -1L, (unsigned long)-1, 0x123456789abcdefUL);
	same("%lld %llu", -9223372036854775807LL - 1, 18446744073709551615ULL);
	same("%zu %zd %td %jd", (size_t)12, (ssize_t)-3, (ptrdiff_t)-4, (intmax_t)5);
	same("%hd %hu %hhd %hhu", 70000, 70000, 300, 300);
	same("%.3d|%8.3d|%-8.3d|%.0d|%.0x", 7, 7, 7, 0, 0);
	same("%*d|%-*d|%.*d", 6, 1, 6, 1, 4, 1);
	same("%#08x|%08X|%-#10o", 255, 255, 8);
}
END_TEST

START_TEST(strings_and_chars)
{
	same("%s|%10s|%-10s|%.2s|%c|%3c|%-3c|%%", "abc", "abc", "abc", "abc",
	     'x', 'y', 'z');
	same("%.*s", 3, "abcdef");
	same("");
	same("no conversions");
}
END_TEST

START_TEST(pointers)
{
	same("%p", (void *)0x1234);
}
END_TEST

START_TEST(truncation)
{
	char buf[8];

	ck_assert_int_eq(uk_snprintf(buf, sizeof(buf), "%s", "abcdefghij"), 10);
	ck_assert_str_eq(buf, "abcdefg");
	ck_assert_int_eq(uk_snprintf(buf, 1, "%d", 12345), 5);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(uk_snprintf(NULL, 0, "%d", 12345), 5);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("format");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, integers);
	tcase_add_test(tc, strings_and_chars);
	tcase_add_test(tc, pointers);
	tcase_add_test(tc, truncation);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
