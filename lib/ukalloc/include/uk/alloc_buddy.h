/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Binary buddy page allocator.
 *
 * Memory is handed out in runs of whole 4 KiB pages.  Internally every
 * free or allocated piece is a buddy block of 2^order pages, aligned to
 * its size relative to address 0 (an order-9 block is 2 MiB aligned), so
 * a run asked with align_order k starts on a 2^k-page boundary.  A run of
 * n pages that is not a power of two takes the block of the next order
 * and gives the unused tail pages straight back, so it is aligned to its
 * size rounded up.  When memory is too fragmented for that,
 * uk_buddy_alloc_stretch finds n free pages side by side across several
 * blocks, aligned only as asked.
 *
 * Several disjoint regions can be added over time.  Each region keeps its
 * own metadata in its first pages: an 8-byte descriptor per page, written
 * only for pages that start a block (and for every page of a tagged run),
 * zeroed lazily 8 descriptors at a time.  The descriptors hold the free
 * lists too, so the allocator never writes to memory it has not handed
 * out.  They are also what lets a caller ask "what is this pointer?"
 * (uk_buddy_lookup) without a header in front of the memory it was given.
 *
 * Pure logic: no locking, no interrupt masking; callers serialise.
 */
#ifndef __UK_ALLOC_BUDDY_H__
#define __UK_ALLOC_BUDDY_H__

#include <stddef.h>
#include <stdint.h>
#include <uk/alloc.h>

/* Largest block: 2^20 pages (4 GiB); also the largest run. */
#define UK_BUDDY_MAX_ORDER	20

/* Largest tag uk_buddy_alloc accepts. */
#define UK_BUDDY_MAX_TAG	255

struct uk_buddy_region;

struct uk_buddy {
	/* page-granular allocator: malloc rounds up to whole pages */
	struct uk_alloc a;
	/* private below */
	struct uk_buddy_region *regions;	/* each with its free lists */
	size_t total_pages;
	size_t free_pages;
	size_t peak_used_pages;
};

/* What uk_buddy_lookup found at a pointer. */
enum uk_buddy_page {
	UK_BUDDY_FOREIGN,	/* outside every region's usable pages */
	UK_BUDDY_FREE,		/* first page of a free block */
	UK_BUDDY_INTERIOR,	/* inside a block, not a page lookup knows */
	UK_BUDDY_RUN,		/* part of an allocated run, see info */
};

struct uk_buddy_run {
	void *base;		/* first page of the run */
	size_t npages;
	unsigned int tag;
};

/* Sets up an empty allocator; add memory with a->addmem. */
struct uk_alloc *uk_buddy_init(struct uk_buddy *b);

/*
 * Allocates npages contiguous pages aligned to 2^align_order pages.
 * A non-zero tag (up to UK_BUDDY_MAX_TAG) is remembered for the run and
 * recorded on every one of its pages, so uk_buddy_lookup recognises any
 * pointer into it; that costs one descriptor write per page, so tags are
 * meant for small runs (slabs).  Untagged runs are recognised from their
 * first page only.  Returns NULL when no block is large enough.
 */
void *uk_buddy_alloc(struct uk_buddy *b, size_t npages,
		     unsigned int align_order, unsigned int tag);

/*
 * The same, for when uk_buddy_alloc found no block large enough: the
 * first npages free pages side by side (aligned to 2^align_order pages),
 * whatever blocks they lie in.  Walks every block: slower.  The run is
 * freed, shrunk and looked up like any other.
 */
void *uk_buddy_alloc_stretch(struct uk_buddy *b, size_t npages,
			     unsigned int align_order, unsigned int tag);

/*
 * Frees a run returned by uk_buddy_alloc; npages must be the run's size.
 * A pointer that is not the start of a live run is a crash with
 * CONFIG_LIBUKALLOC_DEBUG, an error message and no effect otherwise.
 */
void uk_buddy_free(struct uk_buddy *b, void *ptr, size_t npages);

/*
 * Gives the last npages - new_npages pages of an untagged run back;
 * 0 < new_npages < npages.
 */
void uk_buddy_shrink(struct uk_buddy *b, void *ptr, size_t npages,
		     size_t new_npages);

/*
 * Makes an untagged run of npages at ptr new_npages long (> npages) in
 * place, when the pages right after it are free; 0 if it did, -ENOMEM
 * (nothing changed) if they are not.  realloc() of a large block then
 * neither copies nor needs a second free area as large as the new size.
 */
int uk_buddy_grow(struct uk_buddy *b, void *ptr, size_t npages,
		  size_t new_npages);

/* Says what ptr points into; fills *run for UK_BUDDY_RUN. */
enum uk_buddy_page uk_buddy_lookup(struct uk_buddy *b, const void *ptr,
				   struct uk_buddy_run *run);

#endif /* __UK_ALLOC_BUDDY_H__ */
