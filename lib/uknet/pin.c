/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pins: memory lent to lwIP without a copy (sendfile) and the moment it
 * is given back.  tcp_write() without TCP_WRITE_FLAG_COPY asks our hook
 * (LWIP_HOOK_TCP_NOCOPY_PBUF, patches/0001) for the pbufs that reference
 * the data; while a pin is current, each is a custom pbuf counted on the
 * pin.  A pbuf lives as long as any user of the bytes: the unsent and
 * unacknowledged queues, a retransmission, the device's transmit ring.
 * When the last one is freed the pin's owner is told (after the core
 * lock is released, so that it may take other locks).
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include "lwip/opt.h"
#include "lwip/pbuf.h"
#include "uknet.h"

struct nocopy_pbuf {
	struct pbuf_custom pc;
	struct uk_net_pin *pin;
};

static struct uk_net_pin *cur_pin;
static struct uk_net_pin *released;	/* unpinned, owners not told yet */

void uk_net_pin_set(struct uk_net_pin *pin)
{
	LWIP_ASSERT_CORE_LOCKED();
	cur_pin = pin;
}

void uk_net_pin_put(struct uk_net_pin *pin)
{
	LWIP_ASSERT_CORE_LOCKED();
	if (--pin->refs == 0) {
		pin->next = released;
		released = pin;
	}
}

struct uk_net_pin *uk_net_pins_take(void)
{
	struct uk_net_pin *list = released;

	released = NULL;
	return list;
}

void uk_net_pins_release(struct uk_net_pin *list)
{
	while (list) {
		struct uk_net_pin *next = list->next;

		list->unpin(list->arg);
		uk_lwip_free(list);
		__atomic_sub_fetch(&uk_net_pinned, 1, __ATOMIC_RELAXED);
		list = next;
	}
}

static void nocopy_free(struct pbuf *p)
{
	struct nocopy_pbuf *np = (struct nocopy_pbuf *)(void *)p;

	uk_net_pin_put(np->pin);
	uk_lwip_free(np);
}

struct pbuf *uk_lwip_nocopy_pbuf(unsigned short len, const void *data)
{
	struct nocopy_pbuf *np;
	struct pbuf *p;

	if (!cur_pin) {
		/* lwIP's default: the caller vouches for the data */
		p = pbuf_alloc(PBUF_RAW, len, PBUF_ROM);
		if (p)
			((struct pbuf_rom *)p)->payload = data;
		return p;
	}
	np = uk_lwip_malloc(sizeof(*np));
	if (!np)
		return NULL;
	np->pc.custom_free_function = nocopy_free;
	np->pin = cur_pin;
	/* PBUF_REF: volatile for lwIP, so nothing extends it past the pin */
	p = pbuf_alloced_custom(PBUF_RAW, len, PBUF_REF, &np->pc,
				(void *)(uintptr_t)data, len);
	cur_pin->refs++;
	return p;
}
