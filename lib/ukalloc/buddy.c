/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Binary buddy page allocator (contract in uk/alloc_buddy.h).
 *
 * Each region added with addmem starts with its metadata: the region
 * header, a bitmap saying which 8-descriptor chunks were zeroed yet, and
 * one 64-bit descriptor per usable page.  Only the bitmap is cleared at
 * addmem (4 bytes per MiB of region); a chunk of descriptors is zeroed the
 * first time one of them is written, and a chunk never zeroed reads as
 * all NONE.
 *
 * The free lists are linked through the descriptors (page indices), not
 * through the free pages themselves, so the allocator never writes to
 * memory it has not handed out.  That matters more than it seems: a
 * hypervisor backs guest memory on first touch, QEMU with 2 MiB host
 * pages, and under TCG on these machines a first touch of a 2 MiB area
 * cost milliseconds.  Linking through the blocks made addmem touch one
 * area per initial block (log2 of the region size); now it touches only
 * the metadata.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <uk/essentials.h>
#include <uk/alloc_buddy.h>
#include <uk/crash.h>
#include <uk/print.h>

#define PAGE_SHIFT	__UK_PAGE_SHIFT
#define PAGE_SIZE	__UK_PAGE_SIZE
#define MAX_ORDER	UK_BUDDY_MAX_ORDER

/*
 * A pointer handed back that was never handed out: a crash when debugging
 * is on (the caller's memory is already corrupt or about to be), otherwise
 * a message, and the call does nothing.
 */
#if CONFIG_LIBUKALLOC_DEBUG
#define bad_pointer(fmt, ...)	uk_panic(fmt, ##__VA_ARGS__)
#else
#define bad_pointer(fmt, ...)	uk_pr_err(fmt "\n", ##__VA_ARGS__)
#endif

/*
 * Page descriptor, 64 bits:
 *   bits 0-2    type
 *   FREE:       bits 3-7 the block's order; bits 8-35 and 36-63 the next
 *               and previous free block of that order in the region, as
 *               page index + 1 (0: none)
 *   PART:       bits 3-7 the order of the block the page starts
 *   HEAD, TAIL: bits 3-10 the run's tag, bits 11-42 its length in pages
 *               (HEAD) or the page's distance from the run's first page
 *               (TAIL)
 *
 * Invariant: a descriptor is not NONE exactly when its page starts a block
 * (FREE; HEAD for the first block of a run, PART for the others) or lies
 * in a tagged run (TAIL).  Descriptors of pages that stop being any of
 * these are reset to NONE, so what a lookup reads is always true and an
 * invalid pointer is recognised exactly, not by a guess.
 */
#define D_NONE		0U
#define D_FREE		1U
#define D_HEAD		2U
#define D_PART		3U
#define D_TAIL		4U

#define D_TYPE(d)	((unsigned int)(d) & 7U)
#define D_KIND(d)	((unsigned int)(d) & 0xffU)	/* type and order */
#define D_TAG(d)	((unsigned int)((d) >> 3) & 255U)
#define D_ORDER(d)	((unsigned int)((d) >> 3) & 31U)
#define D_VAL(d)	((uintptr_t)((d) >> 11) & 0xffffffffU)
#define D_NEXT(d)	((uint32_t)((d) >> 8) & LINK_MASK)
#define D_PREV(d)	((uint32_t)((d) >> 36) & LINK_MASK)

#define D_MKFREE(k)		(D_FREE | (uint64_t)(k) << 3)
#define D_MKPART(k)		(D_PART | (uint64_t)(k) << 3)
#define D_MKRUN(t, tag, v)	((t) | (uint64_t)(tag) << 3 | (uint64_t)(v) << 11)
#define D_MKLINKS(d, n, p)	(((d) & 0xffU) | (uint64_t)(n) << 8 | \
				 (uint64_t)(p) << 36)

/* Links are 28 bits: a region has fewer than 2^28 pages (1 TiB). */
#define LINK_MASK	((1U << 28) - 1)
#define REGION_MAX_PAGES	((uintptr_t)LINK_MASK - 1)

/* An order fits in 5 bits, and the largest block in a region. */
UK_BUILD_BUG_ON(MAX_ORDER > 31 || (1UL << MAX_ORDER) >= REGION_MAX_PAGES);

/* Descriptors are zeroed lazily in chunks of one cache line. */
#define DCHUNK		8

