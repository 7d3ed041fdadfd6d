/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/uknet: header parsing for checksum offload.  Pure
 * functions over frame bytes (unit-tested on the host).
 */
#ifndef __UKNET_CSUM_H__
#define __UKNET_CSUM_H__

#include <stdint.h>
#include <uk/netdev.h>

/*
 * For an outgoing Ethernet frame of frame_len bytes whose first hlen
 * bytes are contiguous at f: if it is an unfragmented IPv4 TCP segment
 * with its headers within those bytes, writes the pseudo-header sum
 * into the TCP checksum field (the device adds the rest), fills meta
 * and returns 1.  Otherwise changes nothing and returns 0.
 */
int uk_net_csum_offload_prep(uint8_t *f, uint32_t hlen, uint32_t frame_len,
			     struct uk_netdev_txmeta *meta);

/* 1 if the frame is an IPv4 fragment (more fragments or an offset). */
int uk_net_frame_is_fragment(const uint8_t *f, uint32_t len);

/* The folded one's-complement sum of len bytes (not inverted), added
 * to sum: the Internet checksum is ~uk_net_csum_add(0, p, len). */
uint16_t uk_net_csum_add(uint32_t sum, const uint8_t *p, uint32_t len);

#endif
