/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wait queues: threads block on one until another thread or an interrupt
 * handler wakes them.  The waiter tests its condition with interrupts off,
 * so a wake-up between the test and the sleep cannot be lost:
 *
 *	unsigned long f = uk_irq_save();
 *	while (!ready)
 *		uk_waitq_wait(&wq, 0);
 *	uk_irq_restore(f);
 *
 * or simply uk_waitq_wait_event(&wq, ready).
 */
#ifndef __UK_WAIT_H__
#define __UK_WAIT_H__

#include <stdint.h>
#include <uk/list.h>
#include <uk/arch/irq.h>

struct uk_waitq {
	struct uk_list_head waiters;
};

#define UK_WAITQ_INIT(name) { UK_LIST_HEAD_INIT((name).waiters) }

static inline void uk_waitq_init(struct uk_waitq *wq)
{
	uk_list_init(&wq->waiters);
}

/*
 * With interrupts off: blocks the current thread on wq until woken or
 * until monotonic time deadline_ns (0: no deadline).  Returns with
 * interrupts off again: 0 if woken, -ETIMEDOUT at the deadline.
 */
int uk_waitq_wait(struct uk_waitq *wq, uint64_t deadline_ns);

/* Wakes the first waiter / every waiter.  Safe in interrupt handlers. */
void uk_waitq_wake_one(struct uk_waitq *wq);
void uk_waitq_wake_all(struct uk_waitq *wq);

static inline int uk_waitq_empty(struct uk_waitq *wq)
{
	return uk_list_empty(&wq->waiters);
}

#define uk_waitq_wait_event(wq, cond)					\
	do {								\
		unsigned long __f = uk_irq_save();			\
		while (!(cond))						\
			uk_waitq_wait(wq, 0);				\
		uk_irq_restore(__f);					\
	} while (0)

#endif
