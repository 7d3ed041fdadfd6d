/* SPDX-License-Identifier: BSD-3-Clause */
/* Counting semaphores. */
#include <errno.h>
#include <uk/sched.h>
#include <uk/semaphore.h>
#include <uk/arch/irq.h>

void uk_semaphore_init(struct uk_semaphore *s, long count)
{
	s->count = count;
	uk_waitq_init(&s->wq);
}

int uk_semaphore_down_until(struct uk_semaphore *s, uint64_t deadline_ns)
{
	unsigned long f = uk_irq_save();
	int rc = 0;

	while (s->count <= 0 && !rc)
		rc = uk_waitq_wait(&s->wq, deadline_ns);
	if (s->count > 0) {
		s->count--;
		rc = 0;
	}
	uk_irq_restore(f);
	return rc;
}

void uk_semaphore_down(struct uk_semaphore *s)
{
	uk_semaphore_down_until(s, 0);
}

int uk_semaphore_trydown(struct uk_semaphore *s)
{
	unsigned long f = uk_irq_save();
	int rc = -EAGAIN;

	if (s->count > 0) {
		s->count--;
		rc = 0;
	}
	uk_irq_restore(f);
	return rc;
}

void uk_semaphore_up(struct uk_semaphore *s)
{
	unsigned long f = uk_irq_save();

	s->count++;
	uk_waitq_wake_one(&s->wq);
	uk_irq_restore(f);
}
