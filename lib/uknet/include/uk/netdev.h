/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Network devices, as drivers present them to the network library.  The
 * library knows nothing of virtio or Xen; drivers know nothing of lwIP.
 *
 * Buffers belong to the library: it lends receive buffers to the driver
 * (rx_alloc) and gets them back full (rx_frame), and it hands frames to
 * transmit by reference (xmit), getting them back when the device is done
 * (tx_done).  No frame is copied on the way.
 *
 * Work is interrupt-driven and then polled: the driver calls event() from
 * its interrupt handler and raises no more interrupts until the library,
 * having polled everything, calls enable_events().
 */
#ifndef __UK_NETDEV_H__
#define __UK_NETDEV_H__

#include <stddef.h>
#include <stdint.h>

struct uk_netdev;

/* Every driver's xmit takes frames of up to this many segments. */
#define UK_NETDEV_MAX_SEGS	16
/* A driver with UK_NETDEV_F_TX_TSO4 takes TSO frames of up to this many. */
#define UK_NETDEV_TSO_MAX_SEGS	32

struct uk_netseg {
	void *data;
	uint32_t len;
};

/* Transmit offloads the library may ask for. */
struct uk_netdev_txmeta {
	int csum;		/* device computes the L4 checksum */
	uint16_t csum_start;	/* from the frame start */
	uint16_t csum_offset;	/* from csum_start */
	/*
	 * TCP segmentation (UK_NETDEV_F_TX_TSO4, with csum): when gso_size
	 * is not 0, the frame is one IPv4 TCP segment of up to 64 KiB that
	 * the device sends as segments of gso_size payload bytes, each with
	 * the first hdr_len bytes of the frame as its headers (fixed up).
	 */
	uint16_t gso_size;
	uint16_t hdr_len;
};

#define UK_NETDEV_F_TX_CSUM	0x1	/* xmit can fill in L4 checksums */
#define UK_NETDEV_F_RX_CSUM	0x2	/* rx frames may come checksum-checked */
#define UK_NETDEV_F_TX_TSO4	0x4	/* xmit can segment IPv4 TCP */

#define UK_NETDEV_RX_CSUM_OK	0x1	/* rx_frame flag: checksum verified */

struct uk_netdev_ops {
	/* Posts receive buffers and enables events; after the callbacks
	 * below are set.  Returns 0 or a negative errno. */
	int (*start)(struct uk_netdev *d);
	/*
	 * Queues one frame of n segments; cookie comes back through
	 * tx_done.  Returns 0, or -ENOSPC when the ring is full (retry
	 * after the next poll).  Frames go out at the next xmit_kick.
	 */
	int (*xmit)(struct uk_netdev *d, const struct uk_netseg *seg,
		    unsigned int n, const struct uk_netdev_txmeta *meta,
		    void *cookie);
	void (*xmit_kick)(struct uk_netdev *d);
	/*
	 * Does pending work: finished transmissions (tx_done), received
	 * frames (rx_frame, at most budget), refilling receive buffers.
	 * Returns the number of frames received.
	 */
	int (*poll)(struct uk_netdev *d, int budget);
	/* Re-arms events; returns 1 if work arrived meanwhile (poll again). */
	int (*enable_events)(struct uk_netdev *d);
};

struct uk_netdev_stats {
	uint64_t rx_frames, rx_bytes, tx_frames, tx_bytes;
	uint64_t rx_dropped;	/* malformed or truncated frames, no buffers */
	uint64_t tx_full;	/* xmit refused: ring full */
};

struct uk_netdev {
	const struct uk_netdev_ops *ops;
	char name[48];
	uint8_t mac[6];
	uint16_t mtu;
	unsigned int features;
	unsigned int index;
	struct uk_netdev_stats stats;
	void *drv;

	/* --- set by the network library before start() --- */
	void *lib;
	/* A receive buffer of at least size bytes, or NULL (then retried). */
	void *(*rx_alloc)(struct uk_netdev *d, uint32_t size, void **cookie);
	/* A received frame at data (inside the buffer), len bytes. */
	void (*rx_frame)(struct uk_netdev *d, void *cookie, void *data,
			 uint32_t len, unsigned int flags);
	/* A receive buffer given back unused (bad frame, shutdown). */
	void (*rx_free)(struct uk_netdev *d, void *cookie);
	void (*tx_done)(struct uk_netdev *d, void *cookie);
	/* From interrupt context: there is work for poll(). */
	void (*event)(struct uk_netdev *d);
};

/* Drivers register their devices (at the bus init level). */
int uk_netdev_register(struct uk_netdev *d);
unsigned int uk_netdev_count(void);
struct uk_netdev *uk_netdev_get(unsigned int index);

#endif