struct uk_buddy_region {
	struct uk_buddy_region *next;
	uintptr_t start;	/* first usable page frame number */
	uintptr_t end;		/* one past the last */
	uint64_t *zeroed;	/* bit c: descriptors of chunk c were zeroed */
	uint64_t *desc;		/* one per usable page, from start */
	uint32_t nonempty;	/* bit k: free[k] is not empty */
	uint32_t free[MAX_ORDER + 1];	/* first free block: index + 1 */
};

static inline uintptr_t pfn_of(const void *p)
{
	return (uintptr_t)p >> PAGE_SHIFT;
}

static inline void *page_ptr(uintptr_t pfn)
{
	return (void *)(pfn << PAGE_SHIFT);
}

static inline uintptr_t order_pages(unsigned int k)
{
	return (uintptr_t)1 << k;
}

static inline unsigned int floor_log2(uintptr_t n)
{
	return 63 - __builtin_clzl(n);
}

/* Smallest k with 2^k >= n, for n >= 1. */
static inline unsigned int ceil_log2(uintptr_t n)
{
	return n == 1 ? 0 : floor_log2(n - 1) + 1;
}

/*
 * Largest order of a block that starts at page a (so a is aligned to it)
 * and fits in n >= 1 pages: the next piece when cutting a page range into
 * naturally aligned blocks.
 */
static unsigned int fit_order(uintptr_t a, uintptr_t n)
{
	unsigned int k = a ? (unsigned int)__builtin_ctzl(a) : MAX_ORDER;

	return UK_MIN(UK_MIN(k, (unsigned int)MAX_ORDER), floor_log2(n));
}

static uint64_t desc_get(const struct uk_buddy_region *r, uintptr_t pfn)
{
	uintptr_t i = pfn - r->start, c = i / DCHUNK;

	if (!(r->zeroed[c / 64] & (1ULL << (c % 64))))
		return D_NONE;
	return r->desc[i];
}

static void desc_set(struct uk_buddy_region *r, uintptr_t pfn, uint64_t d)
{
	uintptr_t i = pfn - r->start, c = i / DCHUNK;
	uint64_t bit = 1ULL << (c % 64);

	if (!(r->zeroed[c / 64] & bit)) {
		if (d == D_NONE)
			return;
		memset(&r->desc[c * DCHUNK], 0, DCHUNK * sizeof(r->desc[0]));
		r->zeroed[c / 64] |= bit;
	}
	r->desc[i] = d;
}

static struct uk_buddy_region *region_of(const struct uk_buddy *b,
					 uintptr_t pfn)
{
	struct uk_buddy_region *r;

	for (r = b->regions; r; r = r->next)
		if (pfn >= r->start && pfn < r->end)
			return r;
	return NULL;
}

/*
 * Free-list links are page indices + 1 within the region, 0 for none.
 * The descriptor of a free block is always in a zeroed chunk.
 */
static inline uint32_t link_of(const struct uk_buddy_region *r, uintptr_t pfn)
{
	return (uint32_t)(pfn - r->start + 1);
}

static void set_next(struct uk_buddy_region *r, uint32_t l, uint32_t next)
{
	uint64_t *d = &r->desc[l - 1];

	*d = D_MKLINKS(*d, next, D_PREV(*d));
}

static void set_prev(struct uk_buddy_region *r, uint32_t l, uint32_t prev)
{
	uint64_t *d = &r->desc[l - 1];

	*d = D_MKLINKS(*d, D_NEXT(*d), prev);
}

static void list_push(struct uk_buddy_region *r, uintptr_t pfn,
		      unsigned int k)
{
	uint32_t l = link_of(r, pfn), next = r->free[k];

	desc_set(r, pfn, D_MKLINKS(D_MKFREE(k), next, 0));
	if (next)
		set_prev(r, next, l);
	r->free[k] = l;
	r->nonempty |= 1U << k;
}

/* Unlinks the free block at pfn from list k and clears its descriptor. */
static void list_del(struct uk_buddy_region *r, uintptr_t pfn,
		     unsigned int k)
{
	uint64_t d = desc_get(r, pfn);
	uint32_t next = D_NEXT(d), prev = D_PREV(d);

	if (prev)
		set_next(r, prev, next);
	else
		r->free[k] = next;
	if (next)
		set_prev(r, next, prev);
	if (!r->free[k])
		r->nonempty &= ~(1U << k);
	desc_set(r, pfn, D_NONE);
}

