/*
 * TCP segment merging for segmentation offload (lib/uknet/tso.c): which
 * frames may merge, and that the merged frame, cut up again the way a
 * device does it, gives back the segments lwIP made.
 */
#include <check.h>
#include <string.h>
#include "csum.h"
#include "tso.h"

#define SEQ0	0x7ffffa00u	/* close to a wrap of the high bit */

static uint8_t frame[2048];

/* An Ethernet + IPv4 + TCP (doff words) frame: seq, flags, payload bytes
 * from the stream position seq - SEQ0. */
static uint32_t make_seg(uint8_t *f, uint32_t seq, uint8_t flags,
			 uint32_t payload, unsigned int doff)
{
	uint32_t iplen = 20 + doff * 4 + payload, i;
	uint8_t *ip = f + 14, *tcp = ip + 20;

	memset(f, 0, 14 + iplen);
	memcpy(f, "\x52\x54\x00\x12\x34\x56\x52\x54\x00\x12\x34\x57", 12);
	f[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = (uint8_t)(iplen >> 8);
	ip[3] = (uint8_t)iplen;
	ip[6] = 0x40;		/* don't fragment */
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, "\x0a\x00\x02\x02\x0a\x00\x02\x01", 8);
	tcp[0] = 0x00;
	tcp[1] = 0x50;
	tcp[2] = 0xc3;
	tcp[3] = 0x50;
	tcp[4] = (uint8_t)(seq >> 24);
	tcp[5] = (uint8_t)(seq >> 16);
	tcp[6] = (uint8_t)(seq >> 8);
	tcp[7] = (uint8_t)seq;
	tcp[8] = 0x11;		/* ack */
	tcp[11] = 0x22;
	tcp[12] = (uint8_t)(doff << 4);
	tcp[13] = flags;
	tcp[14] = 0xff;		/* window */
	for (i = 0; i < payload; i++)
		tcp[doff * 4 + i] = (uint8_t)((seq - SEQ0 + i) * 7 + 3);
	i = (uint16_t)~uk_net_csum_add(0, ip, 20);
	ip[10] = (uint8_t)(i >> 8);
	ip[11] = (uint8_t)i;
	return 14 + iplen;
}

/* The TCP checksum of a frame, computed from scratch (RFC 793). */
static uint16_t tcp_sum(const uint8_t *f, uint32_t len)
{
	uint8_t copy[70000];
	uint8_t *tcp = copy + 34;
	uint32_t tcplen = len - 34, sum;

	memcpy(copy, f, len);
	tcp[16] = tcp[17] = 0;
	sum = uk_net_csum_add(0, copy + 26, 8);
	sum += 6 + tcplen;
	sum = uk_net_csum_add(sum, tcp, tcplen);
	return (uint16_t)~sum;
}

START_TEST(parse_data_segment)
{
	struct uk_net_tso_seg s;
	uint32_t len = make_seg(frame, SEQ0, 0x18, 1460, 5);

	ck_assert_int_eq(uk_net_tso_parse(frame, 54, len, &s), 1);
	ck_assert_uint_eq(s.seq, SEQ0);
	ck_assert_uint_eq(s.payload, 1460);
	ck_assert_uint_eq(s.flags, 0x18);
	ck_assert_int_eq(memcmp(s.addrs, frame + 26, 8), 0);
	ck_assert_int_eq(memcmp(&s.ports, frame + 34, 4), 0);
	len = make_seg(frame, SEQ0, 0x10, 1, 5);
	ck_assert_int_eq(uk_net_tso_parse(frame, len, len, &s), 1);
}
END_TEST

