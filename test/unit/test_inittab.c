/*
 * Init tables: functions registered with UK_INIT_* in several files run
 * in level order (early, plat, bus, lib, rootfs, sys, late), priority
 * first within a level, whatever the link order.  Linked with the
 * .uk_inittab rule of the images' own linker script.
 */
#include <check.h>
#include <string.h>
#include <uk/init.h>
#include "inittab_log.h"

static char order[256];
static const char *fail_at;

int inittab_log(const char *name)
{
	if (*order)
		strcat(order, " ");
	strcat(order, name);
	return (fail_at && !strcmp(fail_at, name)) ? -5 : 0;
}

START_TEST(runs_in_level_order)
{
	const struct uk_init_entry *failed = NULL;

	order[0] = 0;
	fail_at = NULL;
	ck_assert_int_eq(uk_init_run(__uk_inittab_start, __uk_inittab_end, &failed), 0);
	ck_assert_str_eq(order, "early2 early7 plat bus lib rootfs sys late");
	ck_assert_ptr_null(failed);
}
END_TEST

START_TEST(stops_at_first_failure)
{
	const struct uk_init_entry *failed = NULL;

	order[0] = 0;
	fail_at = "bus";
	ck_assert_int_eq(uk_init_run(__uk_inittab_start, __uk_inittab_end, &failed), -5);
	ck_assert_str_eq(order, "early2 early7 plat bus");
	ck_assert_ptr_nonnull(failed);
	ck_assert_str_eq(failed->name, "bus");
}
END_TEST

START_TEST(table_has_every_entry)
{
	ck_assert_int_eq(__uk_inittab_end - __uk_inittab_start, 8);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("inittab");
	TCase *tc = tcase_create("order");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, runs_in_level_order);
	tcase_add_test(tc, stops_at_first_failure);
	tcase_add_test(tc, table_has_every_entry);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
