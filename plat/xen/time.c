/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks and the one-shot timer, from Xen.  Xen keeps, in the shared info
 * page, the vCPU's pvclock: system time (ns since the host booted) at a
 * TSC stamp, and the TSC-to-ns scale; monotonic time is that, read
 * consistently (version counter), minus its value at our boot.  Wall time
 * is Xen's wall clock at system time 0 plus system time.  The one-shot
 * timer is VCPUOP_set_singleshot_timer, which raises VIRQ_TIMER on its
 * event channel.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/cpu.h>
#include <uk/arch/io.h>
#include <uk/arch/irq.h>
#include <uk/plat/time.h>
#include <uk/xen/evtchn.h>
#include "xen.h"

static uint64_t boot_offset;	/* system time at xen_time_init() */
static uint64_t last_now;	/* what was returned last: never go back */
static uint64_t tsc_hz;
static void (*timer_fn)(void);
static uint64_t timer_deadline;	/* monotonic ns; 0 = not armed */
static int timer_port = -1;

uint64_t xen_system_time(void)
{
	volatile struct vcpu_time_info *t;
	uint64_t stamp, sys, delta, now, last;
	uint32_t version, mul;
	int8_t shift;

	if (uk_unlikely(!xen_shared_info))
		return 0;
	t = &xen_shared_info->vcpu_info[0].time;
	do {
		version = t->version;
		uk_barrier();	/* x86 keeps loads in order: the compiler must too */
		stamp = t->tsc_timestamp;
		sys = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		delta = x86_rdtsc() - stamp;
		uk_barrier();
	} while ((version & 1) || version != t->version);

	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	now = sys + (uint64_t)(((unsigned __int128)delta * mul) >> 32);

	/* Two readings around a pvclock update may step back a little. */
	last = __atomic_load_n(&last_now, __ATOMIC_RELAXED);
	do {
		if (now <= last)
			return last;
	} while (!__atomic_compare_exchange_n(&last_now, &last, now, 0,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return now;
}

void xen_time_init(void)
{
	volatile struct vcpu_time_info *t = &xen_shared_info->vcpu_info[0].time;
	uint64_t hz;

	boot_offset = xen_system_time();
	if (t->tsc_to_system_mul) {
		hz = (UK_NSEC_PER_SEC << 32) / t->tsc_to_system_mul;
		tsc_hz = t->tsc_shift < 0 ? hz << -t->tsc_shift :
					    hz >> t->tsc_shift;
	}
	/* A vCPU may start with a periodic timer; we only want one-shots. */
	xen_hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
}

uint64_t uk_plat_monotonic_ns(void)
{
	return xen_system_time() - boot_offset;
}

uint64_t uk_plat_tsc_hz(void)
{
	return tsc_hz;
}

uint64_t uk_plat_wall_ns(void)
{
	volatile struct shared_info *s = xen_shared_info;
	uint32_t version, nsec;
	uint64_t sec;

	if (!s)
		return 0;
	do {
		version = s->wc_version;
		uk_barrier();
		sec = ((uint64_t)s->xen_wc_sec_hi << 32) | s->wc_sec;
		nsec = s->wc_nsec;
		uk_barrier();
	} while ((version & 1) || version != s->wc_version);
	return sec * UK_NSEC_PER_SEC + nsec + xen_system_time();
}

/* --- the one-shot timer --------------------------------------------------- */

static void arm(uint64_t deadline)
{
	struct vcpu_set_singleshot_timer t = {
		.timeout_abs_ns = deadline + boot_offset,
		.flags = 0,	/* a deadline in the past fires at once */
	};
	int rc = xen_errno(xen_hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t));

	if (rc)
		uk_pr_err("cannot arm the timer (error %d)\n", -rc);
}

/*
 * VIRQ_TIMER may also come for other reasons: the handler runs only once
 * the armed deadline has passed, else the timer is armed again.
 */
static void timer_event(uint32_t port, void *arg)
{
	uint64_t deadline = timer_deadline;

	if (!deadline)
		return;
	if (uk_plat_monotonic_ns() < deadline) {
		arm(deadline);
		return;
	}
	timer_deadline = 0;
	if (timer_fn)
		timer_fn();
}

static int timer_bind(void)
{
	int port;

	if (timer_port >= 0)
		return 0;
	port = uk_xen_evtchn_bind_virq(VIRQ_TIMER);
	if (port < 0 || uk_xen_evtchn_bind(port, timer_event, NULL)) {
		uk_pr_err("cannot bind the timer's event channel (%d)\n", port);
		return -1;
	}
	timer_port = port;
	return 0;
}

void uk_plat_timer_handler(void (*fn)(void))
{
	timer_fn = fn;
}

void uk_plat_timer_set(uint64_t deadline_ns)
{
	unsigned long flags = uk_irq_save();

	if (timer_bind() == 0) {
		timer_deadline = deadline_ns;
		if (deadline_ns)
			arm(deadline_ns);
		else
			xen_hc_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL);
	}
	uk_irq_restore(flags);
}
