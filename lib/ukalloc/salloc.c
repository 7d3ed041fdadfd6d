/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Small-object allocator (contract in uk/alloc_salloc.h).
 *
 * A slab is a buddy run tagged with its class number + 1, so the buddy
 * finds the slab of any object from the object's address alone.  The
 * slab's free slots are a bitmap in the slab header (bit set: slot free)
 * rather than a list threaded through the free objects: a write after
 * free then cannot corrupt the allocator, finding a slot is a scan of at
 * most four words, and a double free is a set bit, found exactly.
 *
 * Each class keeps at most one completely free slab, so a loop that
 * allocates and frees one object does not go to the buddy every time;
 * when the buddy runs dry those cached slabs are given back and the
 * request is tried again.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/alloc_salloc.h>
#include <uk/crash.h>
#include <uk/print.h>

#define PAGE_SHIFT	__UK_PAGE_SHIFT
#define PAGE_SIZE	__UK_PAGE_SIZE
#define NCLASSES	UK_SALLOC_NCLASSES
#define MAX_SMALL	UK_SALLOC_MAX_SMALL

#if CONFIG_LIBUKALLOC_DEBUG
#define bad_pointer(fmt, ...)	uk_panic(fmt, ##__VA_ARGS__)
#else
#define bad_pointer(fmt, ...)	uk_pr_err(fmt "\n", ##__VA_ARGS__)
#endif

/*
 * Up to 128 every multiple of 16; above, four steps per power of two, so
 * rounding up wastes at most 20% (less than 12.5% from 256 on).
 */
static const uint16_t class_size[NCLASSES] = {
	16, 32, 48, 64, 80, 96, 112, 128,
	160, 192, 224, 256, 320, 384, 448, 512,
	640, 768, 896, 1024, 1280, 1536, 1792, 2048,
};

#define MAP_WORDS	4
#define MAX_OBJS	(MAP_WORDS * 64)
#define MAX_SLAB_ORDER	3

/* At the end of each slab. */
struct slab {
	struct uk_salloc_link link;	/* in the class's list when not full */
	uint16_t nfree;
	uint64_t map[MAP_WORDS];	/* bit set: slot free */
};

/* The class of a request of 1..MAX_SMALL bytes, in O(1). */
static unsigned int class_of(size_t size)
{
	unsigned int p;

	if (size <= 128)
		return (size - 1) >> 4;
	p = 63 - __builtin_clzl(size - 1);	/* 2^p < size <= 2^(p+1) */
	return 8 + (p - 7) * 4 + ((size - 1 - (1UL << p)) >> (p - 2));
}

static inline void list_init(struct uk_salloc_link *l)
{
	l->next = l->prev = l;
}

static inline int list_empty(const struct uk_salloc_link *l)
{
	return l->next == l;
}

static inline void list_del(struct uk_salloc_link *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
}

static inline void list_add(struct uk_salloc_link *l,
			    struct uk_salloc_link *e)
{
	e->next = l->next;
	e->prev = l;
	l->next->prev = e;
	l->next = e;
}

static inline void list_add_tail(struct uk_salloc_link *l,
				 struct uk_salloc_link *e)
{
	list_add(l->prev, e);
}

static inline size_t slab_bytes(const struct uk_salloc_class *k)
{
	return PAGE_SIZE << k->order;
}

static inline struct slab *slab_of(const struct uk_salloc_class *k,
				   void *base)
{
	return (struct slab *)((char *)base + slab_bytes(k) -
			       sizeof(struct slab));
}

static inline char *slab_base(const struct uk_salloc_class *k,
			      struct slab *sl)
{
	return (char *)sl + sizeof(struct slab) - slab_bytes(k);
}

static inline struct slab *slab_from_link(struct uk_salloc_link *l)
{
	return uk_container_of(l, struct slab, link);
}

/* Gives every cached empty slab back to the buddy; returns how many. */
static int drain(struct uk_salloc *s)
{
	unsigned int c;
	int n = 0;

	for (c = 0; c < NCLASSES; c++) {
		struct uk_salloc_class *k = &s->cls[c];
		struct slab *sl;

		if (!k->nempty)
			continue;
		/* The empty slab is always the last one (see slab_put). */
		sl = slab_from_link(k->slabs.prev);
		list_del(&sl->link);
		k->nempty = 0;
		uk_buddy_free(s->b, slab_base(k, sl), 1UL << k->order);
		n++;
	}
	return n;
}

