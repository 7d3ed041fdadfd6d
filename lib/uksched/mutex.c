/* SPDX-License-Identifier: BSD-3-Clause */
/* Mutexes.  Unlock hands the mutex to the first waiter (no barging), so
 * a thread that unlocks and relocks in a loop cannot starve the others. */
#include <errno.h>
#include <uk/sched.h>
#include <uk/mutex.h>
#include <uk/crash.h>
#include <uk/arch/irq.h>

void uk_mutex_init(struct uk_mutex *m, int recursive)
{
	m->owner = NULL;
	m->depth = 0;
	m->recursive = recursive;
	uk_waitq_init(&m->wq);
}

int uk_mutex_lock_until(struct uk_mutex *m, uint64_t deadline_ns)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long f = uk_irq_save();
	int rc = 0;

	if (m->owner == self) {
		if (!m->recursive)
			uk_panic("thread '%s' locks a mutex it holds",
				 self->name);
		m->depth++;
		uk_irq_restore(f);
		return 0;
	}
	while (m->owner && m->owner != self) {
		rc = uk_waitq_wait(&m->wq, deadline_ns);
		if (rc && m->owner != self)
			break;
		rc = 0;
	}
	if (!rc) {
		m->owner = self;	/* handed over by unlock, or free */
		m->depth = 1;
	}
	uk_irq_restore(f);
	return rc;
}

void uk_mutex_lock(struct uk_mutex *m)
{
	uk_mutex_lock_until(m, 0);
}

int uk_mutex_trylock(struct uk_mutex *m)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long f = uk_irq_save();
	int rc = 0;

	if (!m->owner) {
		m->owner = self;
		m->depth = 1;
	} else if (m->owner == self && m->recursive) {
		m->depth++;
	} else {
		rc = -EBUSY;
	}
	uk_irq_restore(f);
	return rc;
}

int uk_mutex_unlock(struct uk_mutex *m)
{
	unsigned long f = uk_irq_save();
	struct uk_thread *next;

	if (m->owner != uk_thread_current()) {
		uk_irq_restore(f);
		return -EPERM;
	}
	if (--m->depth == 0) {
		if (uk_waitq_empty(&m->wq)) {
			m->owner = NULL;
		} else {
			next = uk_list_first_entry(&m->wq.waiters,
						   struct uk_thread, waitq_link);
			m->owner = next;
			m->depth = 1;
			uk_waitq_wake_one(&m->wq);
		}
	}
	uk_irq_restore(f);
	return 0;
}
