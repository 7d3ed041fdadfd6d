/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread life: creation (stack with a guard page below it, TLS area,
 * first context), exit, join, detach, and freeing.
 *
 * One page allocation holds a thread's memory, low to high:
 *   [guard page, unmapped][stack ...][TLS area]
 * so a stack overflow faults on the guard page and is reported with the
 * thread's name (see uk_thread_guard_owner).
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/wait.h>
#include <uk/arch/ctx.h>
#include <uk/arch/tls.h>
#include <uk/arch/irq.h>
#include <uk/plat/memory.h>
#include "sched_impl.h"

#define PAGE		4096UL
#define DEFAULT_STACK	((size_t)CONFIG_LIBUKSCHED_STACK_SIZE_KB * 1024)
#define MIN_STACK	(16 * 1024UL)

static UK_LIST_HEAD(all_threads);

void uk_thread_register(struct uk_thread *t)
{
	uk_list_add_tail(&t->all, &all_threads);
}

const char *uk_thread_guard_owner(unsigned long addr)
{
	struct uk_list_head *p;

	uk_list_for_each(p, &all_threads) {
		struct uk_thread *t = uk_list_entry(p, struct uk_thread, all);

		if (t->stack && addr >= (unsigned long)t->stack &&
		    addr < (unsigned long)t->stack + PAGE)
			return t->name;
	}
	return NULL;
}

static void thread_entry(void *arg)
{
	struct uk_thread *t = arg;

	uk_sched_finish_switch();
	uk_irq_enable();
	t->fn(t->arg);
	uk_thread_exit(NULL);
}

struct uk_thread *uk_thread_create(const char *name, size_t stack_size,
				   void (*fn)(void *), void *arg)
{
	size_t stack, tls, tls_align, pages;
	struct uk_thread *t;
	char *mem, *tls_area;
	unsigned long f;

	stack = UK_ALIGN_UP(UK_MAX(stack_size ? stack_size : DEFAULT_STACK,
				   MIN_STACK), PAGE);
	tls_align = uk_tls_area_align();
	tls = UK_ALIGN_UP(uk_tls_area_size(), tls_align);
	pages = 1 + stack / PAGE + UK_DIV_ROUND_UP(tls, PAGE);

	t = uk_malloc(sizeof(*t));
	mem = uk_palloc(pages);
	if (!t || !mem) {
		uk_pr_err("cannot create thread '%s': out of memory (%zu KiB)\n",
			  name, pages * 4);
		uk_free(t);
		if (mem)
			uk_pfree(mem, pages);
		return NULL;
	}
	memset(t, 0, sizeof(*t));
	strncpy(t->name, name ? name : "thread", sizeof(t->name) - 1);
	t->stack = mem;
	t->stack_pages = pages;
	t->stack_top = mem + PAGE + stack;
	t->fn = fn;
	t->arg = arg;
	uk_list_init(&t->runq);
	uk_list_init(&t->sleep);
	uk_list_init(&t->waitq_link);
	uk_waitq_init(&t->join_wq);
	x86_fpu_init_state(&t->fpu);

	tls_area = (char *)UK_ALIGN_UP((uintptr_t)t->stack_top, tls_align);
	t->tls = uk_tls_area_init(tls_area);
	t->sp = x86_ctx_init(t->stack_top, thread_entry, t);
	if (uk_plat_page_guard(mem, 1))
		uk_pr_warn("thread '%s' has no stack guard page\n", t->name);

	f = uk_irq_save();
	uk_thread_register(t);
	uk_sched_enqueue(t);
	uk_irq_restore(f);
	return t;
}

void uk_thread_free(struct uk_thread *t)
{
	uk_list_del(&t->all);
	uk_plat_page_guard(t->stack, 0);
	uk_pfree(t->stack, t->stack_pages);
	uk_free(t);
}

void (*uk_thread_fini_hook)(struct uk_thread *t);

void uk_thread_exit(void *retval)
{
	struct uk_thread *t = uk_sched_current;

	if (uk_thread_fini_hook)
		uk_thread_fini_hook(t);
	uk_irq_disable();
	if (t == &uk_sched_idle)
		uk_panic("the idle thread cannot exit");
	t->retval = retval;
	t->state = UK_THREAD_EXITED;
	uk_waitq_wake_all(&t->join_wq);
	if (t->detached)
		uk_sched_dead = t;	/* freed by the next thread */
	uk_sched_schedule();
	uk_panic("exited thread '%s' was scheduled again", t->name);
}

int uk_thread_join(struct uk_thread *t, void **retval)
{
	unsigned long f;

	if (t == uk_sched_current || t->detached)
		return -EINVAL;
	f = uk_irq_save();
	while (t->state != UK_THREAD_EXITED)
		uk_waitq_wait(&t->join_wq, 0);
	if (retval)
		*retval = t->retval;
	uk_thread_free(t);
	uk_irq_restore(f);
	return 0;
}

int uk_thread_detach(struct uk_thread *t)
{
	unsigned long f = uk_irq_save();

	if (t->detached) {
		uk_irq_restore(f);
		return -EINVAL;
	}
	t->detached = 1;
	if (t->state == UK_THREAD_EXITED && t != uk_sched_current)
		uk_thread_free(t);
	uk_irq_restore(f);
	return 0;
}