static void *pages_get(struct uk_salloc *s, size_t npages,
		       unsigned int align_order, unsigned int tag)
{
	void *p = uk_buddy_alloc(s->b, npages, align_order, tag);

	if (!p && drain(s))
		p = uk_buddy_alloc(s->b, npages, align_order, tag);
	/* Fragmented: any free pages side by side will do. */
	if (!p && npages > 1)
		p = uk_buddy_alloc_stretch(s->b, npages, align_order, tag);
	return p;
}

static void *slab_get(struct uk_salloc *s, unsigned int c)
{
	struct uk_salloc_class *k = &s->cls[c];
	struct slab *sl;
	unsigned int w, i;

	if (list_empty(&k->slabs)) {
		char *base = pages_get(s, 1UL << k->order, 0, c + 1);

		if (!base)
			return NULL;
		sl = slab_of(k, base);
		memset(sl->map, 0, sizeof(sl->map));
		for (i = 0; i < k->nobjs / 64; i++)
			sl->map[i] = ~0ULL;
		if (k->nobjs % 64)
			sl->map[i] = (1ULL << (k->nobjs % 64)) - 1;
		sl->nfree = k->nobjs;
		list_add(&k->slabs, &sl->link);
		k->nempty++;
	} else {
		sl = slab_from_link(k->slabs.next);
	}
	if (sl->nfree == k->nobjs)
		k->nempty--;
	for (w = 0; !sl->map[w]; w++)
		;
	i = __builtin_ctzll(sl->map[w]);
	sl->map[w] &= ~(1ULL << i);
	if (--sl->nfree == 0)
		list_del(&sl->link);
	return slab_base(k, sl) + (w * 64 + i) * (size_t)k->size;
}

/*
 * Returns object i of a slab; the caller has checked it is allocated.
 * A slab that becomes empty is cached at the tail of the list if its
 * class has no empty slab yet, else it goes back to the buddy.
 */
static void slab_put(struct uk_salloc *s, unsigned int c, void *base,
		     size_t i)
{
	struct uk_salloc_class *k = &s->cls[c];
	struct slab *sl = slab_of(k, base);

	sl->map[i / 64] |= 1ULL << (i % 64);
	if (++sl->nfree == 1)
		list_add(&k->slabs, &sl->link);
	if (sl->nfree < k->nobjs)
		return;
	list_del(&sl->link);
	if (k->nempty) {
		uk_buddy_free(s->b, base, 1UL << k->order);
	} else {
		list_add_tail(&k->slabs, &sl->link);
		k->nempty = 1;
	}
}

static size_t pages_of(size_t size)
{
	if (size > ((size_t)1 << (UK_BUDDY_MAX_ORDER + PAGE_SHIFT)))
		return 0;
	return UK_DIV_ROUND_UP(size, PAGE_SIZE);
}

/*
 * Allocates size bytes aligned to align (a power of two), without
 * statistics; *usable gets the block's usable size.
 */
static void *get(struct uk_salloc *s, size_t size, size_t align,
		 size_t *usable)
{
	unsigned int c, ao = 0;
	size_t n;
	void *p;

	if (!size)
		size = 1;
	if (size <= MAX_SMALL && align <= MAX_SMALL) {
		/* The first class whose objects all have that alignment. */
		for (c = class_of(size); class_size[c] & (align - 1); c++)
			;
		p = slab_get(s, c);
		*usable = class_size[c];
		return p;
	}
	n = pages_of(size);
	if (!n)
		return NULL;
	if (align > PAGE_SIZE)
		ao = 63 - __builtin_clzl(align) - PAGE_SHIFT;
	p = pages_get(s, n, ao, 0);
	*usable = n << PAGE_SHIFT;
	return p;
}

/*
 * Checks that ptr, handed to op, is a live block and returns its usable
 * size, with *run and *slot saying where it is; returns 0 and reports a
 * pointer that is not one.
 */
static size_t identify(struct uk_salloc *s, void *ptr, const char *op,
		       struct uk_buddy_run *run, size_t *slot)
{
	const struct uk_salloc_class *k;
	const struct slab *sl;
	size_t off, i;

