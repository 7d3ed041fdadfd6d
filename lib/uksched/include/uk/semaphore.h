/* SPDX-License-Identifier: BSD-3-Clause */
/* Counting semaphores. */
#ifndef __UK_SEMAPHORE_H__
#define __UK_SEMAPHORE_H__

#include <stdint.h>
#include <uk/wait.h>

struct uk_semaphore {
	long count;
	struct uk_waitq wq;
};

void uk_semaphore_init(struct uk_semaphore *s, long count);
void uk_semaphore_down(struct uk_semaphore *s);
/* 0, or -ETIMEDOUT at monotonic deadline_ns (0: wait forever). */
int uk_semaphore_down_until(struct uk_semaphore *s, uint64_t deadline_ns);
/* 0, or -EAGAIN if the count is 0. */
int uk_semaphore_trydown(struct uk_semaphore *s);
/* Safe in interrupt handlers. */
void uk_semaphore_up(struct uk_semaphore *s);

#endif
