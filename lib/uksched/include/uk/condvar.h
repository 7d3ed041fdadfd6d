/* SPDX-License-Identifier: BSD-3-Clause */
/* Condition variables, used with a uk_mutex. */
#ifndef __UK_CONDVAR_H__
#define __UK_CONDVAR_H__

#include <stdint.h>
#include <uk/wait.h>
#include <uk/mutex.h>

struct uk_condvar {
	struct uk_waitq wq;
};

#define UK_CONDVAR_INIT(name) { UK_WAITQ_INIT((name).wq) }

void uk_condvar_init(struct uk_condvar *c);
/*
 * Releases m, waits for a signal (or monotonic deadline_ns, 0: none) and
 * takes m again.  Returns 0 or -ETIMEDOUT.
 */
int uk_condvar_wait_until(struct uk_condvar *c, struct uk_mutex *m,
			  uint64_t deadline_ns);
void uk_condvar_wait(struct uk_condvar *c, struct uk_mutex *m);
void uk_condvar_signal(struct uk_condvar *c);
void uk_condvar_broadcast(struct uk_condvar *c);

#endif