/*
 * Frees the block of order k at pfn, merging it with its buddy as long as
 * the buddy is free and whole.  The buddy's first page always starts a
 * block when the buddy lies inside the region, so its descriptor is
 * enough to decide.
 */
static void free_block(struct uk_buddy_region *r, uintptr_t pfn,
		       unsigned int k)
{
	desc_set(r, pfn, D_NONE);
	while (k < MAX_ORDER) {
		uintptr_t buddy = pfn ^ order_pages(k);

		if (buddy < r->start || buddy + order_pages(k) > r->end)
			break;
		if (D_KIND(desc_get(r, buddy)) != D_MKFREE(k))
			break;
		list_del(r, buddy, k);
		pfn &= ~order_pages(k);
		k++;
	}
	list_push(r, pfn, k);
}

/* Frees the pages [a, e), cut into naturally aligned blocks. */
static void free_range(struct uk_buddy_region *r, uintptr_t a, uintptr_t e)
{
	while (a < e) {
		unsigned int k = fit_order(a, e - a);

		free_block(r, a, k);
		a += order_pages(k);
	}
}

/*
 * Records an allocated run of n pages at h.  The run is cut into blocks
 * the same way free_range would cut it; the first block's page gets HEAD,
 * the others PART (their buddies must see them as taken).  A tagged run
 * marks every page instead, so any pointer into it can be looked up.
 */
static void mark_run(struct uk_buddy_region *r, uintptr_t h, uintptr_t n,
		     unsigned int tag)
{
	uintptr_t p, e = h + n;

	desc_set(r, h, D_MKRUN(D_HEAD, tag, n));
	if (tag) {
		for (p = 1; p < n; p++)
			desc_set(r, h + p, D_MKRUN(D_TAIL, tag, p));
		return;
	}
	for (p = h + order_pages(fit_order(h, n)); p < e;) {
		unsigned int k = fit_order(p, e - p);

		desc_set(r, p, D_MKPART(k));
		p += order_pages(k);
	}
}

/* Undoes mark_run for every page but the first. */
static void unmark_run(struct uk_buddy_region *r, uintptr_t h, uintptr_t n,
		       unsigned int tag)
{
	uintptr_t p, e = h + n;

	if (tag) {
		for (p = 1; p < n; p++)
			desc_set(r, h + p, D_NONE);
		return;
	}
	for (p = h + order_pages(fit_order(h, n)); p < e;) {
		unsigned int k = fit_order(p, e - p);

		desc_set(r, p, D_NONE);
		p += order_pages(k);
	}
}

static void note_used(struct uk_buddy *b)
{
	size_t used = b->total_pages - b->free_pages;

	if (used > b->peak_used_pages)
		b->peak_used_pages = used;
}

void *uk_buddy_alloc(struct uk_buddy *b, size_t npages,
		     unsigned int align_order, unsigned int tag)
{
	struct uk_buddy_region *r, *best = NULL;
	unsigned int order, k = MAX_ORDER + 1;
	uintptr_t pfn;

	if (npages == 0 || npages > order_pages(MAX_ORDER) ||
	    align_order > MAX_ORDER || tag > UK_BUDDY_MAX_TAG)
		return NULL;
	order = UK_MAX(ceil_log2(npages), align_order);
	/* The smallest fitting block of any region: regions are few. */
	for (r = b->regions; r && k > order; r = r->next) {
		uint32_t avail = r->nonempty >> order;

		if (avail && order + __builtin_ctz(avail) < k) {
			k = order + __builtin_ctz(avail);
			best = r;
		}
	}
	if (!best)
		return NULL;
	r = best;
	pfn = r->start + r->free[k] - 1;
	list_del(r, pfn, k);
	/* Keep the lower half, whose alignment is that of the whole. */
	while (k > order) {
		k--;
		list_push(r, pfn + order_pages(k), k);
	}
	mark_run(r, pfn, npages, tag);
	/* The pages past the run go straight back instead of being wasted. */
	free_range(r, pfn + npages, pfn + order_pages(order));
	b->free_pages -= npages;
	note_used(b);
	return page_ptr(pfn);
}

/*
 * Free blocks that lie side by side make a stretch of free pages that
 * buddies never merge (they are not each other's buddies), and a run may
 * span several of them.  A 10 MiB request needs a free 16 MiB block the
 * fast way; this way any 10 MiB of consecutive free pages will do, as with
 * a first-fit allocator.  Walks each region block by block, in address
 * order: slower, for when the fast way has failed.
 */
