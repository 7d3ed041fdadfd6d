/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sleeping and deadlines: blocked threads with a deadline sit in a list
 * sorted by it, and the platform's one-shot timer is armed for the first
 * one.  With preemption, the timer also ends time slices.
 */
#include <uk/essentials.h>
#include <uk/sched.h>
#include <uk/wait.h>
#include <uk/plat/time.h>
#include <uk/arch/irq.h>
#include "sched_impl.h"

static UK_LIST_HEAD(sleepers);
#if CONFIG_LIBUKSCHED_PREEMPT
#define SLICE_NS ((uint64_t)CONFIG_LIBUKSCHED_TIMESLICE_MS * 1000000ULL)
static uint64_t slice_end;
#endif

void uk_sched_timer_rearm(void)
{
	uint64_t next = 0;

	if (!uk_list_empty(&sleepers))
		next = uk_list_first_entry(&sleepers, struct uk_thread,
					   sleep)->wakeup_ns;
#if CONFIG_LIBUKSCHED_PREEMPT
	if (uk_sched_runnable_waiting()) {
		if (!slice_end)
			slice_end = uk_plat_monotonic_ns() + SLICE_NS;
		if (!next || slice_end < next)
			next = slice_end;
	} else {
		slice_end = 0;
	}
#endif
	uk_plat_timer_set(next);
}

void uk_sched_set_deadline(struct uk_thread *t, uint64_t deadline_ns)
{
	struct uk_list_head *p;

	if (!uk_list_empty(&t->sleep))
		uk_list_del(&t->sleep);
	t->wakeup_ns = deadline_ns;
	if (deadline_ns) {
		uk_list_for_each(p, &sleepers)
			if (uk_list_entry(p, struct uk_thread, sleep)->wakeup_ns >
			    deadline_ns)
				break;
		uk_list_add_tail(&t->sleep, p);	/* before p: keeps order */
	}
	uk_sched_timer_rearm();
}

static void timer_irq(void)
{
	uint64_t now = uk_plat_monotonic_ns();

	while (!uk_list_empty(&sleepers)) {
		struct uk_thread *t = uk_list_first_entry(&sleepers,
							  struct uk_thread,
							  sleep);

		if (t->wakeup_ns > now)
			break;
		uk_list_del(&t->sleep);
		t->timed_out = 1;
		if (t->waitq) {
			uk_list_del(&t->waitq_link);
			t->waitq = NULL;
		}
		uk_thread_wake(t);
	}
#if CONFIG_LIBUKSCHED_PREEMPT
	if (slice_end && now >= slice_end) {
		slice_end = 0;
		uk_sched_need_resched = 1;
	}
#endif
	uk_sched_timer_rearm();
}

void uk_sched_timer_init(void)
{
	uk_plat_timer_handler(timer_irq);
}

void uk_sched_sleep_until(uint64_t deadline_ns)
{
	unsigned long f = uk_irq_save();

	while (uk_plat_monotonic_ns() < deadline_ns) {
		uk_sched_set_deadline(uk_sched_current, deadline_ns);
		uk_sched_block();
	}
	uk_irq_restore(f);
}

void uk_sched_sleep_ns(uint64_t ns)
{
	uk_sched_sleep_until(uk_plat_monotonic_ns() + ns);
}
