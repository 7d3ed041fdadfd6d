/* SPDX-License-Identifier: BSD-3-Clause */
/* TCP segments merged for segmentation offload: see tso.h. */
#include <string.h>
#include "csum.h"
#include "tso.h"

#define ETH_HLEN	14
#define IP_HLEN		20
#define TCP_HLEN	20
#define IP_PROTO_TCP	6

static uint32_t be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

int uk_net_tso_parse(const uint8_t *f, uint32_t hlen, uint32_t frame_len,
		     struct uk_net_tso_seg *s)
{
	const uint8_t *ip = f + ETH_HLEN, *tcp = ip + IP_HLEN;
	uint32_t tot;

	if (hlen < UK_NET_TSO_HLEN || hlen > frame_len ||
	    be16(f + 12) != 0x0800)
		return 0;
	if (ip[0] != 0x45 || ip[9] != IP_PROTO_TCP ||
	    (be16(ip + 6) & 0x3fff))
		return 0;	/* options, not TCP, or a fragment */
	tot = be16(ip + 2);
	if (ETH_HLEN + tot != frame_len || tot <= IP_HLEN + TCP_HLEN)
		return 0;	/* padded, truncated, or no payload */
	if ((tcp[12] >> 4) != TCP_HLEN / 4)
		return 0;	/* TCP options */
	if ((tcp[13] & ~UK_NET_TCP_PSH) != UK_NET_TCP_ACK)
		return 0;	/* SYN, FIN, RST, URG, ECN, or no ACK */
	memcpy(s->addrs, ip + 12, 8);
	memcpy(&s->ports, tcp, 4);
	s->seq = be32(tcp + 4);
	s->payload = tot - IP_HLEN - TCP_HLEN;
	s->flags = tcp[13];
	return 1;
}

int uk_net_tso_follows(const struct uk_net_tso_seg *first,
		       uint32_t next_seq, uint32_t total,
		       const struct uk_net_tso_seg *s)
{
	return s->addrs[0] == first->addrs[0] &&
	       s->addrs[1] == first->addrs[1] && s->ports == first->ports &&
	       s->seq == next_seq && s->payload <= first->payload &&
	       total <= UK_NET_TSO_MAX_PAYLOAD &&
	       s->payload <= UK_NET_TSO_MAX_PAYLOAD - total;
}

void uk_net_tso_header(uint8_t *hdr, uint32_t total, uint8_t extra_flags,
		       uint16_t mss, struct uk_netdev_txmeta *meta)
{
	uint8_t *ip = hdr + ETH_HLEN;
	uint32_t tot = IP_HLEN + TCP_HLEN + total;
	uint16_t sum;

	ip[2] = (uint8_t)(tot >> 8);
	ip[3] = (uint8_t)tot;
	ip[10] = ip[11] = 0;
	sum = (uint16_t)~uk_net_csum_add(0, ip, IP_HLEN);
	ip[10] = (uint8_t)(sum >> 8);
	ip[11] = (uint8_t)sum;
	ip[IP_HLEN + 13] |= extra_flags;
	memset(meta, 0, sizeof(*meta));
	uk_net_csum_offload_prep(hdr, UK_NET_TSO_HLEN, ETH_HLEN + tot, meta);
	meta->gso_size = mss;
	meta->hdr_len = UK_NET_TSO_HLEN;
}
