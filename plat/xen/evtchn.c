/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Event channels, 2-level ABI: the pending and mask bitmaps live in the
 * shared info page, with a per-vCPU selector word saying which bitmap
 * words to look at.  Xen delivers "something is pending" as interrupt
 * vector XEN_UPCALL_VECTOR (HVM_PARAM_CALLBACK_IRQ, vector type), for as
 * long as vcpu_info.evtchn_upcall_pending is set: no interrupt controller
 * and no EOI are involved.  The upcall handler clears the flags, then
 * each pending, unmasked port's bit, then calls its handler.
 *
 * This file also implements the platform's interrupt interface
 * (uk/plat/irq.h): on PVH there are no interrupt lines or MSIs, devices
 * signal through event channels.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/cpu.h>
#include <uk/arch/irq.h>
#include <uk/arch/traps.h>
#include <uk/plat/irq.h>
#include <uk/xen/evtchn.h>
#include "xen.h"

#define XEN_UPCALL_VECTOR	0xf3
#define BITS_PER_WORD		64

struct handler {
	uk_xen_evtchn_handler_t fn;
	void *arg;
};

static struct handler handlers[UK_XEN_EVTCHN_MAX];

void (*uk_plat_irq_exit_hook)(void);

static inline void bit_clear(volatile xen_ulong_t *w, unsigned int b)
{
	__asm__ __volatile__("lock btrq %1, %0"
			     : "+m"(*w) : "r"((unsigned long)b) : "memory");
}

static inline void bit_set(volatile xen_ulong_t *w, unsigned int b)
{
	__asm__ __volatile__("lock btsq %1, %0"
			     : "+m"(*w) : "r"((unsigned long)b) : "memory");
}

static void upcall(struct __regs *regs)
{
	struct shared_info *s = xen_shared_info;
	struct vcpu_info *v = &s->vcpu_info[0];
	volatile xen_ulong_t *pending = s->evtchn_pending;
	volatile xen_ulong_t *mask = s->evtchn_mask;

	if (regs->vector != XEN_UPCALL_VECTOR) {
		uk_pr_warn("unexpected interrupt vector %lu\n", regs->vector);
		return;
	}
	while (*(volatile uint8_t *)&v->evtchn_upcall_pending) {
		xen_ulong_t sel;

		/* Cleared before looking: a new event sets it again. */
		v->evtchn_upcall_pending = 0;
		sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0,
					  __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned int w = __builtin_ctzl(sel);
			xen_ulong_t bits;

			sel &= sel - 1;
			bits = pending[w] & ~mask[w];
			while (bits) {
				unsigned int b = __builtin_ctzl(bits);
				uint32_t port = w * BITS_PER_WORD + b;

				bits &= bits - 1;
				bit_clear(&pending[w], b);
				if (port < UK_XEN_EVTCHN_MAX && handlers[port].fn)
					handlers[port].fn(port,
							  handlers[port].arg);
			}
		}
	}
	if (uk_plat_irq_exit_hook)
		uk_plat_irq_exit_hook();
}

void xen_evtchn_init(void)
{
	struct shared_info *s = xen_shared_info;
	unsigned int i;
	int rc;

	/* Every port starts masked; binding a handler unmasks it. */
	for (i = 0; i < UK_ARRAY_SIZE(s->evtchn_mask); i++)
		s->evtchn_mask[i] = ~(xen_ulong_t)0;
	s->vcpu_info[0].evtchn_upcall_mask = 0;
	x86_irq_dispatch = upcall;
	rc = xen_hvm_set_param(HVM_PARAM_CALLBACK_IRQ,
			       ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) |
			       XEN_UPCALL_VECTOR);
	if (rc)
		uk_pr_err("cannot set the event channel upcall vector (%d):"
			  " no interrupts\n", rc);
}

void xen_evtchn_clear(evtchn_port_t port)
{
	bit_clear(&xen_shared_info->evtchn_pending[port / BITS_PER_WORD],
		  port % BITS_PER_WORD);
}

