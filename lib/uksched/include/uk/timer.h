/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Timers for libraries (interval timers, timerfd, POSIX timers): one
 * thread of uksched, made at the first arming, sleeps until the soonest
 * armed timer and calls its function.  That function runs in a thread
 * context (it may send signals, wake threads, take mutexes, set or
 * disarm timers, its own included) with interrupts on.  A periodic timer
 * is armed for its next period before its function is called, and is
 * told how many periods went by since the last call: more than one when
 * the thread came late, as each user counts them its own way (timerfd
 * adds them up, a POSIX timer calls the extra ones overruns, an interval
 * timer sends one signal for all).
 *
 *	static void tick(struct uk_timer *t, uint64_t periods) { ... }
 *	uk_timer_init(&t, tick);
 *	uk_timer_set(&t, uk_plat_monotonic_ns() + 10000000, 5000000);
 */
#ifndef __UK_TIMER_H__
#define __UK_TIMER_H__

#include <stdint.h>
#include <uk/list.h>

struct uk_timer {
	uint64_t expires;	/* monotonic ns of the next expiry; 0: off */
	uint64_t interval;	/* ns between expiries; 0: once */
	void (*fn)(struct uk_timer *t, uint64_t periods);
	struct uk_list_head link;	/* on the armed list, soonest first */
};

static inline void uk_timer_init(struct uk_timer *t,
				 void (*fn)(struct uk_timer *t,
					    uint64_t periods))
{
	t->expires = 0;
	t->interval = 0;
	t->fn = fn;
	uk_list_init(&t->link);
}

/*
 * Arms t to fire at monotonic time expires (a time already past fires at
 * once) and then every interval ns (0: once), or moves it there if armed.
 * From a thread (not an interrupt handler).  0, or -EAGAIN if the timer
 * thread cannot be made.
 */
int uk_timer_set(struct uk_timer *t, uint64_t expires, uint64_t interval);

/*
 * Disarms t.  On return t's function is not running (unless this is
 * called from it) and will not run until t is set again, so t may be
 * freed.
 */
void uk_timer_disarm(struct uk_timer *t);

/*
 * What t has left until its next expiry (ns; at least 1 while armed, 0
 * when not) and its interval (0 when not armed).
 */
void uk_timer_get(struct uk_timer *t, uint64_t *left, uint64_t *interval);

static inline int uk_timer_armed(const struct uk_timer *t)
{
	return t->expires != 0;
}

/*
 * When an absolute time arrives on the monotonic clock: t is on the
 * wall clock if wall (CLOCK_REALTIME: a later change of the wall clock
 * does not move the timer), else on the monotonic one; a time already
 * past arrives now.
 */
uint64_t uk_timer_monotonic_of(uint64_t t, int wall);

#endif
