/* Command-line splitting and library options (lib/ukboot). */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <uk/cmdline.h>
#include <uk/libparam.h>

static char *w[16];
static int dd;

static int split(const char *in)
{
	static char buf[256];

	strcpy(buf, in);
	return uk_cmdline_split(buf, w, 16, &dd);
}

START_TEST(plain_words)
{
	ck_assert_int_eq(split("  alpha beta\tgamma  "), 3);
	ck_assert_str_eq(w[0], "alpha");
	ck_assert_str_eq(w[1], "beta");
	ck_assert_str_eq(w[2], "gamma");
	ck_assert_int_eq(dd, -1);
}
END_TEST

START_TEST(single_quotes)
{
	ck_assert_int_eq(split("-- alpha 'beta gamma'"), 2);
	ck_assert_int_eq(dd, 0);
	ck_assert_str_eq(w[0], "alpha");
	ck_assert_str_eq(w[1], "beta gamma");
}
END_TEST

START_TEST(double_quotes_and_escapes)
{
	ck_assert_int_eq(split("\"a \\\"b\\\" c\" d\\ e 'x\"y'"), 3);
	ck_assert_str_eq(w[0], "a \"b\" c");
	ck_assert_str_eq(w[1], "d e");
	ck_assert_str_eq(w[2], "x\"y");
}
END_TEST

START_TEST(quotes_inside_word)
{
	ck_assert_int_eq(split("key='a b'c"), 1);
	ck_assert_str_eq(w[0], "key=a bc");
}
END_TEST

START_TEST(empty_quoted_word)
{
	ck_assert_int_eq(split("a '' b"), 3);
	ck_assert_str_eq(w[1], "");
}
END_TEST

START_TEST(dashdash_splits_once)
{
	ck_assert_int_eq(split("vfs.rootfs=9pfs -- -- x"), 3);
	ck_assert_int_eq(dd, 1);
	ck_assert_str_eq(w[0], "vfs.rootfs=9pfs");
	ck_assert_str_eq(w[1], "--");
	ck_assert_str_eq(w[2], "x");
}
END_TEST

START_TEST(quoted_dashdash_is_an_argument)
{
	ck_assert_int_eq(split("'--' x"), 2);
	ck_assert_int_eq(dd, -1);
	ck_assert_str_eq(w[0], "--");
}
END_TEST

START_TEST(unbalanced_quote)
{
	ck_assert_int_eq(split("a 'b c"), -1);
	ck_assert_int_eq(split("a \"b c"), -1);
}
END_TEST

START_TEST(too_many_words)
{
	ck_assert_int_eq(split("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"), -1);
	ck_assert_int_eq(split("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"), 16);
}
END_TEST

START_TEST(empty_line)
{
	ck_assert_int_eq(split(""), 0);
	ck_assert_int_eq(split("   "), 0);
}
END_TEST

/* --- library options ---------------------------------------------------- */
static const char *s_opt;
static long i_opt;
static int b_opt;
static char fn_seen[64];

static int fn_opt(const char *v)
{
	if (!strcmp(v, "bad"))
		return -EINVAL;
	strcpy(fn_seen, v);
	return 0;
}

static const struct uk_libparam params[] = {
	{ "vfs.rootfs", UK_LIBPARAM_T_STR, &s_opt },
	{ "net.mtu", UK_LIBPARAM_T_INT, &i_opt },
	{ "ukboot.boottime", UK_LIBPARAM_T_BOOL, &b_opt },
	{ "vfs.mount", UK_LIBPARAM_T_FN, (void *)fn_opt },
};
#define END (params + sizeof(params) / sizeof(params[0]))

START_TEST(param_lookup)
{
	ck_assert_ptr_eq(uk_libparam_find(params, END, "vfs.rootfs=initrd"), &params[0]);
	ck_assert_ptr_eq(uk_libparam_find(params, END, "vfs.mount=a:b:c"), &params[3]);
	ck_assert_ptr_null(uk_libparam_find(params, END, "vfs.root=x"));
	ck_assert_ptr_null(uk_libparam_find(params, END, "vfs.rootfsx=x"));
	ck_assert_ptr_eq(uk_libparam_find(params, END, "net.mtu"), &params[1]);
}
END_TEST

START_TEST(param_values)
{
	ck_assert_int_eq(uk_libparam_set(&params[0], "initrd"), 0);
	ck_assert_str_eq(s_opt, "initrd");
	ck_assert_int_eq(uk_libparam_set(&params[1], "1500"), 0);
	ck_assert_int_eq(i_opt, 1500);
	ck_assert_int_eq(uk_libparam_set(&params[1], "-0x10"), 0);
	ck_assert_int_eq(i_opt, -16);
	ck_assert_int_eq(uk_libparam_set(&params[1], "12abc"), -EINVAL);
	ck_assert_int_eq(uk_libparam_set(&params[1], ""), -EINVAL);
	ck_assert_int_eq(uk_libparam_set(&params[1], "99999999999999999999999"), -ERANGE);
	ck_assert_int_eq(uk_libparam_set(&params[2], "yes"), 0);
	ck_assert_int_eq(b_opt, 1);
	ck_assert_int_eq(uk_libparam_set(&params[2], "off"), 0);
	ck_assert_int_eq(b_opt, 0);
	ck_assert_int_eq(uk_libparam_set(&params[2], "maybe"), -EINVAL);
	ck_assert_int_eq(uk_libparam_set(&params[3], "fs0:/:9pfs"), 0);
	ck_assert_str_eq(fn_seen, "fs0:/:9pfs");
	ck_assert_int_eq(uk_libparam_set(&params[3], "bad"), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("split");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, plain_words);
	tcase_add_test(tc, single_quotes);
	tcase_add_test(tc, double_quotes_and_escapes);
	tcase_add_test(tc, quotes_inside_word);
	tcase_add_test(tc, empty_quoted_word);
	tcase_add_test(tc, dashdash_splits_once);
	tcase_add_test(tc, quoted_dashdash_is_an_argument);
	tcase_add_test(tc, unbalanced_quote);
	tcase_add_test(tc, too_many_words);
	tcase_add_test(tc, empty_line);
	suite_add_tcase(s, tc);
	tc = tcase_create("libparam");
	tcase_add_test(tc, param_lookup);
	tcase_add_test(tc, param_values);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
