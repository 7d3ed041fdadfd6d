/* SPDX-License-Identifier: BSD-3-Clause */
/* Mutexes (optionally recursive), owned by a thread. */
#ifndef __UK_MUTEX_H__
#define __UK_MUTEX_H__

#include <stdint.h>
#include <uk/wait.h>

struct uk_thread;

struct uk_mutex {
	struct uk_thread *owner;
	unsigned int depth;		/* > 1 only for recursive mutexes */
	int recursive;
	struct uk_waitq wq;
};

#define UK_MUTEX_INIT(name) { NULL, 0, 0, UK_WAITQ_INIT((name).wq) }

void uk_mutex_init(struct uk_mutex *m, int recursive);
void uk_mutex_lock(struct uk_mutex *m);
/* Returns 0, or -EBUSY if another thread holds it (or it is not recursive
 * and the caller holds it). */
int uk_mutex_trylock(struct uk_mutex *m);
/* Like lock, with a monotonic deadline: 0 or -ETIMEDOUT. */
int uk_mutex_lock_until(struct uk_mutex *m, uint64_t deadline_ns);
/* Returns 0, or -EPERM if the caller does not hold it. */
int uk_mutex_unlock(struct uk_mutex *m);

#endif