START_TEST(parse_refuses)
{
	static const uint8_t flags[] = { 0x02, 0x12, 0x11, 0x19, 0x04, 0x14,
					 0x30, 0x08, 0x00, 0x50, 0x90 };
	struct uk_net_tso_seg s;
	uint32_t len;
	unsigned int i;

	for (i = 0; i < sizeof(flags); i++) {
		len = make_seg(frame, SEQ0, flags[i], 100, 5);
		ck_assert_msg(!uk_net_tso_parse(frame, 54, len, &s),
			      "flags %#x merged", flags[i]);
	}
	len = make_seg(frame, SEQ0, 0x10, 0, 5);	/* a pure ACK */
	ck_assert_int_eq(uk_net_tso_parse(frame, 54, len, &s), 0);
	len = make_seg(frame, SEQ0, 0x10, 100, 8);	/* TCP options */
	ck_assert_int_eq(uk_net_tso_parse(frame, 66, len, &s), 0);
	len = make_seg(frame, SEQ0, 0x10, 100, 5);
	ck_assert_int_eq(uk_net_tso_parse(frame, 53, len, &s), 0);
	ck_assert_int_eq(uk_net_tso_parse(frame, 54, len + 1, &s), 0);
	ck_assert_int_eq(uk_net_tso_parse(frame, 54, len - 1, &s), 0);
	ck_assert_int_eq(uk_net_tso_parse(frame, 54, 40, &s), 0);
	frame[14] = 0x46;				/* IP options */
	ck_assert_int_eq(uk_net_tso_parse(frame, 54, len, &s), 0);
	frame[14] = 0x45;
	frame[14 + 9] = 17;				/* UDP */
	ck_assert_int_eq(uk_net_tso_parse(frame, 54, len, &s), 0);
	frame[14 + 9] = 6;
	frame[14 + 6] = 0x60;				/* more fragments */
	ck_assert_int_eq(uk_net_tso_parse(frame, 54, len, &s), 0);
	frame[14 + 6] = 0x40;
	frame[14 + 7] = 0x01;				/* an offset */
	ck_assert_int_eq(uk_net_tso_parse(frame, 54, len, &s), 0);
	frame[14 + 7] = 0;
	frame[12] = 0x86;				/* IPv6 */
	frame[13] = 0xdd;
	ck_assert_int_eq(uk_net_tso_parse(frame, 54, len, &s), 0);
	frame[12] = 0x08;
	frame[13] = 0;
	ck_assert_int_eq(uk_net_tso_parse(frame, 54, len, &s), 1);
}
END_TEST

START_TEST(follows_rules)
{
	struct uk_net_tso_seg first, s;
	uint32_t len;

	len = make_seg(frame, SEQ0, 0x10, 1460, 5);
	ck_assert(uk_net_tso_parse(frame, 54, len, &first));
	len = make_seg(frame, SEQ0 + 1460, 0x18, 1460, 5);
	ck_assert(uk_net_tso_parse(frame, 54, len, &s));
	ck_assert_int_eq(uk_net_tso_follows(&first, SEQ0 + 1460, 1460, &s), 1);
	/* out of sequence: a retransmission, or a gap */
	ck_assert_int_eq(uk_net_tso_follows(&first, SEQ0 + 2920, 2920, &s), 0);
	ck_assert_int_eq(uk_net_tso_follows(&first, SEQ0, 1460, &s), 0);
	/* the datagram would overflow */
	ck_assert_int_eq(uk_net_tso_follows(&first, SEQ0 + 1460,
					    UK_NET_TSO_MAX_PAYLOAD - 1459,
					    &s), 0);
	ck_assert_int_eq(uk_net_tso_follows(&first, SEQ0 + 1460,
					    UK_NET_TSO_MAX_PAYLOAD - 1460,
					    &s), 1);
	/* larger than the first: the device cuts at the first's size */
	len = make_seg(frame, SEQ0 + 1460, 0x10, 1461, 5);
	ck_assert(uk_net_tso_parse(frame, 54, len, &s));
	ck_assert_int_eq(uk_net_tso_follows(&first, SEQ0 + 1460, 1460, &s), 0);
	/* another flow: port, address */
	len = make_seg(frame, SEQ0 + 1460, 0x10, 100, 5);
	frame[35] = 0x51;
	ck_assert(uk_net_tso_parse(frame, 54, len, &s));
	ck_assert_int_eq(uk_net_tso_follows(&first, SEQ0 + 1460, 1460, &s), 0);
	frame[35] = 0x50;
	frame[33] = 9;
	ck_assert(uk_net_tso_parse(frame, 54, len, &s));
	ck_assert_int_eq(uk_net_tso_follows(&first, SEQ0 + 1460, 1460, &s), 0);
	frame[33] = 1;
	ck_assert(uk_net_tso_parse(frame, 54, len, &s));
	ck_assert_int_eq(uk_net_tso_follows(&first, SEQ0 + 1460, 1460, &s), 1);
}
END_TEST

/*
 * Merges segments of 1460 bytes and a last short one (with PSH), as
 * netif.c does, then cuts the merged frame up as a device does (Linux's
 * tcp_gso_segment: the first frame's headers, total length, sequence
 * number and checksum per segment, PSH only on the last) and compares
 * each with the segment lwIP made.
 */
