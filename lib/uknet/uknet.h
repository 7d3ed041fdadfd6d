/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/uknet: what the port's files share. */
#ifndef __UKNET_PRIV_H__
#define __UKNET_PRIV_H__

#include <stdint.h>
#include <uk/netdev.h>

struct netif;
struct pbuf;

/* --- netif.c: lwIP network interfaces over netdevs --------------------- */

#define UKNET_MAX_IFS 8

/*
 * Attaches lwIP to device d (core lock held): a netif, receive buffers,
 * the device started.  Returns the netif or NULL (logged).
 */
struct netif *uk_netif_attach(struct uk_netdev *d);
/* The device under one of our interfaces. */
struct uk_netdev *uk_netif_dev(struct netif *nif);
/* Polls every device (core lock held): at most budget frames each.
 * Returns nonzero when work remains. */
int uk_netif_poll_all(int budget);
/* Re-arms every device's events; nonzero if work arrived meanwhile. */
int uk_netif_enable_events(void);
/* Notifies the devices of the frames queued since the last call. */
void uk_netif_kick_all(void);
/* Nonzero when a device was refused a receive buffer for lack of
 * memory: memory may come back without a buffer being freed, so the
 * receive thread polls again soon. */
int uk_netif_rx_starved(void);
/* Nonzero when receive buffers run short: sockets should copy data out
 * of them rather than hold them. */
int uk_netif_rx_pressure(void);

/*
 * Like the above for a device that is not a virtual one: used by the
 * in-guest tests to feed frames through the same path.
 */
void uk_netif_rx_frame(struct uk_netdev *d, void *cookie, void *data,
		       uint32_t len, unsigned int flags);

/* Receive buffers of d lent to the device or held by the stack. */
unsigned int uk_netif_rx_outstanding(struct uk_netdev *d);

/* Counters of the glue (on top of lwIP's own statistics). */
struct uk_netif_stats {
	uint64_t rx_bad;	/* frames outside their buffer, or too short */
	uint64_t rx_nobuf;	/* receive buffers refused: no memory, or the
				 * device had none left */
	uint64_t tx_backlog;	/* frames queued while the ring was full */
	uint64_t tx_dropped;	/* frames refused (backlog full: TCP sends them
				 * again) or dropped (device error) */
	uint64_t tx_linear;	/* chains copied into one buffer (too many segments) */
	uint64_t tx_csum;	/* frames with checksum offload */
	uint64_t tso_frames;	/* merged frames the device segments */
	uint64_t tso_segments;	/* TCP segments merged into them */
	uint64_t tx_refused;	/* segments refused to wait for a batch (TCP
				 * sends them again) */
};
const struct uk_netif_stats *uk_netif_stats(struct uk_netdev *d);

/* --- pin.c: memory lent to lwIP without a copy -------------------------- */

struct uk_net_pin {
	long refs;		/* pbufs referencing the memory, + the sender's */
	void (*unpin)(void *arg);
	void *arg;
	struct uk_net_pin *next;
};

/* While set, tcp_write() without copy makes pbufs counted on pin
 * (core lock held; set NULL after the write). */
void uk_net_pin_set(struct uk_net_pin *pin);
/* Drops a reference; the last one queues the pin for release. */
void uk_net_pin_put(struct uk_net_pin *pin);
/* The pins released since the last call (core lock held)... */
struct uk_net_pin *uk_net_pins_take(void);
/* ...told to their owners and freed (without the core lock). */
void uk_net_pins_release(struct uk_net_pin *list);

/* --- stack.c: threads and boot ----------------------------------------- */

/* Wakes the receive thread (from any context, interrupts included). */
void uk_net_wake(void);

/* --- stats.c: counters of uk/net.h (core lock held to update) ---------- */

extern uint64_t uk_net_sendfile_ref, uk_net_sendfile_copy, uk_net_pinned;

/* --- sys_arch.c ---------------------------------------------------------- */

/* Nonzero when the fault-injection option makes this allocation fail. */
int uk_lwip_fault(void);

#endif