	switch (uk_buddy_lookup(s->b, ptr, run)) {
	case UK_BUDDY_FOREIGN:
		bad_pointer("%s(%p): pointer not from this allocator", op, ptr);
		return 0;
	case UK_BUDDY_RUN:
		break;
	default:
		bad_pointer("%s(%p): not an allocated block (double free?)",
			    op, ptr);
		return 0;
	}
	if (!run->tag) {
		if (ptr != run->base) {
			bad_pointer("%s(%p): points inside the %zu-page block at %p",
				    op, ptr, run->npages, run->base);
			return 0;
		}
		return run->npages << PAGE_SHIFT;
	}
	k = &s->cls[run->tag - 1];
	off = (char *)ptr - (char *)run->base;
	i = off / k->size;
	if (off % k->size || i >= k->nobjs) {
		bad_pointer("%s(%p): not the start of a %u-byte object",
			    op, ptr, k->size);
		return 0;
	}
	sl = slab_of(k, run->base);
	if (sl->map[i / 64] & (1ULL << (i % 64))) {
		bad_pointer("%s(%p): %u-byte object already freed (double free?)",
			    op, ptr, k->size);
		return 0;
	}
	*slot = i;
	return k->size;
}

/* Frees a block identify() accepted. */
static void put(struct uk_salloc *s, const struct uk_buddy_run *run,
		size_t slot)
{
	if (run->tag)
		slab_put(s, run->tag - 1, run->base, slot);
	else
		uk_buddy_free(s->b, run->base, run->npages);
}

static inline void stat_alloc(struct uk_salloc *s, size_t usable)
{
#if CONFIG_LIBUKALLOC_STATS
	s->used += usable;
	if (s->used > s->peak)
		s->peak = s->used;
	s->nb_alloc++;
#endif
}

static inline void stat_free(struct uk_salloc *s, size_t usable)
{
#if CONFIG_LIBUKALLOC_STATS
	s->used -= usable;
	s->nb_free++;
#endif
}

static inline void stat_enomem(struct uk_salloc *s)
{
#if CONFIG_LIBUKALLOC_STATS
	s->nb_enomem++;
#endif
}

static void *salloc_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	struct uk_salloc *s = uk_container_of(a, struct uk_salloc, a);
	size_t usable = 0;
	void *p;

	if (!UK_IS_POW2(align))
		return NULL;
	p = get(s, size, align, &usable);
	if (p)
		stat_alloc(s, usable);
	else
		stat_enomem(s);
	return p;
}

static void *salloc_malloc(struct uk_alloc *a, size_t size)
{
	return salloc_memalign(a, 16, size);
}

static void salloc_free(struct uk_alloc *a, void *ptr)
{
	struct uk_salloc *s = uk_container_of(a, struct uk_salloc, a);
	struct uk_buddy_run run;
	size_t usable, slot = 0;

	if (!ptr)
		return;
	usable = identify(s, ptr, "free", &run, &slot);
	if (!usable)
		return;
	put(s, &run, slot);
	stat_free(s, usable);
}

static size_t salloc_usable_size(struct uk_alloc *a, void *ptr)
{
	struct uk_salloc *s = uk_container_of(a, struct uk_salloc, a);
	struct uk_buddy_run run;
	size_t slot;

	return ptr ? identify(s, ptr, "malloc_usable_size", &run, &slot) : 0;
}

/* Gives the pages of a run past what size needs back to the buddy. */
static void run_trim(struct uk_salloc *s, const struct uk_buddy_run *run,
		     size_t size)
{
	size_t n = pages_of(size);

	if (n < run->npages) {
		uk_buddy_shrink(s->b, run->base, run->npages, n);
#if CONFIG_LIBUKALLOC_STATS
		s->used -= (run->npages - n) << PAGE_SHIFT;
#endif
	}
}

/*
 * In place when the block still fits and is not more than twice what is
 * needed (a page run shrinks in place by giving its tail pages back), or
 * when it is a page run and the pages after it are free.
 * Otherwise the block moves, and if that fails while shrinking, the old
 * block is still a good answer.
 */