void *uk_buddy_alloc_stretch(struct uk_buddy *b, size_t npages,
			     unsigned int align_order, unsigned int tag)
{
	struct uk_buddy_region *r;

	if (npages == 0 || npages > order_pages(MAX_ORDER) ||
	    align_order > MAX_ORDER || tag > UK_BUDDY_MAX_TAG)
		return NULL;
	for (r = b->regions; r; r = r->next) {
		uintptr_t p = r->start, s = 0, a;
		int in_stretch = 0;

		while (p < r->end) {
			uint64_t d = desc_get(r, p);

			if (D_TYPE(d) != D_FREE) {
				in_stretch = 0;
				/* a run's end is the next block's start */
				p += D_TYPE(d) == D_HEAD ? D_VAL(d) : 1;
				continue;
			}
			if (!in_stretch) {
				s = p;
				in_stretch = 1;
			}
			p += order_pages(D_ORDER(d));
			a = UK_ALIGN_UP(s, order_pages(align_order));
			if (p < a + npages)
				continue;
			/* Take the stretch's blocks, keep [a, a + npages). */
			for (p = s; p < a + npages;) {
				unsigned int k = D_ORDER(desc_get(r, p));

				list_del(r, p, k);
				p += order_pages(k);
			}
			mark_run(r, a, npages, tag);
			free_range(r, s, a);
			free_range(r, a + npages, p);
			b->free_pages -= npages;
			note_used(b);
			return page_ptr(a);
		}
	}
	return NULL;
}

/* Returns the region of a live run starting at ptr, or NULL. */
static struct uk_buddy_region *run_region(struct uk_buddy *b, const void *ptr,
					  uint64_t *d)
{
	struct uk_buddy_region *r;

	if ((uintptr_t)ptr & (PAGE_SIZE - 1))
		return NULL;
	r = region_of(b, pfn_of(ptr));
	if (!r)
		return NULL;
	*d = desc_get(r, pfn_of(ptr));
	return D_TYPE(*d) == D_HEAD ? r : NULL;
}

void uk_buddy_free(struct uk_buddy *b, void *ptr, size_t npages)
{
	struct uk_buddy_region *r;
	uintptr_t h = pfn_of(ptr);
	uint64_t d = 0;

	r = run_region(b, ptr, &d);
	if (!r) {
		bad_pointer("page free of %p: not an allocated run (double free?)",
			    ptr);
		return;
	}
	if (D_VAL(d) != npages) {
		bad_pointer("page free of %p: %zu pages given, the run has %zu",
			    ptr, npages, (size_t)D_VAL(d));
		return;
	}
	unmark_run(r, h, npages, D_TAG(d));
	free_range(r, h, h + npages);
	b->free_pages += npages;
}

void uk_buddy_shrink(struct uk_buddy *b, void *ptr, size_t npages,
		     size_t new_npages)
{
	struct uk_buddy_region *r;
	uintptr_t h = pfn_of(ptr);
	uint64_t d = 0;

	r = run_region(b, ptr, &d);
	if (!r || D_VAL(d) != npages || D_TAG(d) || new_npages == 0 ||
	    new_npages > npages) {
		bad_pointer("page shrink of %p from %zu to %zu pages: not a matching untagged run",
			    ptr, npages, new_npages);
		return;
	}
	if (new_npages == npages)
		return;
	/* The kept part is cut into fewer or other blocks: re-mark it. */
	unmark_run(r, h, npages, 0);
	mark_run(r, h, new_npages, 0);
	free_range(r, h + new_npages, h + npages);
	b->free_pages += npages - new_npages;
}

