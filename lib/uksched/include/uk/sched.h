/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads and the scheduler.  One CPU, round-robin.  Threads run until
 * they block, sleep or yield (or, with CONFIG_LIBUKSCHED_PREEMPT, until
 * their time slice ends).  All functions may be called from threads;
 * uk_thread_wake() also from interrupt handlers.
 */
#ifndef __UK_SCHED_H__
#define __UK_SCHED_H__

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/wait.h>
#include <uk/arch/cpu.h>

struct uk_waitq;

enum uk_thread_state {
	UK_THREAD_RUNNABLE,	/* running or in the run queue */
	UK_THREAD_BLOCKED,	/* on a wait queue and/or sleeping */
	UK_THREAD_EXITED,	/* finished, waiting to be joined */
};

#define UK_THREAD_NAME_MAX 32
#define UK_THREAD_KEYS_MAX 64

struct uk_thread {
	unsigned long sp;		/* saved stack pointer (arch context) */
	void *tls;			/* thread pointer (FS base) */
	enum uk_thread_state state;
	char name[UK_THREAD_NAME_MAX];

	struct uk_list_head runq;	/* in the run queue */
	struct uk_list_head all;	/* in the list of all threads */
	struct uk_list_head sleep;	/* in the sleeping list */
	uint64_t wakeup_ns;		/* when sleeping: monotonic deadline */
	struct uk_list_head waitq_link;	/* in a wait queue */
	struct uk_waitq *waitq;		/* the wait queue it is on, if any */
	int timed_out;			/* woken by its deadline */

	void *stack;			/* allocation: guard page, stack, TLS */
	size_t stack_pages;
	void *stack_top;

	void *retval;
	int detached;
	struct uk_waitq join_wq;	/* threads waiting in join */
	void (*fn)(void *);
	void *arg;
	void *keys[UK_THREAD_KEYS_MAX];	/* pthread_getspecific values */
	struct x86_fpu_state fpu;	/* FPU/SSE registers, when switched out */
};

/* The running thread (the idle thread before the first switch). */
struct uk_thread *uk_thread_current(void);

/*
 * Creates a thread running fn(arg) with stack_size bytes of stack (0:
 * the Kconfig default).  It becomes runnable at once, at the end of the
 * run queue.  Returns NULL (and logs why) when out of memory.
 */
struct uk_thread *uk_thread_create(const char *name, size_t stack_size,
				   void (*fn)(void *), void *arg);

/* Ends the calling thread with retval (for uk_thread_join). */
void uk_thread_exit(void *retval) __uk_noreturn;

/*
 * Waits for t to end and frees it.  *retval (if not NULL) gets its exit
 * value.  Returns 0, or -EINVAL if t is detached or is the caller.
 */
int uk_thread_join(struct uk_thread *t, void **retval);

/* t frees itself when it ends; it can no longer be joined. */
int uk_thread_detach(struct uk_thread *t);

/* Lets every other runnable thread run once before the caller again. */
void uk_sched_yield(void);

/*
 * Blocks the calling thread until monotonic time deadline_ns (from
 * uk_plat_monotonic_ns).  The CPU halts if nothing else is runnable.
 */
void uk_sched_sleep_until(uint64_t deadline_ns);
void uk_sched_sleep_ns(uint64_t ns);

/*
 * Starts scheduling: main_fn runs in a new thread named "main"; the boot
 * context becomes the idle thread.  Called once, by ukboot.
 */
void uk_sched_start(void (*main_fn)(void)) __uk_noreturn;

/* --- for the synchronization primitives (interrupts must be off) ------- */

/* Blocks the current thread (already queued where it will be woken). */
void uk_sched_block(void);
/* Makes a blocked thread runnable again (from threads or interrupts). */
void uk_thread_wake(struct uk_thread *t);
/* Arms t's wake-up at deadline_ns (0: none); used by timed waits. */
void uk_sched_set_deadline(struct uk_thread *t, uint64_t deadline_ns);

/*
 * Called in every thread that ends (uk_thread_exit or a returning
 * function), before it stops running: the C library frees the thread's
 * state here.  At most one; NULL if unused.
 */
extern void (*uk_thread_fini_hook)(struct uk_thread *t);

/* 1 once uk_sched_start has run: blocking is possible from then on. */
int uk_sched_started(void);

/* Context switches since boot (for benchmarks). */
extern uint64_t uk_sched_switches;

#endif
