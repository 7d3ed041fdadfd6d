/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Checksum offload helpers: the device computes a TCP checksum from
 * csum_start to the end of the frame and stores it at csum_offset, after
 * the driver put the pseudo-header's sum there (virtio-net's
 * NEEDS_CSUM contract, which is also Linux's CHECKSUM_PARTIAL).  Every
 * offset is checked against the bytes at hand.
 */
#include "csum.h"

#define ETH_HLEN	14
#define IP_PROTO_TCP	6
#define TCP_CSUM_OFF	16

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

uint16_t uk_net_csum_add(uint32_t sum, const uint8_t *p, uint32_t len)
{
	uint64_t acc = sum;
	uint32_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += be16(p + i);
	if (len & 1)
		acc += (uint32_t)p[len - 1] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffff) + (acc >> 32);
	return fold((uint32_t)(acc & 0xffffffff) + (uint32_t)(acc >> 32));
}

int uk_net_frame_is_fragment(const uint8_t *f, uint32_t len)
{
	if (len < ETH_HLEN + 20 || be16(f + 12) != 0x0800)
		return 0;
	return (be16(f + ETH_HLEN + 6) & 0x3fff) != 0;
}

int uk_net_csum_offload_prep(uint8_t *f, uint32_t hlen, uint32_t frame_len,
			     struct uk_netdev_txmeta *meta)
{
	const uint8_t *ip = f + ETH_HLEN;
	uint32_t ihl, tot, sum;
	uint8_t *field;

	if (hlen > frame_len || hlen < ETH_HLEN + 20 || be16(f + 12) != 0x0800)
		return 0;
	ihl = (uint32_t)(ip[0] & 0xf) * 4;
	if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != IP_PROTO_TCP)
		return 0;
	if (be16(ip + 6) & 0x3fff)
		return 0;		/* the sum would span fragments */
	tot = be16(ip + 2);
	if (tot < ihl + 20 || ETH_HLEN + tot > frame_len)
		return 0;
	if (ETH_HLEN + ihl + TCP_CSUM_OFF + 2 > hlen)
		return 0;
	/* source, destination, protocol, TCP length */
	sum = uk_net_csum_add(0, ip + 12, 8);
	sum += IP_PROTO_TCP + (tot - ihl);
	field = f + ETH_HLEN + ihl + TCP_CSUM_OFF;
	sum = fold(sum);
	field[0] = (uint8_t)(sum >> 8);
	field[1] = (uint8_t)sum;
	meta->csum = 1;
	meta->csum_start = (uint16_t)(ETH_HLEN + ihl);
	meta->csum_offset = TCP_CSUM_OFF;
	return 1;
}
