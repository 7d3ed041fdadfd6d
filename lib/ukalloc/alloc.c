/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The default allocator and the uk_malloc family.
 *
 * The default allocator is salloc over buddy, both statically allocated,
 * so setting it up needs no memory of its own.  What uk_alloc_default()
 * hands out is a thin wrapper around salloc that masks interrupts around
 * each operation (one CPU, so that is all the mutual exclusion needed,
 * including against an interrupt handler that allocates) and logs
 * exhaustion.  This is the only file of the library that touches the CPU,
 * so buddy.c and salloc.c stay pure logic.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/alloc_buddy.h>
#include <uk/alloc_salloc.h>
#include <uk/arch/irq.h>
#include <uk/print.h>

static struct uk_buddy buddy;
static struct uk_salloc salloc;
static struct uk_alloc *inner;		/* salloc, once set up */
static struct uk_alloc *deflt;		/* &locked, once it has memory */
static unsigned long nb_oom;

/*
 * One line for the first failure and then for every 1000th, so a loop of
 * failing allocations cannot flood the console.  Printed with interrupts
 * enabled again: a slow console must not delay them.
 */
static void oom(size_t size)
{
	struct uk_alloc_stats st;
	unsigned long f, n;

	f = uk_irq_save();
	n = nb_oom++;
	inner->stats(inner, &st);
	uk_irq_restore(f);
	if (n % 1000 == 0)
		uk_pr_warn("out of memory: %zu bytes requested, %zu free (%lu failures so far)\n",
			   size, st.free, n + 1);
}

static void *l_malloc(struct uk_alloc *a, size_t size)
{
	unsigned long f = uk_irq_save();
	void *p = inner->malloc(inner, size);

	uk_irq_restore(f);
	if (!p)
		oom(size);
	return p;
}

static void *l_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	unsigned long f;
	void *p;

	if (!UK_IS_POW2(align))
		return NULL;
	f = uk_irq_save();
	p = inner->memalign(inner, align, size);
	uk_irq_restore(f);
	if (!p)
		oom(size);
	return p;
}

static void *l_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	unsigned long f = uk_irq_save();
	void *p = inner->realloc(inner, ptr, size);

	uk_irq_restore(f);
	/* realloc(ptr, 0) frees and gives NULL: not a failure */
	if (!p && size)
		oom(size);
	return p;
}

static void l_free(struct uk_alloc *a, void *ptr)
{
	unsigned long f = uk_irq_save();

	inner->free(inner, ptr);
	uk_irq_restore(f);
}

static size_t l_usable_size(struct uk_alloc *a, void *ptr)
{
	unsigned long f = uk_irq_save();
	size_t n = inner->usable_size(inner, ptr);

	uk_irq_restore(f);
	return n;
}

static void *l_palloc(struct uk_alloc *a, size_t npages)
{
	unsigned long f = uk_irq_save();
	void *p = inner->palloc(inner, npages);

	uk_irq_restore(f);
	if (!p && npages)
		oom(npages << __UK_PAGE_SHIFT);
	return p;
}

static void l_pfree(struct uk_alloc *a, void *ptr, size_t npages)
{
	unsigned long f = uk_irq_save();

	inner->pfree(inner, ptr, npages);
	uk_irq_restore(f);
}

static int l_addmem(struct uk_alloc *a, void *base, size_t len)
{
	unsigned long f = uk_irq_save();
	int rc = inner->addmem(inner, base, len);

	uk_irq_restore(f);
	return rc;
}

static void l_stats(struct uk_alloc *a, struct uk_alloc_stats *st)
{
	unsigned long f = uk_irq_save();

	inner->stats(inner, st);
	uk_irq_restore(f);
}

static struct uk_alloc locked = {
	.malloc = l_malloc,
	.memalign = l_memalign,
	.realloc = l_realloc,
	.free = l_free,
	.usable_size = l_usable_size,
	.palloc = l_palloc,
	.pfree = l_pfree,
	.addmem = l_addmem,
	.stats = l_stats,
};

int (*uk_alloc_memory_source)(void);

/*
 * The default allocator, taking its memory on first use: a program that
 * never allocates never pays for setting the allocator up at boot.  The
 * set-up runs with interrupts masked (one CPU): no other thread, even with
 * preemption, can ask for memory halfway through and be told there is
 * none.
 */
static struct uk_alloc *get(void)
{
	int (*fn)(void);
	unsigned long f;

	if (uk_likely(deflt))
		return deflt;
	f = uk_irq_save();
	fn = uk_alloc_memory_source;
	uk_alloc_memory_source = NULL;
	if (fn)
		fn();
	uk_irq_restore(f);
	return deflt;
}

struct uk_alloc *uk_alloc_default(void)
{
	return get();
}

int uk_alloc_add_memory(void *base, size_t len)
{
	unsigned long f = uk_irq_save();
	int rc;

	if (!inner) {
		uk_buddy_init(&buddy);
		inner = uk_salloc_init(&salloc, &buddy);
	}
	rc = inner->addmem(inner, base, len);
	if (rc == 0)
		deflt = &locked;
	uk_irq_restore(f);
	return rc;
}

void *uk_malloc(size_t size)
{
	struct uk_alloc *a = get();

	return a ? a->malloc(a, size) : NULL;
}

void *uk_calloc(size_t nmemb, size_t size)
{
	size_t bytes;
	void *p;

	if (__builtin_mul_overflow(nmemb, size, &bytes))
		return NULL;
	p = uk_malloc(bytes);
	if (p)
		memset(p, 0, bytes);
	return p;
}

void *uk_realloc(void *ptr, size_t size)
{
	struct uk_alloc *a = get();

	return a ? a->realloc(a, ptr, size) : NULL;
}

void uk_free(void *ptr)
{
	if (deflt)	/* nothing to free before the first allocation */
		deflt->free(deflt, ptr);
}

int uk_posix_memalign(void **memptr, size_t align, size_t size)
{
	struct uk_alloc *a;
	void *p;

	if (!UK_IS_POW2(align) || align % sizeof(void *))
		return EINVAL;
	a = get();
	if (!a)
		return ENOMEM;
	p = a->memalign(a, align, size);
	if (!p)
		return ENOMEM;
	*memptr = p;
	return 0;
}

void *uk_memalign(size_t align, size_t size)
{
	struct uk_alloc *a = get();

	return a ? a->memalign(a, align, size) : NULL;
}

size_t uk_malloc_usable_size(void *ptr)
{
	return deflt && ptr ? deflt->usable_size(deflt, ptr) : 0;
}

void *uk_palloc(size_t npages)
{
	struct uk_alloc *a = get();

	return a ? a->palloc(a, npages) : NULL;
}

void uk_pfree(void *ptr, size_t npages)
{
	if (deflt)
		deflt->pfree(deflt, ptr, npages);
}

void uk_alloc_stats_get(struct uk_alloc_stats *st)
{
	struct uk_alloc *a = get();

	if (a)
		a->stats(a, st);
	else
		memset(st, 0, sizeof(*st));
}