static void *salloc_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	struct uk_salloc *s = uk_container_of(a, struct uk_salloc, a);
	struct uk_buddy_run run;
	size_t old, usable = 0, slot = 0;
	void *p;

	if (!ptr)
		return salloc_malloc(a, size);
	if (!size) {
		salloc_free(a, ptr);
		return NULL;
	}
	old = identify(s, ptr, "realloc", &run, &slot);
	if (!old)
		return NULL;
	if (size <= old) {
		if (run.tag && (size > old / 2 ||
				class_of(size) == run.tag - 1))
			return ptr;
		if (!run.tag && size > MAX_SMALL) {
			run_trim(s, &run, size);
			return ptr;
		}
	}
	if (!run.tag && size > old && size > MAX_SMALL &&
	    uk_buddy_grow(s->b, ptr, run.npages, pages_of(size)) == 0) {
		stat_free(s, old);
		stat_alloc(s, pages_of(size) << PAGE_SHIFT);
		return ptr;
	}
	p = get(s, size, 16, &usable);
	if (!p) {
		if (size > old) {
			stat_enomem(s);
			return NULL;
		}
		if (!run.tag)
			run_trim(s, &run, size);
		return ptr;
	}
	memcpy(p, ptr, UK_MIN(old, size));
	put(s, &run, slot);
	stat_free(s, old);
	stat_alloc(s, usable);
	return p;
}

static void *salloc_palloc(struct uk_alloc *a, size_t npages)
{
	struct uk_salloc *s = uk_container_of(a, struct uk_salloc, a);
	void *p;

	if (!npages)
		return NULL;
	p = pages_get(s, npages, 0, 0);
	if (p)
		stat_alloc(s, npages << PAGE_SHIFT);
	else
		stat_enomem(s);
	return p;
}

static void salloc_pfree(struct uk_alloc *a, void *ptr, size_t npages)
{
	struct uk_salloc *s = uk_container_of(a, struct uk_salloc, a);
	struct uk_buddy_run run;
	size_t usable, slot;

	if (!ptr)
		return;
	usable = identify(s, ptr, "pfree", &run, &slot);
	if (!usable)
		return;
	if (run.tag || run.npages != npages) {
		bad_pointer("pfree(%p, %zu): not a run of that many pages",
			    ptr, npages);
		return;
	}
	put(s, &run, slot);
	stat_free(s, usable);
}

static int salloc_addmem(struct uk_alloc *a, void *base, size_t len)
{
	struct uk_salloc *s = uk_container_of(a, struct uk_salloc, a);

	return s->b->a.addmem(&s->b->a, base, len);
}

static void salloc_stats(struct uk_alloc *a, struct uk_alloc_stats *st)
{
	struct uk_salloc *s = uk_container_of(a, struct uk_salloc, a);

	memset(st, 0, sizeof(*st));
	st->total = s->b->total_pages << PAGE_SHIFT;
#if CONFIG_LIBUKALLOC_STATS
	st->used = s->used;
	st->free = st->total - s->used;
	st->peak = s->peak;
	st->nb_alloc = s->nb_alloc;
	st->nb_free = s->nb_free;
	st->nb_enomem = s->nb_enomem;
#else
	/* Without counters, slab slack cannot be told from used memory. */
	st->free = s->b->free_pages << PAGE_SHIFT;
	st->used = st->total - st->free;
#endif
}

struct uk_alloc *uk_salloc_init(struct uk_salloc *s, struct uk_buddy *b)
{
	unsigned int c;

	UK_BUILD_BUG_ON(NCLASSES > UK_BUDDY_MAX_TAG);
	memset(s, 0, sizeof(*s));
	s->b = b;
	/*
	 * Each class gets the smallest slab that wastes at most an eighth of
	 * itself (header and leftover bytes): one page for most classes, up
	 * to four for 2048-byte objects.
	 */
	for (c = 0; c < NCLASSES; c++) {
		struct uk_salloc_class *k = &s->cls[c];
		size_t n;

		list_init(&k->slabs);
		k->size = class_size[c];
		for (k->order = 0;; k->order++) {
			n = (slab_bytes(k) - sizeof(struct slab)) / k->size;
			n = UK_MIN(n, (size_t)MAX_OBJS);
			if (k->order == MAX_SLAB_ORDER ||
			    (slab_bytes(k) - n * k->size) * 8 <= slab_bytes(k))
				break;
		}
		k->nobjs = n;
	}
	s->a.malloc = salloc_malloc;
	s->a.memalign = salloc_memalign;
	s->a.realloc = salloc_realloc;
	s->a.free = salloc_free;
	s->a.usable_size = salloc_usable_size;
	s->a.palloc = salloc_palloc;
	s->a.pfree = salloc_pfree;
	s->a.addmem = salloc_addmem;
	s->a.stats = salloc_stats;
	return &s->a;
}
