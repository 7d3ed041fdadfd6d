/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Small-object allocator over the buddy page allocator.
 *
 * Requests up to UK_SALLOC_MAX_SMALL bytes are served from one of
 * UK_SALLOC_NCLASSES size classes (16, 32, 48, ... 2048: four classes per
 * power of two above 128), each object in a slab: a buddy run of 1 to 4
 * pages holding objects of one class back to back from its first byte,
 * with the slab's header (list links, allocation bitmap) in its last
 * bytes.  An object is thus aligned to the largest power of two dividing
 * its class size (16 at least), which is what memalign of small sizes
 * uses.  Larger requests are page runs from the buddy, exactly as many
 * pages as needed, aligned as asked.
 *
 * The buddy's page descriptors tell which slab or run a pointer belongs
 * to, so nothing is stored in front of an object, and a free of a
 * pointer never handed out, or freed already, is recognised exactly.
 *
 * Pure logic: no locking, no interrupt masking; callers serialise.
 */
#ifndef __UK_ALLOC_SALLOC_H__
#define __UK_ALLOC_SALLOC_H__

#include <stddef.h>
#include <stdint.h>
#include <uk/alloc.h>
#include <uk/alloc_buddy.h>

#define UK_SALLOC_NCLASSES	24
#define UK_SALLOC_MAX_SMALL	2048

struct uk_salloc_link {
	struct uk_salloc_link *next;
	struct uk_salloc_link *prev;
};

struct uk_salloc_class {
	/* slabs with a free slot; partly used ones first, an empty one last */
	struct uk_salloc_link slabs;
	uint16_t size;		/* object size */
	uint16_t nobjs;		/* objects per slab */
	uint8_t order;		/* slab is 2^order pages */
	uint8_t nempty;		/* completely free slabs kept (0 or 1) */
};

struct uk_salloc {
	struct uk_alloc a;
	/* private below */
	struct uk_buddy *b;
	struct uk_salloc_class cls[UK_SALLOC_NCLASSES];
	/* with CONFIG_LIBUKALLOC_STATS */
	size_t used;		/* usable bytes of the live blocks */
	size_t peak;
	uint64_t nb_alloc;
	uint64_t nb_free;
	uint64_t nb_enomem;
};

/*
 * Sets up s over the buddy b (already initialised, with or without
 * memory).  a->addmem adds memory to b.
 */
struct uk_alloc *uk_salloc_init(struct uk_salloc *s, struct uk_buddy *b);

#endif /* __UK_ALLOC_SALLOC_H__ */