int uk_buddy_grow(struct uk_buddy *b, void *ptr, size_t npages,
		  size_t new_npages)
{
	struct uk_buddy_region *r;
	uintptr_t h = pfn_of(ptr), e = h + new_npages, p;
	uint64_t d = 0;

	r = run_region(b, ptr, &d);
	if (!r || D_VAL(d) != npages || D_TAG(d) || new_npages <= npages) {
		bad_pointer("page grow of %p from %zu to %zu pages: not a matching untagged run",
			    ptr, npages, new_npages);
		return -EINVAL;
	}
	if (e > r->end)
		return -ENOMEM;
	/* The run's end starts a block; are the blocks up to e all free? */
	for (p = h + npages; p < e; p += order_pages(D_ORDER(d))) {
		d = desc_get(r, p);
		if (D_TYPE(d) != D_FREE)
			return -ENOMEM;
	}
	for (p = h + npages; p < e;) {
		unsigned int k = D_ORDER(desc_get(r, p));

		list_del(r, p, k);
		p += order_pages(k);
	}
	unmark_run(r, h, npages, 0);
	mark_run(r, h, new_npages, 0);
	free_range(r, e, p);
	b->free_pages -= new_npages - npages;
	note_used(b);
	return 0;
}

enum uk_buddy_page uk_buddy_lookup(struct uk_buddy *b, const void *ptr,
				   struct uk_buddy_run *run)
{
	struct uk_buddy_region *r;
	uintptr_t pfn = pfn_of(ptr);
	uint64_t d;

	r = region_of(b, pfn);
	if (!r)
		return UK_BUDDY_FOREIGN;
	d = desc_get(r, pfn);
	if (D_TYPE(d) == D_TAIL) {
		/* a TAIL always points at its run's HEAD */
		pfn -= D_VAL(d);
		d = desc_get(r, pfn);
	}
	switch (D_TYPE(d)) {
	case D_FREE:
		return UK_BUDDY_FREE;
	case D_HEAD:
		run->base = page_ptr(pfn);
		run->npages = D_VAL(d);
		run->tag = D_TAG(d);
		return UK_BUDDY_RUN;
	default:
		return UK_BUDDY_INTERIOR;
	}
}

/* Bytes of metadata for a region of n pages. */
static size_t meta_bytes(uintptr_t n)
{
	uintptr_t chunks = UK_DIV_ROUND_UP(n, DCHUNK);

	return UK_ALIGN_UP(sizeof(struct uk_buddy_region) +
			   UK_DIV_ROUND_UP(chunks, 64) * sizeof(uint64_t), 64) +
		chunks * DCHUNK * sizeof(uint64_t);
}

/* Makes the whole pages [s, e) a region, its metadata first. */
static int add_region(struct uk_buddy *b, uintptr_t s, uintptr_t e)
{
	uintptr_t total = (e - s) >> PAGE_SHIFT, meta, words;
	struct uk_buddy_region *r;

	/* Sized for all pages, a little more than the usable ones need. */
	meta = UK_DIV_ROUND_UP(meta_bytes(total), PAGE_SIZE);
	if (meta >= total)
		return -EINVAL;
	r = (struct uk_buddy_region *)s;
	memset(r, 0, sizeof(*r));
	r->start = pfn_of((void *)s) + meta;
	r->end = pfn_of((void *)e);
	words = UK_DIV_ROUND_UP(UK_DIV_ROUND_UP(r->end - r->start, DCHUNK), 64);
	r->zeroed = (uint64_t *)(r + 1);
	memset(r->zeroed, 0, words * sizeof(uint64_t));
	r->desc = (uint64_t *)UK_ALIGN_UP((uintptr_t)(r->zeroed + words), 64);
	r->next = b->regions;
	b->regions = r;

	/* O(log n) blocks, each one descriptor write. */
	free_range(r, r->start, r->end);
	b->total_pages += r->end - r->start;
	b->free_pages += r->end - r->start;
	return 0;
}

static int buddy_addmem(struct uk_alloc *a, void *base, size_t len)
{
	struct uk_buddy *b = uk_container_of(a, struct uk_buddy, a);
	const uintptr_t piece = REGION_MAX_PAGES << PAGE_SHIFT;
	struct uk_buddy_region *o;
	uintptr_t s, e, cut;

	if ((uintptr_t)base + len < (uintptr_t)base)
		return -EINVAL;
	s = UK_ALIGN_UP((uintptr_t)base, PAGE_SIZE);
	e = UK_ALIGN_DOWN((uintptr_t)base + len, PAGE_SIZE);
	if (s == 0 || e <= s)
		return -EINVAL;
	for (o = b->regions; o; o = o->next)
		if (s < (o->end << PAGE_SHIFT) && (uintptr_t)o < e)
			return -EINVAL;
	/*
	 * Free-list links count a region's pages in 28 bits: memory beyond
	 * 1 TiB becomes several regions, cut where the largest blocks end.
	 */
	while (e - s > piece) {
		cut = UK_ALIGN_DOWN(s + piece, PAGE_SIZE << MAX_ORDER);
		add_region(b, s, cut);
		s = cut;
	}
	return add_region(b, s, e);
}

