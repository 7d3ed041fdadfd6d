/* SPDX-License-Identifier: BSD-3-Clause */
/* Wait queues (see uk/wait.h). */
#include <errno.h>
#include <uk/sched.h>
#include <uk/wait.h>
#include <uk/arch/irq.h>
#include "sched_impl.h"

int uk_waitq_wait(struct uk_waitq *wq, uint64_t deadline_ns)
{
	struct uk_thread *t = uk_sched_current;

	t->timed_out = 0;
	t->waitq = wq;
	uk_list_add_tail(&t->waitq_link, &wq->waiters);
	if (deadline_ns)
		uk_sched_set_deadline(t, deadline_ns);
	uk_sched_block();
	/* Woken by a waker (already off wq) or by the deadline. */
	if (t->waitq) {
		uk_list_del(&t->waitq_link);
		t->waitq = NULL;
	}
	if (deadline_ns && !uk_list_empty(&t->sleep))
		uk_sched_set_deadline(t, 0);
	return t->timed_out ? -ETIMEDOUT : 0;
}

static int wake_first(struct uk_waitq *wq)
{
	struct uk_thread *t;

	if (uk_list_empty(&wq->waiters))
		return 0;
	t = uk_list_first_entry(&wq->waiters, struct uk_thread, waitq_link);
	uk_list_del(&t->waitq_link);
	t->waitq = NULL;
	uk_thread_wake(t);
	return 1;
}

void uk_waitq_wake_one(struct uk_waitq *wq)
{
	unsigned long f = uk_irq_save();

	wake_first(wq);
	uk_irq_restore(f);
}

void uk_waitq_wake_all(struct uk_waitq *wq)
{
	unsigned long f = uk_irq_save();

	while (wake_first(wq))
		;
	uk_irq_restore(f);
}
