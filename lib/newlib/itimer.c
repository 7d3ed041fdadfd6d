/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interval timers: setitimer, getitimer, alarm, ualarm (needs uksched).
 * uksched's timer thread (uk/timer.h) sends the timer's signal to the
 * process as kill() does (signal.c): to a thread waiting in sigsuspend()
 * or pause() if one is, else the handler runs on the timer thread itself
 * (a handler that sets a flag, or the default action that ends the
 * program, both work).  Nothing is interrupted with EINTR.
 * ITIMER_VIRTUAL and ITIMER_PROF count real time, as clock() does: the
 * program owns the CPU.  Periods missed while the signal waited are
 * dropped, as Linux sends one signal for them.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/time.h>
#include <unistd.h>
#include <uk/plat/time.h>
#include <uk/timer.h>
#include "glue.h"

#define NTIMERS 3	/* ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF */

static const int timer_signal[NTIMERS] = { SIGALRM, SIGVTALRM, SIGPROF };

static struct uk_timer timers[NTIMERS];

/* One signal for however many periods went by, as Linux sends one. */
static void expired(struct uk_timer *t, uint64_t periods)
{
	kill(getpid(), timer_signal[t - timers]);
}

static uint64_t tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000ULL +
	       (uint64_t)tv->tv_usec * 1000ULL;
}

static void ns_tv(uint64_t ns, struct timeval *tv)
{
	tv->tv_sec = (time_t)(ns / 1000000000ULL);
	tv->tv_usec = (suseconds_t)(ns % 1000000000ULL / 1000ULL);
}

/* What timer w has left (at least 1 us while armed) and reloads with. */
static void current(int w, struct itimerval *v)
{
	uint64_t left, interval;

	uk_timer_get(&timers[w], &left, &interval);
	ns_tv(left && left < 1000 ? 1000 : left, &v->it_value);
	ns_tv(interval, &v->it_interval);
}

int getitimer(int which, struct itimerval *v)
{
	if (which < 0 || which >= NTIMERS)
		return glue_err(EINVAL);
	current(which, v);
	return 0;
}

int setitimer(int which, const struct itimerval *v, struct itimerval *old)
{
	if (which < 0 || which >= NTIMERS)
		return glue_err(EINVAL);
	if (v && (v->it_value.tv_usec < 0 || v->it_value.tv_usec >= 1000000 ||
		  v->it_interval.tv_usec < 0 ||
		  v->it_interval.tv_usec >= 1000000 ||
		  v->it_value.tv_sec < 0 || v->it_interval.tv_sec < 0))
		return glue_err(EINVAL);
	if (old)
		current(which, old);
	if (v) {
		uint64_t value = tv_ns(&v->it_value);
		struct uk_timer *t = &timers[which];

		if (!t->fn)
			uk_timer_init(t, expired);
		if (!value)
			uk_timer_disarm(t);
		else if (uk_timer_set(t, uk_plat_monotonic_ns() + value,
				      tv_ns(&v->it_interval)) < 0)
			return glue_err(EAGAIN);
	}
	return 0;
}

/* Seconds left of the previous alarm, rounded as glibc rounds them. */
unsigned int alarm(unsigned int seconds)
{
	struct itimerval v = { { 0, 0 }, { (time_t)seconds, 0 } }, old;
	unsigned int left;

	if (setitimer(ITIMER_REAL, &v, &old) < 0)
		return 0;
	left = (unsigned int)old.it_value.tv_sec;
	if (old.it_value.tv_usec >= 500000 ||
	    (left == 0 && old.it_value.tv_usec > 0))
		left++;
	return left;
}

useconds_t ualarm(useconds_t usecs, useconds_t interval)
{
	struct itimerval v, old;

	v.it_value.tv_sec = usecs / 1000000;
	v.it_value.tv_usec = usecs % 1000000;
	v.it_interval.tv_sec = interval / 1000000;
	v.it_interval.tv_usec = interval % 1000000;
	if (setitimer(ITIMER_REAL, &v, &old) < 0)
		return (useconds_t)-1;
	return (useconds_t)(old.it_value.tv_sec * 1000000 +
			    old.it_value.tv_usec);
}