void xen_evtchn_poll(evtchn_port_t port, uint64_t deadline)
{
	evtchn_port_t p = port;
	/* Xen's time is signed: anything beyond means "no time limit" (0). */
	struct sched_poll poll = {
		.nr_ports = 1,
		.timeout = deadline > INT64_MAX ? 0 : deadline,
	};

	set_xen_guest_handle(poll.ports, &p);
	xen_hc_sched_op(SCHEDOP_poll, &poll);
}

void uk_xen_evtchn_mask(uint32_t port)
{
	if (port < UK_ARRAY_SIZE(xen_shared_info->evtchn_mask) * BITS_PER_WORD)
		bit_set(&xen_shared_info->evtchn_mask[port / BITS_PER_WORD],
			port % BITS_PER_WORD);
}

void uk_xen_evtchn_unmask(uint32_t port)
{
	/* Xen clears the bit and raises the upcall if the port is pending. */
	struct evtchn_unmask op = { .port = port };

	xen_hc_event_channel_op(EVTCHNOP_unmask, &op);
}

int uk_xen_evtchn_bind(uint32_t port, uk_xen_evtchn_handler_t fn, void *arg)
{
	unsigned long flags;

	if (port >= UK_XEN_EVTCHN_MAX || !fn)
		return -EINVAL;
	flags = uk_irq_save();
	if (handlers[port].fn) {
		uk_irq_restore(flags);
		return -EBUSY;
	}
	handlers[port].arg = arg;
	handlers[port].fn = fn;
	uk_irq_restore(flags);
	uk_xen_evtchn_unmask(port);
	return 0;
}

void uk_xen_evtchn_unbind(uint32_t port)
{
	unsigned long flags;

	if (port >= UK_XEN_EVTCHN_MAX)
		return;
	uk_xen_evtchn_mask(port);
	flags = uk_irq_save();
	handlers[port].fn = NULL;
	handlers[port].arg = NULL;
	uk_irq_restore(flags);
}

/* Xen's error numbers are translated to ours (xen_errno). */
int uk_xen_evtchn_alloc_unbound(uint16_t remote_domid)
{
	struct evtchn_alloc_unbound op = {
		.dom = DOMID_SELF, .remote_dom = remote_domid
	};
	int rc = xen_errno(xen_hc_event_channel_op(EVTCHNOP_alloc_unbound,
						   &op));

	return rc ? rc : (int)op.port;
}

int uk_xen_evtchn_bind_virq(uint32_t virq)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = 0 };
	int rc = xen_errno(xen_hc_event_channel_op(EVTCHNOP_bind_virq, &op));

	return rc ? rc : (int)op.port;
}

int uk_xen_evtchn_notify(uint32_t port)
{
	struct evtchn_send op = { .port = port };

	return xen_errno(xen_hc_event_channel_op(EVTCHNOP_send, &op));
}

int uk_xen_evtchn_close(uint32_t port)
{
	struct evtchn_close op = { .port = port };

	uk_xen_evtchn_unbind(port);
	return xen_errno(xen_hc_event_channel_op(EVTCHNOP_close, &op));
}

/* --- uk/plat/irq.h -------------------------------------------------------- */

int uk_plat_irq_register(unsigned int irq, unsigned int flags,
			 uk_irq_handler_t handler, void *arg)
{
	uk_pr_err("interrupt line %u: Xen PVH guests have none (devices use"
		  " event channels)\n", irq);
	return -ENOTSUP;
}

int uk_plat_irq_alloc_msi(uint64_t *addr, uint32_t *data)
{
	return -ENOTSUP;
}

void uk_plat_halt(void)
{
	int enabled = uk_irq_enabled();

	xen_shutdown_check();
	/* sti; hlt: Xen wakes the vCPU for a pending upcall. */
	x86_safe_halt();
	if (!enabled)
		uk_irq_disable();
}
