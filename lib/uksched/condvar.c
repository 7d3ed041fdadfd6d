/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Condition variables.  Releasing the mutex and starting to wait happen
 * with interrupts off, and only one CPU runs: no signal can slip in
 * between.
 */
#include <errno.h>
#include <uk/sched.h>
#include <uk/condvar.h>
#include <uk/arch/irq.h>

void uk_condvar_init(struct uk_condvar *c)
{
	uk_waitq_init(&c->wq);
}

int uk_condvar_wait_until(struct uk_condvar *c, struct uk_mutex *m,
			  uint64_t deadline_ns)
{
	unsigned long f = uk_irq_save();
	unsigned int depth = m->depth;
	int rc;

	/* A recursive mutex is released entirely, and restored after. */
	m->depth = 1;
	uk_mutex_unlock(m);
	rc = uk_waitq_wait(&c->wq, deadline_ns);
	uk_irq_restore(f);
	uk_mutex_lock(m);
	m->depth = depth;
	return rc;
}

void uk_condvar_wait(struct uk_condvar *c, struct uk_mutex *m)
{
	uk_condvar_wait_until(c, m, 0);
}

void uk_condvar_signal(struct uk_condvar *c)
{
	uk_waitq_wake_one(&c->wq);
}

void uk_condvar_broadcast(struct uk_condvar *c)
{
	uk_waitq_wake_all(&c->wq);
}
