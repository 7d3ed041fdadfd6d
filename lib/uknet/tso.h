/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/uknet: merging consecutive TCP segments into one frame
 * that the device cuts up again (TCP segmentation offload).  Pure
 * functions over frame bytes (unit-tested on the host); the batching
 * itself is in netif.c.
 *
 * lwIP cuts a send into segments of at most one MSS and hands them to
 * the interface one by one.  Under emulation every frame costs the
 * hypervisor a notification and a write to the host: 45 frames of 1460
 * bytes cost about 45 times what one frame of 64 KiB does.  So when the
 * device segments TCP (virtio-net's HOST_TSO4), segments of one flow
 * that follow each other in sequence are sent as one frame: the first
 * segment's headers with the total length, and every segment's payload
 * by reference.  The device (or the host kernel behind it) rebuilds the
 * segments at the first one's size, with its headers, each with the
 * right sequence number and checksum.
 */
#ifndef __UKNET_TSO_H__
#define __UKNET_TSO_H__

#include <stdint.h>
#include <uk/netdev.h>

/* Ethernet + IPv4 without options + TCP without options. */
#define UK_NET_TSO_HLEN		54
/* The largest IPv4 datagram: 65535 bytes, headers included. */
#define UK_NET_TSO_MAX_PAYLOAD	(65535 - 40)

#define UK_NET_TCP_PSH		0x08
#define UK_NET_TCP_ACK		0x10

/* A segment that may be merged: its flow, sequence and size. */
struct uk_net_tso_seg {
	uint32_t addrs[2];	/* source, destination (as on the wire) */
	uint32_t ports;		/* both ports (as on the wire) */
	uint32_t seq;		/* host order */
	uint32_t payload;	/* TCP payload bytes */
	uint8_t flags;		/* TCP flags */
};

/*
 * For an outgoing frame of frame_len bytes whose first hlen bytes are
 * contiguous at f: 1 if it may be merged, with *s filled in: an
 * unfragmented IPv4 TCP segment, no IP or TCP options, flags ACK or
 * ACK|PSH only (never SYN, FIN, RST or URG), some payload, and lengths
 * that agree.  Else 0.
 */
int uk_net_tso_parse(const uint8_t *f, uint32_t hlen, uint32_t frame_len,
		     struct uk_net_tso_seg *s);

/*
 * 1 if s can join a merged frame that starts with segment first, whose
 * next sequence number is next_seq and which holds total payload bytes
 * so far: same flow, in sequence, no larger than the first segment (the
 * size the device cuts at) and the sum still fits in one datagram.
 */
int uk_net_tso_follows(const struct uk_net_tso_seg *first,
		       uint32_t next_seq, uint32_t total,
		       const struct uk_net_tso_seg *s);

/*
 * Turns hdr, a copy of the first segment's UK_NET_TSO_HLEN header bytes,
 * into the merged frame's: the IPv4 total length for total payload bytes
 * and its header checksum, extra TCP flags (PSH when a later segment had
 * it) and the pseudo-header sum for the device; fills meta for a device
 * that segments at mss bytes.
 */
void uk_net_tso_header(uint8_t *hdr, uint32_t total, uint8_t extra_flags,
		       uint16_t mss, struct uk_netdev_txmeta *meta);

#endif
