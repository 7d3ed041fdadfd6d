/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The scheduler: a run queue served round-robin, the idle thread (the
 * boot context) that halts the CPU when nothing is runnable, and the
 * context switch with the FPU/SSE state and TLS base of each thread.
 * Everything here runs with interrupts off.
 */
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/sched.h>
#include <uk/arch/cpu.h>
#include <uk/arch/ctx.h>
#include <uk/arch/irq.h>
#include <uk/plat/irq.h>
#include "sched_impl.h"

struct uk_thread uk_sched_idle = { .name = "idle" };
struct uk_thread *uk_sched_current = &uk_sched_idle;
static UK_LIST_HEAD(runq);
struct uk_thread *uk_sched_dead;	/* exited and detached: free it */
int uk_sched_need_resched;
uint64_t uk_sched_switches;
static int started;

int uk_sched_started(void)
{
	return started;
}

struct uk_thread *uk_thread_current(void)
{
	return uk_sched_current;
}

int uk_sched_runnable_waiting(void)
{
	return !uk_list_empty(&runq);
}

/* Frees what the previous thread left behind; runs after every switch. */
void uk_sched_finish_switch(void)
{
	if (uk_sched_dead && uk_sched_dead != uk_sched_current) {
		uk_thread_free(uk_sched_dead);
		uk_sched_dead = NULL;
	}
}

static void switch_to(struct uk_thread *prev, struct uk_thread *next)
{
	x86_fpu_save(&prev->fpu);
	x86_fpu_restore(&next->fpu);
	x86_set_fsbase((unsigned long)next->tls);
	uk_sched_current = next;
	uk_sched_switches++;
	x86_ctx_switch(&prev->sp, next->sp);
	uk_sched_finish_switch();
}

/* Picks the next thread and switches to it; interrupts must be off. */
void uk_sched_schedule(void)
{
	struct uk_thread *prev = uk_sched_current, *next;

	if (!uk_list_empty(&runq)) {
		next = uk_list_first_entry(&runq, struct uk_thread, runq);
		uk_list_del(&next->runq);
		if (prev->state == UK_THREAD_RUNNABLE && prev != &uk_sched_idle)
			uk_list_add_tail(&prev->runq, &runq);
	} else if (prev->state == UK_THREAD_RUNNABLE) {
		return;		/* nobody else: keep running */
	} else {
		next = &uk_sched_idle;
	}
	if (next != prev)
		switch_to(prev, next);
}

void uk_sched_enqueue(struct uk_thread *t)
{
	t->state = UK_THREAD_RUNNABLE;
	uk_list_add_tail(&t->runq, &runq);
}

void uk_sched_yield(void)
{
	unsigned long f = uk_irq_save();

	uk_sched_schedule();
	uk_irq_restore(f);
}

void uk_sched_block(void)
{
	if (uk_unlikely(!started))
		uk_panic("blocking before the scheduler runs");
	uk_sched_current->state = UK_THREAD_BLOCKED;
	uk_sched_schedule();
}

void uk_thread_wake(struct uk_thread *t)
{
	unsigned long f = uk_irq_save();

	if (t->state == UK_THREAD_BLOCKED) {
		if (!uk_list_empty(&t->sleep))
			uk_list_del(&t->sleep);
		uk_sched_enqueue(t);
		uk_sched_timer_rearm();
	}
	uk_irq_restore(f);
}

/*
 * After an interrupt: with preemption, a thread whose time slice ended
 * gives way here (we are on its stack; it resumes when switched back).
 */
static void irq_exit(void)
{
	if (uk_sched_need_resched && uk_sched_current != &uk_sched_idle) {
		uk_sched_need_resched = 0;
		uk_sched_schedule();
	}
}

static const char *current_name(void)
{
	return uk_sched_current->name;
}

static const char *guard_owner(unsigned long addr)
{
	return uk_thread_guard_owner(addr);
}

static void (*main_fn)(void);

static void main_thread(void *arg)
{
	main_fn();
}

void uk_sched_start(void (*fn)(void))
{
	struct uk_thread *idle = &uk_sched_idle;

	uk_irq_disable();
	idle->tls = (void *)x86_get_fsbase();
	idle->state = UK_THREAD_RUNNABLE;
	x86_fpu_init_state(&idle->fpu);
	uk_list_init(&idle->runq);
	uk_list_init(&idle->sleep);
	uk_list_init(&idle->waitq_link);
	uk_waitq_init(&idle->join_wq);
	uk_thread_register(idle);
	uk_crash_thread_name = current_name;
	uk_crash_guard_owner = guard_owner;
	uk_plat_irq_exit_hook = irq_exit;
	uk_sched_timer_init();

	started = 1;
	main_fn = fn;
	if (!uk_thread_create("main", 0, main_thread, NULL))
		uk_panic("cannot create the main thread");

	/* The idle loop: halt until an interrupt makes a thread runnable. */
	for (;;) {
		uk_irq_disable();
		if (uk_list_empty(&runq))
			uk_plat_halt();
		uk_sched_schedule();
	}
}
