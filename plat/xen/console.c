/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The console: Xen's PV console ring (struct xencons_interface), which
 * xenconsoled in dom0 reads into "xl console" and its logs, notified
 * through the ring's event channel.  (HYPERVISOR_console_io is refused to
 * guests by a release build of Xen.)  Before the ring is connected, and
 * always with PLAT_XEN_DEBUGCON, bytes go to port 0xe9, which Xen prints
 * as "(dN) ..." on its own console.
 *
 * Writers never wait long: when the ring is full we wait for the daemon
 * (bounded), and when it does not drain, bytes are dropped until it does.
 */
#include <string.h>
#include <uk/essentials.h>
#include <uk/arch/io.h>
#include <uk/arch/irq.h>
#include <uk/arch/paging.h>
#include <uk/plat/console.h>
#include <xen/io/console.h>
#include "xen.h"

#define DEBUGCON_PORT	0xe9
#define FULL_WAIT_NS	(200 * 1000 * 1000ULL)	/* per full ring */
#define FLUSH_WAIT_NS	(2 * 1000 * 1000 * 1000ULL)

static struct xencons_interface *ring;
static evtchn_port_t port;
static int stalled;	/* the daemon stopped reading: drop, don't wait */

void xen_console_early_write(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		outb(DEBUGCON_PORT, buf[i]);
}

static void notify(void)
{
	struct evtchn_send send = { .port = port };

	xen_hc_event_channel_op(EVTCHNOP_send, &send);
}

void xen_console_init(void)
{
	uint64_t pfn = 0, evtchn = 0;

	if (xen_hvm_get_param(HVM_PARAM_CONSOLE_PFN, &pfn) || !pfn ||
	    xen_hvm_get_param(HVM_PARAM_CONSOLE_EVTCHN, &evtchn) ||
	    !x86_paging_is_mapped(pfn << 12)) {
		static const char msg[] = "xen: no PV console; using port 0xe9\n";

		xen_console_early_write(msg, sizeof(msg) - 1);
		return;
	}
	port = evtchn;
	ring = (struct xencons_interface *)(uintptr_t)(pfn << 12);
}

/* Waits until the daemon has made room or read up to prod, or deadline. */
static int wait_consumed(XENCONS_RING_IDX prod, size_t room, uint64_t limit)
{
	uint64_t deadline = xen_system_time() + limit;
	unsigned long flags = uk_irq_save();
	int ok;

	notify();
	for (;;) {
		XENCONS_RING_IDX cons;

		xen_evtchn_clear(port);
		cons = *(volatile XENCONS_RING_IDX *)&ring->out_cons;
		ok = room ? sizeof(ring->out) - (prod - cons) >= room :
			    cons == prod;
		if (ok || xen_system_time() >= deadline)
			break;
		xen_evtchn_poll(port, deadline);
	}
	uk_irq_restore(flags);
	return ok;
}

static void ring_write(const char *buf, size_t len)
{
	XENCONS_RING_IDX cons, prod = ring->out_prod;
	size_t i = 0;
	int cr_sent = 0;

	while (i < len) {
		/* "\n" goes out as "\r\n": terminals need both. */
		char c = (buf[i] == '\n' && !cr_sent) ? '\r' : buf[i];

		cons = *(volatile XENCONS_RING_IDX *)&ring->out_cons;
		uk_rmb();
		if (prod - cons >= sizeof(ring->out)) {
			/* Full: publish what we have, wait for room. */
			uk_wmb();
			ring->out_prod = prod;
			if (stalled || !wait_consumed(prod, 1, FULL_WAIT_NS)) {
				stalled = 1;
				break;
			}
			continue;
		}
		stalled = 0;
		ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = c;
		if (c == '\r' && buf[i] == '\n') {
			cr_sent = 1;
		} else {
			cr_sent = 0;
			i++;
		}
	}
	uk_wmb();	/* the bytes before the index that publishes them */
	ring->out_prod = prod;
	notify();
}

int uk_plat_console_write(const char *buf, size_t len)
{
#if CONFIG_PLAT_XEN_DEBUGCON
	xen_console_early_write(buf, len);
#else
	if (!ring)
		xen_console_early_write(buf, len);
#endif
	if (ring) {
		unsigned long flags = uk_irq_save();

		ring_write(buf, len);
		uk_irq_restore(flags);
	}
	return len;
}

int uk_plat_console_read(char *buf, size_t len)
{
	XENCONS_RING_IDX cons, prod;
	size_t n = 0;
	unsigned long flags;

	if (!ring)
		return 0;
	flags = uk_irq_save();
	cons = ring->in_cons;
	prod = *(volatile XENCONS_RING_IDX *)&ring->in_prod;
	uk_rmb();
	if (prod - cons > sizeof(ring->in))
		prod = cons + sizeof(ring->in);	/* corrupt index: read one ring */
	while (n < len && cons != prod)
		buf[n++] = ring->in[MASK_XENCONS_IDX(cons++, ring->in)];
	uk_mb();	/* read the bytes before giving their space back */
	ring->in_cons = cons;
	if (n)
		notify();
	uk_irq_restore(flags);
	return n;
}

void xen_console_flush(void)
{
	if (ring && !stalled)
		wait_consumed(ring->out_prod, 0, FLUSH_WAIT_NS);
}
