/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Timers for libraries (interval timers, timerfd, POSIX timers): one
 * thread of uksched, made at the first arming, sleeps until the soonest
 * armed timer and calls its function.  That function runs in a thread
 * context (it may send signals, wake threads, take mutexes, arm timers,
 * its own included) with interrupts on.  A timer fires once per arming:
 * periodic timers arm themselves again from their function.
 *
 *	static void tick(struct uk_timer *t, uint64_t now) { ... }
 *	uk_timer_init(&t, tick);
 *	uk_timer_arm(&t, uk_plat_monotonic_ns() + 10000000);
 */
#ifndef __UK_TIMER_H__
#define __UK_TIMER_H__

#include <stdint.h>
#include <uk/list.h>

struct uk_timer {
	uint64_t expires;	/* monotonic ns; 0: not armed */
	void (*fn)(struct uk_timer *t, uint64_t now);
	struct uk_list_head link;	/* on the armed list, soonest first */
};

static inline void uk_timer_init(struct uk_timer *t,
				 void (*fn)(struct uk_timer *t, uint64_t now))
{
	t->expires = 0;
	t->fn = fn;
	uk_list_init(&t->link);
}

/*
 * Arms t to fire at monotonic time expires (a time already past fires at
 * once), or moves it there if armed.  From a thread (not an interrupt
 * handler).  0, or -EAGAIN if the timer thread cannot be made.
 */
int uk_timer_arm(struct uk_timer *t, uint64_t expires);

/*
 * Disarms t.  On return t's function is not running (unless this is
 * called from it) and will not run until t is armed again, so t may be
 * freed.
 */
void uk_timer_disarm(struct uk_timer *t);

static inline int uk_timer_armed(const struct uk_timer *t)
{
	return t->expires != 0;
}

#endif
