/*
 * White-box view of the buddy allocator for test_ukalloc.c: buddy.c is
 * compiled here, inside this file, so the checker below can read its
 * private structures (region headers, descriptors, free lists).  The
 * test links this file instead of lib/ukalloc/buddy.c.
 */
#include "../../lib/ukalloc/buddy.c"

#include <stdio.h>

int ukalloc_buddy_check(const struct uk_buddy *b, char *why, size_t len);

#define FAIL(...)						\
	do {							\
		snprintf(why, len, __VA_ARGS__);		\
		return -1;					\
	} while (0)

/* Is the block at pfn on free list k of region r? */
static int on_list(const struct uk_buddy_region *r, uintptr_t pfn,
		   unsigned int k)
{
	uint32_t l;

	for (l = r->free[k]; l; l = D_NEXT(desc_get(r, (r->start + l - 1))))
		if ((r->start + l - 1) == pfn)
			return 1;
	return 0;
}

/*
 * Walks every region page by page and every free list, and checks that:
 * the pages are partitioned into naturally aligned blocks; each free block
 * is on the list of its order and not mergeable with its buddy; each run
 * is marked as mark_run marks it; every other descriptor is NONE; and the
 * counters agree with all that.
 */
int ukalloc_buddy_check(const struct uk_buddy *b, char *why, size_t len)
{
	const struct uk_buddy_region *r;
	size_t free_pages = 0, total = 0, listed = 0;
	unsigned int k;

	for (r = b->regions; r; r = r->next) {
		uintptr_t p = r->start, q;

		total += r->end - r->start;
		while (p < r->end) {
			uint64_t d = desc_get(r, p);
			uintptr_t n, e;

			switch (D_TYPE(d)) {
			case D_FREE:
				k = (d >> 3) & 31;
				n = order_pages(k);
				if (p & (n - 1) || p + n > r->end)
					FAIL("free block %#lx order %u misplaced",
					     p, k);
				if (!on_list(r, p, k))
					FAIL("free block %#lx order %u not listed",
					     p, k);
				q = p ^ n;
				if (k < MAX_ORDER && q >= r->start &&
				    q + n <= r->end &&
				    D_KIND(desc_get(r, q)) == D_MKFREE(k))
					FAIL("free buddies %#lx and %#lx not merged",
					     p, q);
				for (q = p + 1; q < p + n; q++)
					if (desc_get(r, q) != D_NONE)
						FAIL("page %#lx inside free block %#lx: %#lx",
						     q, p,
						     (unsigned long)desc_get(r, q));
				free_pages += n;
				break;
			case D_HEAD:
				n = D_VAL(d);
				if (!n || p + n > r->end)
					FAIL("run %#lx of %lu pages overflows",
					     p, (unsigned long)n);
				e = p + order_pages(fit_order(p, n));
				for (q = p + 1; q < p + n; q++) {
					uint64_t want = D_NONE;

					if (D_TAG(d)) {
						want = D_MKRUN(D_TAIL, D_TAG(d),
							       q - p);
					} else if (q == e) {
						k = fit_order(q, p + n - q);
						want = D_MKPART(k);
						e += order_pages(k);
					}
					if (desc_get(r, q) != want)
						FAIL("run %#lx page %#lx: %#lx, want %#lx",
						     p, q,
						     (unsigned long)desc_get(r, q),
						     (unsigned long)want);
				}
				break;
			default:
				FAIL("page %#lx starts no block: %#lx", p,
				     (unsigned long)d);
			}
			p += n;
		}
		for (k = 0; k <= MAX_ORDER; k++) {
			uint32_t l, prev = 0;

			if (!!r->free[k] != !!(r->nonempty & (1U << k)))
				FAIL("nonempty bit %u wrong", k);
			for (l = r->free[k]; l; prev = l,
			     l = D_NEXT(desc_get(r, (r->start + l - 1)))) {
				uint64_t d = desc_get(r, (r->start + l - 1));

				if (l > r->end - r->start)
					FAIL("list %u: link %u out of region",
					     k, l);
				if (D_PREV(d) != prev)
					FAIL("list %u: bad prev link at %u",
					     k, l);
				if (D_KIND(d) != D_MKFREE(k))
					FAIL("list %u: %u is not a free block of that order",
					     k, l);
				listed += order_pages(k);
			}
		}
	}
	if (total != b->total_pages)
		FAIL("total %zu pages, counter says %zu", total,
		     b->total_pages);
	if (free_pages != b->free_pages || listed != free_pages)
		FAIL("free: %zu pages in blocks, %zu listed, counter %zu",
		     free_pages, listed, b->free_pages);
	return 0;
}
