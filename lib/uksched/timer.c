/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The timer thread (see uk/timer.h).  The armed list is kept sorted, so
 * the thread looks only at its head; the list and each timer's expires
 * change with interrupts off (the wait-queue rule).
 */
#include <errno.h>
#include <uk/arch/irq.h>
#include <uk/plat/time.h>
#include <uk/sched.h>
#include <uk/timer.h>
#include <uk/wait.h>

static UK_LIST_HEAD(armed);
static struct uk_waitq changed = UK_WAITQ_INIT(changed);	/* the head */
static struct uk_waitq finished = UK_WAITQ_INIT(finished);	/* a call */
static struct uk_thread *timer_thread;
static struct uk_timer *running;	/* whose function is being called */

static void unlink_timer(struct uk_timer *t)
{
	if (t->expires) {
		uk_list_del(&t->link);
		t->expires = 0;
	}
}

/* Puts t on the armed list for expires (not 0); interrupts off. */
static void insert(struct uk_timer *t, uint64_t expires)
{
	struct uk_list_head *p;

	t->expires = expires;
	/* after the timers due no later: equal times fire in arming order */
	for (p = armed.next; p != &armed; p = p->next)
		if (uk_list_entry(p, struct uk_timer, link)->expires > expires)
			break;
	uk_list_add_tail(&t->link, p);
	if (armed.next == &t->link)
		uk_waitq_wake_all(&changed);
}

static void timer_main(void *arg)
{
	unsigned long f = uk_irq_save();

	for (;;) {
		struct uk_timer *t;
		uint64_t now, due, periods = 1;

		if (uk_list_empty(&armed)) {
			uk_waitq_wait(&changed, 0);
			continue;
		}
		t = uk_list_first_entry(&armed, struct uk_timer, link);
		now = uk_plat_monotonic_ns();
		due = t->expires;
		if (due > now) {
			uk_waitq_wait(&changed, due);
			continue;
		}
		unlink_timer(t);
		if (t->interval) {
			/* the periods the thread was late for count too */
			periods += (now - due) / t->interval;
			insert(t, due + periods * t->interval);
		}
		running = t;
		uk_irq_restore(f);
		t->fn(t, periods);
		f = uk_irq_save();
		running = NULL;
		uk_waitq_wake_all(&finished);
	}
}

int uk_timer_set(struct uk_timer *t, uint64_t expires, uint64_t interval)
{
	unsigned long f;

	if (!timer_thread) {
		timer_thread = uk_thread_create("timer", 0, timer_main, NULL);
		if (!timer_thread)
			return -EAGAIN;
	}
	f = uk_irq_save();
	unlink_timer(t);
	t->interval = interval;
	insert(t, expires ? expires : 1);	/* 0 means off: the past will do */
	uk_irq_restore(f);
	return 0;
}

void uk_timer_disarm(struct uk_timer *t)
{
	unsigned long f = uk_irq_save();

	for (;;) {
		unlink_timer(t);
		if (running != t || uk_thread_current() == timer_thread)
			break;
		uk_waitq_wait(&finished, 0);	/* it may set itself again */
	}
	uk_irq_restore(f);
}

void uk_timer_get(struct uk_timer *t, uint64_t *left, uint64_t *interval)
{
	uint64_t now = uk_plat_monotonic_ns();
	unsigned long f = uk_irq_save();

	*left = !t->expires ? 0 : t->expires > now ? t->expires - now : 1;
	*interval = t->expires ? t->interval : 0;
	uk_irq_restore(f);
}

uint64_t uk_timer_monotonic_of(uint64_t t, int wall)
{
	uint64_t mono = uk_plat_monotonic_ns();
	uint64_t now = wall ? uk_plat_wall_ns() : mono;

	return mono + (t > now ? t - now : 0);
}
