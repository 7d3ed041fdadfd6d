/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interval timers: setitimer, getitimer, alarm, ualarm (needs uksched).
 * A thread of ours sleeps until the next expiry and sends the timer's
 * signal to the process as kill() does (signal.c): to a thread waiting in
 * sigsuspend() or pause() if one is, else the handler runs on the timer
 * thread itself (a handler that sets a flag, or the default action that
 * ends the program, both work).  Nothing is interrupted with EINTR.
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
#include <uk/wait.h>
#include "glue.h"

#define NTIMERS 3	/* ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF */

static const int timer_signal[NTIMERS] = { SIGALRM, SIGVTALRM, SIGPROF };

static struct {
	uint64_t next;		/* monotonic ns of the next expiry; 0: off */
	uint64_t interval;	/* ns; 0: once */
} timers[NTIMERS];

static struct uk_waitq rearmed = UK_WAITQ_INIT(rearmed);
static struct uk_thread *ticker;

static void ticker_main(void *arg)
{
	for (;;) {
		unsigned long f = uk_irq_save();
		uint64_t now = uk_plat_monotonic_ns(), soonest = 0;
		int due = -1, i;

		for (i = 0; i < NTIMERS && due < 0; i++) {
			if (!timers[i].next)
				continue;
			if (timers[i].next <= now)
				due = i;
			else if (!soonest || timers[i].next < soonest)
				soonest = timers[i].next;
		}
		if (due < 0) {
			uk_waitq_wait(&rearmed, soonest);	/* 0: no deadline */
			uk_irq_restore(f);
			continue;
		}
		/* reloaded before the signal goes: its handler may re-arm */
		if (timers[due].interval) {
			timers[due].next += timers[due].interval;
			if (timers[due].next <= now)
				timers[due].next = now + timers[due].interval;
		} else {
			timers[due].next = 0;
		}
		uk_irq_restore(f);
		kill(getpid(), timer_signal[due]);
	}
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
	ns_tv(timers[w].next > now ? timers[w].next - now :
	      timers[w].next ? 1000 : 0, &v->it_value);
	ns_tv(timers[w].interval, &v->it_interval);
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
	if (v && tv_ns(&v->it_value) && !ticker) {
		ticker = uk_thread_create("itimer", 0, ticker_main, NULL);
		if (!ticker)
			return glue_err(EAGAIN);
	}
	f = uk_irq_save();
	now = uk_plat_monotonic_ns();
	if (old)
		current(which, now, old);
	if (v) {
		uint64_t value = tv_ns(&v->it_value);

		timers[which].next = value ? now + value : 0;
		timers[which].interval = value ? tv_ns(&v->it_interval) : 0;
		uk_waitq_wake_all(&rearmed);
	}
	uk_irq_restore(f);
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
