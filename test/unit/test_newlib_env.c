/* The boot environment table of lib/newlib (envtab.c): env=NAME=VALUE. */
#include <check.h>
#include <errno.h>
#include <string.h>
#include "envtab.h"

#define MAX 3

static char *tab[MAX + 1];
static char a1[] = "A=1", b2[] = "B=2", a3[] = "A=3", ab4[] = "AB=4";
static char c5[] = "C=5", d6[] = "D=6", empty[] = "E=";

START_TEST(add_and_replace)
{
	memset(tab, 0, sizeof(tab));
	ck_assert_int_eq(uk_envtab_set(tab, MAX, a1), 0);
	ck_assert_int_eq(uk_envtab_set(tab, MAX, b2), 0);
	ck_assert_str_eq(tab[0], "A=1");
	ck_assert_str_eq(tab[1], "B=2");
	ck_assert_ptr_null(tab[2]);
	/* a later setting of the same name wins, in place */
	ck_assert_int_eq(uk_envtab_set(tab, MAX, a3), 0);
	ck_assert_str_eq(tab[0], "A=3");
	ck_assert_ptr_null(tab[2]);
	/* "AB" is another name than "A" */
	ck_assert_int_eq(uk_envtab_set(tab, MAX, ab4), 0);
	ck_assert_str_eq(tab[0], "A=3");
	ck_assert_str_eq(tab[2], "AB=4");
	ck_assert_ptr_null(tab[3]);
}
END_TEST

START_TEST(full_table)
{
	memset(tab, 0, sizeof(tab));
	ck_assert_int_eq(uk_envtab_set(tab, MAX, a1), 0);
	ck_assert_int_eq(uk_envtab_set(tab, MAX, b2), 0);
	ck_assert_int_eq(uk_envtab_set(tab, MAX, c5), 0);
	ck_assert_int_eq(uk_envtab_set(tab, MAX, d6), -ENOSPC);
	ck_assert_ptr_null(tab[MAX]);	/* still terminated */
	/* replacing needs no room */
	ck_assert_int_eq(uk_envtab_set(tab, MAX, a3), 0);
	ck_assert_str_eq(tab[0], "A=3");
}
END_TEST

START_TEST(malformed)
{
	char noeq[] = "NOEQUALS", noname[] = "=value", nothing[] = "";

	memset(tab, 0, sizeof(tab));
	ck_assert_int_eq(uk_envtab_set(tab, MAX, noeq), -EINVAL);
	ck_assert_int_eq(uk_envtab_set(tab, MAX, noname), -EINVAL);
	ck_assert_int_eq(uk_envtab_set(tab, MAX, nothing), -EINVAL);
	ck_assert_ptr_null(tab[0]);
	/* an empty value is a value */
	ck_assert_int_eq(uk_envtab_set(tab, MAX, empty), 0);
	ck_assert_str_eq(tab[0], "E=");
}
END_TEST

START_TEST(no_room_at_all)
{
	char *none[1] = { NULL };

	ck_assert_int_eq(uk_envtab_set(none, 0, a1), -ENOSPC);
	ck_assert_ptr_null(none[0]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("newlib_env");
	TCase *tc = tcase_create("envtab");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, add_and_replace);
	tcase_add_test(tc, full_table);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, no_room_at_all);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
