/* The network options of the command line (lib/uknet/netparam.c). */
#include <check.h>
#include <errno.h>
#include <string.h>
#include "netparam.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static int ip4(const char *s, uint32_t *a)
{
	return uk_net_parse_ip4(s, strlen(s), a);
}

START_TEST(dotted_quads)
{
	uint32_t a;

	ck_assert_int_eq(ip4("10.0.2.15", &a), 0);
	ck_assert_uint_eq(a, IP(10, 0, 2, 15));
	ck_assert_int_eq(ip4("255.255.255.255", &a), 0);
	ck_assert_uint_eq(a, 0xffffffffu);
	ck_assert_int_eq(ip4("0.0.0.0", &a), 0);
	ck_assert_uint_eq(a, 0);
	ck_assert_int_eq(uk_net_parse_ip4("1.2.3.4/24", 7, &a), 0);
	ck_assert_uint_eq(a, IP(1, 2, 3, 4));
}
END_TEST

START_TEST(bad_quads)
{
	static const char *bad[] = {
		"", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ",
		" 1.2.3.4", "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.0004",
		"1.2.3.-4", "+1.2.3.4", "a.b.c.d", "0x1.2.3.4", "1.2.3.4x",
		"99999999999.1.1.1",
	};
	unsigned int i;
	uint32_t a = 42;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(ip4(bad[i], &a) == -EINVAL, "accepted '%s'",
			      bad[i]);
		ck_assert_uint_eq(a, 42);
	}
}
END_TEST

START_TEST(aton_forms)
{
	uint32_t a;

	ck_assert_int_eq(uk_net_parse_aton("127.0.0.1", &a), 0);
	ck_assert_uint_eq(a, IP(127, 0, 0, 1));
	ck_assert_int_eq(uk_net_parse_aton("127.1", &a), 0);
	ck_assert_uint_eq(a, IP(127, 0, 0, 1));
	ck_assert_int_eq(uk_net_parse_aton("10.1.256", &a), 0);
	ck_assert_uint_eq(a, IP(10, 1, 1, 0));
	ck_assert_int_eq(uk_net_parse_aton("0x7f.0.0.010", &a), 0);
	ck_assert_uint_eq(a, IP(127, 0, 0, 8));
	ck_assert_int_eq(uk_net_parse_aton("4294967295", &a), 0);
	ck_assert_uint_eq(a, 0xffffffffu);
	ck_assert_int_eq(uk_net_parse_aton("1.2.3.4 trailing", &a), 0);
	ck_assert_int_eq(uk_net_parse_aton("1.2.3.256", &a), -EINVAL);
	ck_assert_int_eq(uk_net_parse_aton("1.2.3.4.5", &a), -EINVAL);
	ck_assert_int_eq(uk_net_parse_aton("08.1.1.1", &a), -EINVAL);
	ck_assert_int_eq(uk_net_parse_aton("0x", &a), -EINVAL);
	ck_assert_int_eq(uk_net_parse_aton("4294967296", &a), -EINVAL);
	ck_assert_int_eq(uk_net_parse_aton("1.2.3.4x", &a), -EINVAL);
	ck_assert_int_eq(uk_net_parse_aton("", &a), -EINVAL);
	ck_assert_int_eq(uk_net_parse_aton("1.", &a), -EINVAL);
}
END_TEST

START_TEST(ipcfg_good)
{
	struct uk_net_ipcfg c;
	const char *why;

	ck_assert_int_eq(uk_net_parse_ipcfg("10.0.0.2/24:10.0.0.1", &c, &why), 0);
	ck_assert_uint_eq(c.addr, IP(10, 0, 0, 2));
	ck_assert_uint_eq(c.mask, IP(255, 255, 255, 0));
	ck_assert_uint_eq(c.gw, IP(10, 0, 0, 1));
	ck_assert_uint_eq(c.prefix, 24);
	ck_assert_ptr_null(why);
	ck_assert_int_eq(uk_net_parse_ipcfg("192.168.1.77/16", &c, &why), 0);
	ck_assert_uint_eq(c.mask, IP(255, 255, 0, 0));
	ck_assert_uint_eq(c.gw, 0);
	ck_assert_int_eq(uk_net_parse_ipcfg("172.16.5.5/32", &c, &why), 0);
	ck_assert_uint_eq(c.mask, 0xffffffffu);
	ck_assert_int_eq(uk_net_parse_ipcfg("10.0.0.1/31:10.0.0.0", &c, &why), 0);
	ck_assert_uint_eq(c.gw, IP(10, 0, 0, 0));
}
END_TEST

START_TEST(ipcfg_bad)
{
	static const char *bad[] = {
		"10.0.0.2", "10.0.0.2/", "10.0.0.2/33", "10.0.0.2/24:",
		"10.0.0.2/24:10.0.1.1",		/* gateway off the subnet */
		"10.0.0.2/24:10.0.0.2",		/* gateway is us */
		"10.0.0.0/24", "10.0.0.255/24",	/* network, broadcast */
		"0.0.0.0/8", "224.0.0.5/24", "255.255.255.255/32",
		"10.0.0.2/24:10.0.0.1:x", "10.0.0.2/024", "10.0.0.2/2a",
		"10.0.0.2/24 ", "/24", "10.0.0.2/-1", "dhcp",
	};
	struct uk_net_ipcfg c;
	const char *why;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		ck_assert_msg(uk_net_parse_ipcfg(bad[i], &c, &why) == -EINVAL,
			      "accepted '%s'", bad[i]);
		ck_assert_ptr_nonnull(why);
	}
	ck_assert_int_eq(uk_net_parse_ipcfg(NULL, &c, &why), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("uknet_param");
	TCase *tc = tcase_create("addresses");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, dotted_quads);
	tcase_add_test(tc, bad_quads);
	tcase_add_test(tc, aton_forms);
	suite_add_tcase(s, tc);
	tc = tcase_create("netdev_ip");
	tcase_add_test(tc, ipcfg_good);
	tcase_add_test(tc, ipcfg_bad);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
