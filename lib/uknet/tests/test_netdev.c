/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest test of the first network device, below any protocol stack:
 * send an ARP request for QEMU user networking's gateway (10.0.2.2) and
 * wait for the reply.  Exercises transmit, receive, interrupts and buffer
 * recycling of the driver.  Needs -netdev user on the first NIC.
 */
#include <string.h>
#include <uk/test.h>
#include <uk/netdev.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/semaphore.h>
#include <uk/plat/time.h>

static struct uk_semaphore ev;
static int replies, tx_done_count, rx_count;
static uint8_t my_mac[6];

static void *rx_alloc(struct uk_netdev *d, uint32_t size, void **cookie)
{
	void *b = uk_malloc(size);

	*cookie = b;
	return b;
}

static void rx_free(struct uk_netdev *d, void *cookie)
{
	uk_free(cookie);
}

static void rx_frame(struct uk_netdev *d, void *cookie, void *data,
		     uint32_t len, unsigned int flags)
{
	const uint8_t *f = data;

	rx_count++;
	/* ARP (0x0806), reply (op 2), from 10.0.2.2, to our MAC. */
	if (len >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[21] == 2 &&
	    f[28] == 10 && f[29] == 0 && f[30] == 2 && f[31] == 2 &&
	    !memcmp(f + 32, my_mac, 6))
		replies++;
	uk_free(cookie);
}

static void tx_done(struct uk_netdev *d, void *cookie)
{
	tx_done_count++;
}

static void event(struct uk_netdev *d)
{
	uk_semaphore_up(&ev);
}

UK_TESTCASE(netdev, arp_request_gets_reply)
{
	struct uk_netdev *d = uk_netdev_get(0);
	static uint8_t frame[60];
	struct uk_netseg seg = { frame, sizeof(frame) };
	uint64_t deadline;
	int i;

	UK_TEST_ASSERT(d != NULL);
	memcpy(my_mac, d->mac, 6);
	uk_semaphore_init(&ev, 0);
	d->rx_alloc = rx_alloc;
	d->rx_free = rx_free;
	d->rx_frame = rx_frame;
	d->tx_done = tx_done;
	d->event = event;
	UK_TEST_ASSERT(d->ops->start(d) == 0);

	memset(frame, 0, sizeof(frame));
	memset(frame, 0xff, 6);				/* broadcast */
	memcpy(frame + 6, my_mac, 6);
	frame[12] = 0x08; frame[13] = 0x06;		/* ARP */
	frame[15] = 1;					/* Ethernet */
	frame[16] = 0x08;				/* IPv4 */
	frame[18] = 6; frame[19] = 4; frame[21] = 1;	/* request */
	memcpy(frame + 22, my_mac, 6);
	frame[28] = 10; frame[29] = 0; frame[30] = 2; frame[31] = 15;
	frame[38] = 10; frame[39] = 0; frame[40] = 2; frame[41] = 2;

	/* Several rounds: buffers must be recycled and events re-armed. */
	for (i = 0; i < 5; i++) {
		int before = replies;

		UK_TEST_ASSERT(d->ops->xmit(d, &seg, 1, NULL, frame) == 0);
		d->ops->xmit_kick(d);
		deadline = uk_plat_monotonic_ns() + 2 * UK_NSEC_PER_SEC;
		while (replies == before && uk_plat_monotonic_ns() < deadline) {
			d->ops->poll(d, 64);
			if (replies != before)
				break;
			if (!d->ops->enable_events(d))
				uk_semaphore_down_until(&ev, deadline);
		}
		UK_TEST_EXPECT(replies == before + 1);
	}
	d->ops->poll(d, 64);
	UK_TEST_EXPECT(tx_done_count == 5);
	UK_TEST_EXPECT(d->stats.rx_dropped == 0);
}
