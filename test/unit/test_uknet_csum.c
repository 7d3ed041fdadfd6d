/*
 * Checksum offload preparation (lib/uknet/csum.c): what the glue writes
 * into an outgoing frame, plus what a virtio device then adds, must give
 * the checksum a full software computation gives.
 */
#include <check.h>
#include <string.h>
#include "csum.h"

static uint8_t frame[2048];

/* An Ethernet + IPv4 (ihl words) + TCP frame with payload bytes. */
static uint32_t make_tcp(unsigned int ihl, uint32_t payload)
{
	uint32_t iplen = ihl * 4 + 20 + payload, i;
	uint8_t *ip = frame + 14, *tcp;

	memset(frame, 0, sizeof(frame));
	frame[12] = 0x08;
	ip[0] = (uint8_t)(0x40 | ihl);
	ip[2] = (uint8_t)(iplen >> 8);
	ip[3] = (uint8_t)iplen;
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, "\x0a\x00\x02\x0f\xc0\xa8\x01\x63", 8);
	tcp = ip + ihl * 4;
	tcp[0] = 0x1e;
	tcp[1] = 0x61;
	tcp[2] = 0xc3;
	tcp[3] = 0x50;
	tcp[12] = 0x50;
	tcp[13] = 0x18;
	for (i = 0; i < payload; i++)
		tcp[20 + i] = (uint8_t)(i * 31 + 7);
	return 14 + iplen;
}

/* The TCP checksum as RFC 793 defines it, computed independently. */
static uint16_t reference(uint32_t len)
{
	uint8_t *ip = frame + 14;
	unsigned int ihl = (ip[0] & 0xf) * 4;
	uint32_t tcplen = len - 14 - ihl, sum = 0, i;
	uint8_t *tcp = ip + ihl;
	uint8_t saved[2] = { tcp[16], tcp[17] };

	tcp[16] = tcp[17] = 0;
	for (i = 0; i < 8; i += 2)
		sum += (uint32_t)ip[12 + i] << 8 | ip[13 + i];
	sum += 6 + tcplen;
	for (i = 0; i < tcplen; i++)
		sum += i & 1 ? tcp[i] : (uint32_t)tcp[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	tcp[16] = saved[0];
	tcp[17] = saved[1];
	return (uint16_t)~sum;
}

/* What a device does with NEEDS_CSUM: sum from csum_start to the end
 * (the field holding the pseudo-header sum), store the complement. */
static uint16_t device_finish(uint32_t len, const struct uk_netdev_txmeta *m)
{
	uint16_t s = uk_net_csum_add(0, frame + m->csum_start,
				     len - m->csum_start);

	return (uint16_t)~s;
}

START_TEST(tcp_offload_matches_software)
{
	static const uint32_t sizes[] = { 0, 1, 2, 3, 100, 1459, 1460 };
	unsigned int i, ihl;

	for (ihl = 5; ihl <= 6; ihl++) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			struct uk_netdev_txmeta m = { 0 };
			uint32_t len = make_tcp(ihl, sizes[i]);
			uint16_t want = reference(len);

			ck_assert_int_eq(uk_net_csum_offload_prep(frame, 54 +
					 (ihl - 5) * 4, len, &m), 1);
			ck_assert_int_eq(m.csum, 1);
			ck_assert_uint_eq(m.csum_start, 14 + ihl * 4);
			ck_assert_uint_eq(m.csum_offset, 16);
			ck_assert_uint_eq(device_finish(len, &m), want);
		}
	}
}
END_TEST

START_TEST(not_offloaded)
{
	struct uk_netdev_txmeta m = { 0 };
	uint32_t len = make_tcp(5, 100);
	uint8_t copy[2048];

	memcpy(copy, frame, sizeof(copy));
	/* headers not all in the first segment */
	ck_assert_int_eq(uk_net_csum_offload_prep(frame, 40, len, &m), 0);
	/* UDP, fragments, ARP, IPv6, a short IHL, lengths that lie */
	frame[14 + 9] = 17;
	ck_assert_int_eq(uk_net_csum_offload_prep(frame, 54, len, &m), 0);
	frame[14 + 9] = 6;
	frame[14 + 6] = 0x20;
	ck_assert_int_eq(uk_net_csum_offload_prep(frame, 54, len, &m), 0);
	frame[14 + 6] = 0;
	frame[14 + 7] = 1;
	ck_assert_int_eq(uk_net_csum_offload_prep(frame, 54, len, &m), 0);
	frame[14 + 7] = 0;
	frame[13] = 0x06;
	ck_assert_int_eq(uk_net_csum_offload_prep(frame, 54, len, &m), 0);
	frame[13] = 0;
	frame[14] = 0x65;
	ck_assert_int_eq(uk_net_csum_offload_prep(frame, 54, len, &m), 0);
	frame[14] = 0x44;
	ck_assert_int_eq(uk_net_csum_offload_prep(frame, 54, len, &m), 0);
	frame[14] = 0x45;
	ck_assert_int_eq(uk_net_csum_offload_prep(frame, 54, len - 1, &m), 0);
	frame[14 + 3] = 30;	/* IP total length < IP + TCP headers */
	ck_assert_int_eq(uk_net_csum_offload_prep(frame, 54, len, &m), 0);
	frame[14 + 3] = copy[14 + 3];
	ck_assert_int_eq(uk_net_csum_offload_prep(frame, 60, 54, &m), 0);
	ck_assert_int_eq(m.csum, 0);
	/* nothing was written */
	ck_assert_int_eq(memcmp(frame, copy, sizeof(copy)), 0);
}
END_TEST

START_TEST(fragments_seen)
{
	uint32_t len = make_tcp(5, 10);

	ck_assert_int_eq(uk_net_frame_is_fragment(frame, len), 0);
	frame[14 + 6] = 0x20;		/* more fragments */
	ck_assert_int_eq(uk_net_frame_is_fragment(frame, len), 1);
	frame[14 + 6] = 0x40;		/* don't fragment: not one */
	ck_assert_int_eq(uk_net_frame_is_fragment(frame, len), 0);
	frame[14 + 7] = 0x10;		/* an offset */
	ck_assert_int_eq(uk_net_frame_is_fragment(frame, len), 1);
	ck_assert_int_eq(uk_net_frame_is_fragment(frame, 20), 0);
	frame[12] = 0x86;		/* not IPv4 */
	ck_assert_int_eq(uk_net_frame_is_fragment(frame, len), 0);
}
END_TEST

START_TEST(sum_odd_lengths)
{
	static const uint8_t b[] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40,
				     0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
				     0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };

	/* the IPv4 header example whose checksum is 0xb861 */
	ck_assert_uint_eq((uint16_t)~uk_net_csum_add(0, b, sizeof(b)), 0xb861);
	ck_assert_uint_eq(uk_net_csum_add(0, (const uint8_t *)"\x12", 1), 0x1200);
	ck_assert_uint_eq(uk_net_csum_add(0xffff, (const uint8_t *)"\x00\x01", 2), 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("uknet_csum");
	TCase *tc = tcase_create("offload");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, tcp_offload_matches_software);
	tcase_add_test(tc, not_offloaded);
	tcase_add_test(tc, fragments_seen);
	tcase_add_test(tc, sum_odd_lengths);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