START_TEST(merged_frame_cuts_back)
{
	static uint8_t merged[70000], orig[64][1600];
	static uint32_t orig_len[64];
	const unsigned int nfull = (unsigned int)_i;
	struct uk_net_tso_seg first, s;
	struct uk_netdev_txmeta meta;
	uint32_t total = 0, seq = SEQ0, mlen, off;
	uint8_t psh = 0;
	unsigned int i, n = nfull + 1;

	for (i = 0; i < n; i++) {
		uint32_t pay = i < nfull ? 1460 : 300;
		uint8_t fl = i < nfull ? 0x10 : 0x18;

		orig_len[i] = make_seg(orig[i], seq, fl, pay, 5);
		ck_assert(uk_net_tso_parse(orig[i], 54, orig_len[i], &s));
		if (i == 0) {
			first = s;
			memcpy(merged, orig[i], 54);
		} else {
			ck_assert(uk_net_tso_follows(&first, seq, total, &s));
			psh |= s.flags & UK_NET_TCP_PSH;
		}
		memcpy(merged + 54 + total, orig[i] + 54, pay);
		total += pay;
		seq += pay;
	}
	uk_net_tso_header(merged, total, psh, (uint16_t)first.payload, &meta);
	mlen = 54 + total;

	/* the merged frame is a valid IPv4 TCP segment */
	ck_assert_uint_eq(((uint32_t)merged[16] << 8 | merged[17]), 40 + total);
	ck_assert_uint_eq(uk_net_csum_add(0, merged + 14, 20), 0xffff);
	ck_assert_int_eq(meta.csum, 1);
	ck_assert_uint_eq(meta.csum_start, 34);
	ck_assert_uint_eq(meta.csum_offset, 16);
	ck_assert_uint_eq(meta.gso_size, 1460);
	ck_assert_uint_eq(meta.hdr_len, 54);
	/* a device that does not cut it would finish its sum right */
	ck_assert_uint_eq((uint16_t)~uk_net_csum_add(0, merged + 34, mlen - 34),
			  tcp_sum(merged, mlen));

	for (i = 0, off = 0; off < total; i++, off += meta.gso_size) {
		uint8_t seg[1600], *ip = seg + 14, *tcp = seg + 34;
		uint32_t pay = total - off < meta.gso_size ?
			       total - off : meta.gso_size;
		uint32_t sq = SEQ0 + off, iplen = 40 + pay;
		uint16_t sum;

		memcpy(seg, merged, 54);
		memcpy(seg + 54, merged + 54 + off, pay);
		ip[2] = (uint8_t)(iplen >> 8);
		ip[3] = (uint8_t)iplen;
		ip[10] = ip[11] = 0;
		sum = (uint16_t)~uk_net_csum_add(0, ip, 20);
		ip[10] = (uint8_t)(sum >> 8);
		ip[11] = (uint8_t)sum;
		tcp[4] = (uint8_t)(sq >> 24);
		tcp[5] = (uint8_t)(sq >> 16);
		tcp[6] = (uint8_t)(sq >> 8);
		tcp[7] = (uint8_t)sq;
		if (off + pay < total)
			tcp[13] &= ~UK_NET_TCP_PSH;
		sum = tcp_sum(seg, 54 + pay);
		tcp[16] = (uint8_t)(sum >> 8);
		tcp[17] = (uint8_t)sum;

		ck_assert_uint_lt(i, n);
		ck_assert_uint_eq(54 + pay, orig_len[i]);
		/* lwIP's own segments carry a software checksum here */
		sum = tcp_sum(orig[i], orig_len[i]);
		orig[i][50] = (uint8_t)(sum >> 8);
		orig[i][51] = (uint8_t)sum;
		ck_assert_msg(!memcmp(seg, orig[i], orig_len[i]),
			      "segment %u differs", i);
	}
	ck_assert_uint_eq(i, n);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("uknet_tso");
	TCase *tc = tcase_create("merge");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, parse_data_segment);
	tcase_add_test(tc, parse_refuses);
	tcase_add_test(tc, follows_rules);
	/* 1, 2, 10 and 43 full segments, then a short one */
	tcase_add_loop_test(tc, merged_frame_cuts_back, 1, 2);
	tcase_add_loop_test(tc, merged_frame_cuts_back, 2, 3);
	tcase_add_loop_test(tc, merged_frame_cuts_back, 10, 11);
	tcase_add_loop_test(tc, merged_frame_cuts_back, 43, 44);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
