/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory allocation.  An allocator is a struct uk_alloc: a table of
 * operations over the memory given to it.  Two backends exist:
 *
 *   - buddy (uk/alloc_buddy.h): a binary buddy allocator of pages, for
 *     blocks of 2^order pages, naturally aligned;
 *   - salloc (uk/alloc_salloc.h): a small-object allocator (size classes
 *     in slabs) on top of a page allocator; larger requests go to pages.
 *
 * The default allocator (uk_alloc_default()) is salloc over buddy, fed
 * with the platform's free memory regions at boot.  The uk_malloc family
 * below uses it; the C library's malloc family calls these.
 *
 * Exhaustion returns NULL (and logs one line), never crashes.  With
 * CONFIG_LIBUKALLOC_DEBUG, a double free or a free of a pointer the
 * allocator never handed out is a crash with a backtrace.
 */
#ifndef __UK_ALLOC_H__
#define __UK_ALLOC_H__

#include <stddef.h>
#include <stdint.h>

struct uk_alloc_stats {
	size_t total;		/* bytes under management */
	size_t free;		/* total - used */
	size_t used;		/* usable bytes of the blocks handed out */
	size_t peak;		/* highest "used" seen */
	uint64_t nb_alloc;	/* successful allocations */
	uint64_t nb_free;	/* frees */
	uint64_t nb_enomem;	/* failed allocations */
};

struct uk_alloc {
	void *(*malloc)(struct uk_alloc *a, size_t size);
	void *(*memalign)(struct uk_alloc *a, size_t align, size_t size);
	void *(*realloc)(struct uk_alloc *a, void *ptr, size_t size);
	void (*free)(struct uk_alloc *a, void *ptr);
	size_t (*usable_size)(struct uk_alloc *a, void *ptr);
	/* npages contiguous pages, page aligned */
	void *(*palloc)(struct uk_alloc *a, size_t npages);
	void (*pfree)(struct uk_alloc *a, void *ptr, size_t npages);
	/* hand more memory to the allocator; 0 or negative errno */
	int (*addmem)(struct uk_alloc *a, void *base, size_t len);
	void (*stats)(struct uk_alloc *a, struct uk_alloc_stats *st);
};

/* The default allocator, NULL until memory was added. */
struct uk_alloc *uk_alloc_default(void);

/* Adds a free memory region to the default allocator. */
int uk_alloc_add_memory(void *base, size_t len);

/*
 * Sets the function that hands the default allocator its memory (with
 * uk_alloc_add_memory) the first time anything allocates.  ukboot passes
 * the platform's free regions this way, so boot does not pay for an
 * allocator a program never uses.  (Inline: it runs at every boot.)
 */
extern int (*uk_alloc_memory_source)(void);

static inline void uk_alloc_set_memory_source(int (*fn)(void))
{
	uk_alloc_memory_source = fn;
}

void *uk_malloc(size_t size);
void *uk_calloc(size_t nmemb, size_t size);
void *uk_realloc(void *ptr, size_t size);
void uk_free(void *ptr);
/* align: a power of two, multiple of sizeof(void *); 0 or errno (EINVAL, ENOMEM) */
int uk_posix_memalign(void **memptr, size_t align, size_t size);
void *uk_memalign(size_t align, size_t size);
size_t uk_malloc_usable_size(void *ptr);
void *uk_palloc(size_t npages);
void uk_pfree(void *ptr, size_t npages);
void uk_alloc_stats_get(struct uk_alloc_stats *st);

#endif
