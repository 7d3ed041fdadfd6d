/*
 * SipHash-2-4, the keyed hash behind TCP initial sequence numbers
 * (lib/uknet/isn.c), against the reference vectors of its authors'
 * paper (key 00..0f, messages 00, 00 01, ... of every length 0..63).
 */
#include <check.h>
#include <stdint.h>
#include "isn.h"

/* The first eight expected values from the reference implementation's
 * vectors.h (little-endian bytes read as a uint64_t). */
static const uint64_t want[8] = {
	0x726fdb47dd0e0e31ULL, 0x74f839c593dc67fdULL, 0x0d6c8009d9a94f5aULL,
	0x85676696d7fb7e2dULL, 0xcf2794e0277187b7ULL, 0x18765564cd99a68dULL,
	0xcbc9466e58fee3ceULL, 0xab0200f58b01d137ULL,
};

START_TEST(reference_vectors)
{
	uint8_t key[16], msg[64];
	unsigned int i;

	for (i = 0; i < 16; i++)
		key[i] = i;
	for (i = 0; i < 64; i++)
		msg[i] = i;
	for (i = 0; i < 8; i++)
		ck_assert_msg(uk_siphash24(key, msg, i) == want[i],
			      "length %u: %016llx", i,
			      (unsigned long long)uk_siphash24(key, msg, i));
	/* the paper's example: 15 bytes */
	ck_assert(uk_siphash24(key, msg, 15) == 0xa129ca6149be45e5ULL);
}
END_TEST

START_TEST(key_and_data_matter)
{
	uint8_t k1[16] = { 1 }, k2[16] = { 2 };
	uint8_t m[12] = { 10, 0, 2, 15, 10, 0, 2, 2, 0, 80, 0x99, 0x3a };

	ck_assert(uk_siphash24(k1, m, 12) != uk_siphash24(k2, m, 12));
	m[11]++;
	ck_assert(uk_siphash24(k1, m, 12) != uk_siphash24(k1, m - 0, 11));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("uknet_isn");
	TCase *tc = tcase_create("siphash");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, reference_vectors);
	tcase_add_test(tc, key_and_data_matter);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