/*
 * The uk_alloc face of the buddy: every allocation is a run of whole
 * pages, the size rounded up.
 */
static size_t pages_of(size_t size)
{
	if (size == 0)
		return 1;
	if (size > (order_pages(MAX_ORDER) << PAGE_SHIFT))
		return 0;
	return UK_DIV_ROUND_UP(size, PAGE_SIZE);
}

static void *buddy_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	struct uk_buddy *b = uk_container_of(a, struct uk_buddy, a);
	size_t n = pages_of(size);

	if (!UK_IS_POW2(align) || !n)
		return NULL;
	return uk_buddy_alloc(b, n, align > PAGE_SIZE ?
			      floor_log2(align) - PAGE_SHIFT : 0, 0);
}

static void *buddy_malloc(struct uk_alloc *a, size_t size)
{
	return buddy_memalign(a, PAGE_SIZE, size);
}

/* The run that ptr, handed to op, must start; 0 pages if it is not one. */
static size_t buddy_run_of(struct uk_buddy *b, void *ptr, const char *op)
{
	struct uk_buddy_run run;

	if (uk_buddy_lookup(b, ptr, &run) != UK_BUDDY_RUN ||
	    run.base != ptr || run.tag) {
		bad_pointer("%s(%p): not an allocated block", op, ptr);
		return 0;
	}
	return run.npages;
}

static void buddy_free(struct uk_alloc *a, void *ptr)
{
	struct uk_buddy *b = uk_container_of(a, struct uk_buddy, a);
	size_t n;

	if (!ptr)
		return;
	n = buddy_run_of(b, ptr, "free");
	if (n)
		uk_buddy_free(b, ptr, n);
}

static size_t buddy_usable_size(struct uk_alloc *a, void *ptr)
{
	struct uk_buddy *b = uk_container_of(a, struct uk_buddy, a);

	return ptr ? buddy_run_of(b, ptr, "malloc_usable_size") << PAGE_SHIFT
		   : 0;
}

static void *buddy_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	struct uk_buddy *b = uk_container_of(a, struct uk_buddy, a);
	size_t n, want;
	void *p;

	if (!ptr)
		return buddy_malloc(a, size);
	if (!size) {
		buddy_free(a, ptr);
		return NULL;
	}
	n = buddy_run_of(b, ptr, "realloc");
	want = pages_of(size);
	if (!n || !want)
		return NULL;
	if (want <= n) {
		if (want < n)
			uk_buddy_shrink(b, ptr, n, want);
		return ptr;
	}
	p = buddy_malloc(a, size);
	if (p) {
		memcpy(p, ptr, n << PAGE_SHIFT);
		uk_buddy_free(b, ptr, n);
	}
	return p;
}

static void *buddy_palloc(struct uk_alloc *a, size_t npages)
{
	return uk_buddy_alloc(uk_container_of(a, struct uk_buddy, a), npages,
			      0, 0);
}

static void buddy_pfree(struct uk_alloc *a, void *ptr, size_t npages)
{
	struct uk_buddy *b = uk_container_of(a, struct uk_buddy, a);

	if (ptr && buddy_run_of(b, ptr, "pfree"))
		uk_buddy_free(b, ptr, npages);
}

static void buddy_stats(struct uk_alloc *a, struct uk_alloc_stats *st)
{
	struct uk_buddy *b = uk_container_of(a, struct uk_buddy, a);

	memset(st, 0, sizeof(*st));
	st->total = b->total_pages << PAGE_SHIFT;
	st->free = b->free_pages << PAGE_SHIFT;
	st->used = st->total - st->free;
	st->peak = b->peak_used_pages << PAGE_SHIFT;
}

struct uk_alloc *uk_buddy_init(struct uk_buddy *b)
{
	memset(b, 0, sizeof(*b));
	b->a.malloc = buddy_malloc;
	b->a.memalign = buddy_memalign;
	b->a.realloc = buddy_realloc;
	b->a.free = buddy_free;
	b->a.usable_size = buddy_usable_size;
	b->a.palloc = buddy_palloc;
	b->a.pfree = buddy_pfree;
	b->a.addmem = buddy_addmem;
	b->a.stats = buddy_stats;
	return &b->a;
}
