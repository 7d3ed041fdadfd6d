/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xen event channels: the interrupts of a Xen guest.  A port is bound to
 * a handler, which runs with interrupts off when the other end (Xen, a
 * backend in dom0) signals it.  Drivers under plat/xen use these; nothing
 * above the platform needs them.
 */
#ifndef __UK_XEN_EVTCHN_H__
#define __UK_XEN_EVTCHN_H__

#include <stdint.h>

/* Ports above this cannot have handlers (2-level ABI; 64 x 64 would be 4096). */
#define UK_XEN_EVTCHN_MAX	1024

/* Runs in interrupt context, interrupts off; must not block. */
typedef void (*uk_xen_evtchn_handler_t)(uint32_t port, void *arg);

/*
 * Calls fn(port, arg) whenever port is signalled, from now on, and
 * unmasks the port.  Returns 0, -EINVAL (port too large), or -EBUSY (the
 * port already has a handler).
 */
int uk_xen_evtchn_bind(uint32_t port, uk_xen_evtchn_handler_t fn, void *arg);

/* Masks port and forgets its handler (the port stays open). */
void uk_xen_evtchn_unbind(uint32_t port);

/*
 * Opens a new port that domain remote_domid may connect to (what a
 * frontend advertises in xenstore for its backend).  Returns the port or
 * a negative errno.
 */
int uk_xen_evtchn_alloc_unbound(uint16_t remote_domid);

/* Opens a port for virtual IRQ virq (VIRQ_*) of vCPU 0: port or -errno. */
int uk_xen_evtchn_bind_virq(uint32_t virq);

/* Signals the other end of port.  Returns 0 or a negative errno. */
int uk_xen_evtchn_notify(uint32_t port);

/* Masks / unmasks port; an event that came while masked is delivered on unmask. */
void uk_xen_evtchn_mask(uint32_t port);
void uk_xen_evtchn_unmask(uint32_t port);

/* Closes port (unbinding it first).  Returns 0 or a negative errno. */
int uk_xen_evtchn_close(uint32_t port);

#endif
