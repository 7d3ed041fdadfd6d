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
#include <uk/arch/irq.h>
#include <uk/plat/time.h>
#include <uk/sched.h>
#include <uk/timer.h>
#include "glue.h"

#define NTIMERS 3	/* ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF */

static const int timer_signal[NTIMERS] = { SIGALRM, SIGVTALRM, SIGPROF };

static struct itimer {
	struct uk_timer timer;	/* armed while the timer runs */
	uint64_t due;		/* monotonic ns of the next expiry */
	uint64_t interval;	/* ns; 0: once */
} timers[NTIMERS];

static void expired(struct uk_timer *t, uint64_t now)
{
	struct itimer *it = uk_container_of(t, struct itimer, timer);

	/* reloaded before the signal goes: its handler may re-arm; periods
	 * missed while the signal waited are dropped, as Linux sends one */
	if (it->interval) {
		it->due += it->interval;
		if (it->due <= now)
			it->due = now + it->interval;
		uk_timer_arm(t, it->due);
	}
	kill(getpid(), timer_signal[it - timers]);
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

/* What timer w has left and reloads with; interrupts off. */
static void current(int w, uint64_t now, struct itimerval *v)
{
	uint64_t next = uk_timer_armed(&timers[w].timer) ? timers[w].due : 0;

	ns_tv(next > now ? next - now : next ? 1000 : 0, &v->it_value);
	ns_tv(next ? timers[w].interval : 0, &v->it_interval);
}

int getitimer(int which, struct itimerval *v)
{
	unsigned long f;

	if (which < 0 || which >= NTIMERS)
		return glue_err(EINVAL);
	f = uk_irq_save();
	current(which, uk_plat_monotonic_ns(), v);
	uk_irq_restore(f);
	return 0;
}

int setitimer(int which, const struct itimerval *v, struct itimerval *old)
{
	unsigned long f;
	uint64_t now;

	if (which < 0 || which >= NTIMERS)
		return glue_err(EINVAL);
	if (v && (v->it_value.tv_usec < 0 || v->it_value.tv_usec >= 1000000 ||
		  v->it_interval.tv_usec < 0 ||
		  v->it_interval.tv_usec >= 1000000 ||
		  v->it_value.tv_sec < 0 || v->it_interval.tv_sec < 0))
		return glue_err(EINVAL);
	f = uk_irq_save();
	now = uk_plat_monotonic_ns();
	if (old)
		current(which, now, old);
	uk_irq_restore(f);
	if (v) {
		uint64_t value = tv_ns(&v->it_value);
		struct itimer *it = &timers[which];

		if (!it->timer.fn)
			uk_timer_init(&it->timer, expired);
		uk_timer_disarm(&it->timer);
		it->interval = tv_ns(&v->it_interval);
		it->due = now + value;
		if (value && uk_timer_arm(&it->timer, it->due) < 0)
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
