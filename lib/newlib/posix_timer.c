/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX per-process timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete (needs uksched).  They run on uksched's
 * timer thread (uk/timer.h).  An expiry sends the timer's signal as kill()
 * does, with SI_TIMER and the timer's value for an SA_SIGINFO handler or
 * sigwaitinfo (SIGEV_SIGNAL; by default SIGALRM with the timer's id), or
 * calls the notify function on a new thread of its own (SIGEV_THREAD; the
 * thread attributes are not looked at), or
 * only counts (SIGEV_NONE).  Periods the timer thread was late for are
 * the overrun of the expiry that follows them (Linux counts those that
 * came while the signal was still pending).  CLOCK_REALTIME absolute
 * times are turned into the monotonic clock when set, as timerfd does.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <uk/arch/irq.h>
#include <uk/essentials.h>
#include <uk/plat/time.h>
#include <uk/sched.h>
#include <uk/timer.h>
#include "glue.h"

#define MAX_TIMERS	256

struct ptimer {
	struct uk_timer timer;
	clockid_t clock;
	struct sigevent ev;
	int overrun;		/* of the last expiry */
};

static struct ptimer *table[MAX_TIMERS];

/* A SIGEV_THREAD call: what it needs, its own (the timer may go). */
struct notify_call {
	void (*fn)(union sigval);
	union sigval value;
};

static void notify_thread(void *arg)
{
	struct notify_call c = *(struct notify_call *)arg;

	free(arg);
	c.fn(c.value);
}

static void notify(struct ptimer *p)
{
	struct notify_call *c = malloc(sizeof(*c));
	struct uk_thread *t;

	if (!c)
		return;
	c->fn = p->ev.sigev_notify_function;
	c->value = p->ev.sigev_value;
	t = uk_thread_create("timer-notify", 0, notify_thread, c);
	if (t)
		uk_thread_detach(t);
	else
		free(c);
}

/* Periods the timer thread came late for are this expiry's overrun. */
static void expired(struct uk_timer *t, uint64_t periods)
{
	struct ptimer *p = uk_container_of(t, struct ptimer, timer);

	p->overrun = periods - 1 > INT_MAX ? INT_MAX : (int)(periods - 1);
	switch (p->ev.sigev_notify) {
	case SIGEV_SIGNAL:
		newlib_signal_send(p->ev.sigev_signo, SI_TIMER,
				   p->ev.sigev_value);
		break;
	case SIGEV_THREAD:
		notify(p);
		break;
	}
}

/* The timer with id, or NULL (errno EINVAL). */
static struct ptimer *timer_of(timer_t id)
{
	if ((unsigned long)id >= MAX_TIMERS || !table[(unsigned long)id]) {
		errno = EINVAL;
		return NULL;
	}
	return table[(unsigned long)id];
}

int timer_create(clockid_t clock, struct sigevent *__restrict ev,
		 timer_t *__restrict id)
{
	struct ptimer *p;
	unsigned long f, i;

	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return glue_err(EINVAL);
	if (ev && !(ev->sigev_notify == SIGEV_NONE ||
		    (ev->sigev_notify == SIGEV_SIGNAL && ev->sigev_signo > 0 &&
		     ev->sigev_signo < NSIG) ||
		    (ev->sigev_notify == SIGEV_THREAD &&
		     ev->sigev_notify_function)))
		return glue_err(EINVAL);
	p = calloc(1, sizeof(*p));
	if (!p)
		return glue_err(EAGAIN);
	uk_timer_init(&p->timer, expired);
	p->clock = clock;
	f = uk_irq_save();
	for (i = 0; i < MAX_TIMERS && table[i]; i++)
		;
	if (i < MAX_TIMERS)
		table[i] = p;
	uk_irq_restore(f);
	if (i == MAX_TIMERS) {
		free(p);
		return glue_err(EAGAIN);
	}
	if (ev) {
		p->ev = *ev;
	} else {
		p->ev.sigev_notify = SIGEV_SIGNAL;
		p->ev.sigev_signo = SIGALRM;
		p->ev.sigev_value.sival_int = (int)i;
	}
	*id = (timer_t)i;
	return 0;
}

int timer_delete(timer_t id)
{
	struct ptimer *p = timer_of(id);
	unsigned long f;

	if (!p)
		return -1;
	f = uk_irq_save();
	table[(unsigned long)id] = NULL;
	uk_irq_restore(f);
	uk_timer_disarm(&p->timer);
	free(p);
	return 0;
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec;
}

static void ns_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000ULL);
	ts->tv_nsec = (long)(ns % 1000000000ULL);
}

/* What p has left and reloads with. */
static void current(struct ptimer *p, struct itimerspec *v)
{
	uint64_t left, interval;

	uk_timer_get(&p->timer, &left, &interval);
	ns_ts(left, &v->it_value);
	ns_ts(interval, &v->it_interval);
}

int timer_gettime(timer_t id, struct itimerspec *v)
{
	struct ptimer *p = timer_of(id);

	if (!p)
		return -1;
	current(p, v);
	return 0;
}

int timer_getoverrun(timer_t id)
{
	struct ptimer *p = timer_of(id);

	return p ? p->overrun : -1;
}

int timer_settime(timer_t id, int flags, const struct itimerspec *__restrict v,
		  struct itimerspec *__restrict old)
{
	struct ptimer *p = timer_of(id);
	uint64_t value;

	if (!p)
		return -1;
	if (!v || v->it_value.tv_nsec < 0 || v->it_value.tv_nsec > 999999999 ||
	    v->it_interval.tv_nsec < 0 ||
	    v->it_interval.tv_nsec > 999999999 || v->it_value.tv_sec < 0 ||
	    v->it_interval.tv_sec < 0)
		return glue_err(EINVAL);
	if (old)
		current(p, old);
	uk_timer_disarm(&p->timer);
	value = ts_ns(&v->it_value);
	if (!value)
		return 0;
	p->overrun = 0;
	if (uk_timer_set(&p->timer, flags & TIMER_ABSTIME ?
			 uk_timer_monotonic_of(value, p->clock == CLOCK_REALTIME) :
			 uk_plat_monotonic_ns() + value,
			 ts_ns(&v->it_interval)) < 0)
		return glue_err(EAGAIN);
	return 0;
}
