/*
 * The allocators of lib/ukalloc on host memory: the buddy page allocator
 * and salloc directly on mmap'ed arenas, and the default allocator
 * (alloc.c, with the host's no-op uk/arch/irq.h) through the uk_malloc
 * family.  buddy.c is compiled inside ukalloc_buddy_check.c, whose
 * checker verifies the buddy's private structures during the tests.
 *
 * Registered in test/unit/Makefile as:
 *
 *   TESTS += ukalloc
 *   ukalloc_SRCS := $(UK_ROOT)/test/unit/ukalloc_buddy_check.c \
 *	$(UK_ROOT)/lib/ukalloc/salloc.c $(UK_ROOT)/lib/ukalloc/alloc.c
 *
 * Standalone, from the top of the tree:
 *
 *   make -C test/unit OUT=/tmp/ukalloc-test TESTS=ukalloc \
 *	ukalloc_SRCS="$PWD/test/unit/ukalloc_buddy_check.c \
 *	$PWD/lib/ukalloc/salloc.c $PWD/lib/ukalloc/alloc.c" \
 *	&& CK_VERBOSITY=verbose /tmp/ukalloc-test/test_ukalloc
 *
 * or by hand:
 *
 *   gcc -O1 -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
 *	-fsanitize=address,undefined -fno-omit-frame-pointer \
 *	-DCONFIG_LIBUKALLOC_DEBUG=1 -DCONFIG_LIBUKALLOC_STATS=1 \
 *	-Itest/unit/include -Iinclude -Iarch/x86_64/include \
 *	-Ilib/ukalloc/include -Ilib/ukdebug/include \
 *	-o /tmp/test_ukalloc test/unit/test_ukalloc.c \
 *	test/unit/ukalloc_buddy_check.c lib/ukalloc/salloc.c \
 *	lib/ukalloc/alloc.c test/unit/host_stubs.c $(pkg-config --libs check)
 *   CK_VERBOSITY=verbose /tmp/test_ukalloc
 *
 * Tests run forked (Check's default): each starts with a fresh default
 * allocator, and the crash tests expect uk_panic's abort().
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/alloc_buddy.h>
#include <uk/alloc_salloc.h>
#include "host_stubs.h"

#define PG	4096UL
#define KB	1024UL
#define MB	(1024UL * 1024)

/* size bytes of fresh host memory aligned to align (a power of two). */
static char *arena(size_t size, size_t align)
{
	char *p = mmap(NULL, size + align, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	ck_assert_ptr_ne(p, MAP_FAILED);
	return (char *)(((uintptr_t)p + align - 1) & ~(align - 1));
}

static int aligned(const void *p, size_t a)
{
	return ((uintptr_t)p & (a - 1)) == 0;
}

static struct uk_buddy B;
static struct uk_salloc S;

static struct uk_alloc *new_buddy(void)
{
	return uk_buddy_init(&B);
}

static struct uk_alloc *new_salloc(void)
{
	return uk_salloc_init(&S, &B);
}

/* In ukalloc_buddy_check.c, which compiles buddy.c to see inside it. */
int ukalloc_buddy_check(const struct uk_buddy *b, char *why, size_t len);

static void check_buddy(void)
{
	char why[256];

	ck_assert_msg(ukalloc_buddy_check(&B, why, sizeof(why)) == 0,
		      "buddy inconsistent: %s", why);
}

static struct uk_alloc_stats stats_of(struct uk_alloc *a)
{
	struct uk_alloc_stats st;

	a->stats(a, &st);
	return st;
}

/* A fixed-seed generator, so a failure reproduces. */
static uint64_t rng = 88172645463325252ULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t rnd_range(size_t lo, size_t hi)
{
	return lo + rnd() % (hi - lo + 1);
}

static void fill(char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (char)(seed * 131 + i * 7);
}

static int intact(const char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != (char)(seed * 131 + i * 7))
			return 0;
	return 1;
}

/* Marks both ends of each of n pages, enough to catch pages shared. */
static void stamp(char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t v = (uint64_t)seed << 32 | i;

		memcpy(p + i * PG, &v, 8);
		memcpy(p + i * PG + PG - 8, &v, 8);
	}
}

static int stamped(const char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t v = (uint64_t)seed << 32 | i;

		if (memcmp(p + i * PG, &v, 8) ||
		    memcmp(p + i * PG + PG - 8, &v, 8))
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* buddy                                                               */
/* ------------------------------------------------------------------ */

START_TEST(buddy_addmem_trims)
{
	struct uk_alloc *a = new_buddy();
	char *m = arena(8 * MB, 4 * MB);
	struct uk_alloc_stats st;

	/* Too small, wrapping, or nothing after the metadata page. */
	ck_assert_int_eq(a->addmem(a, m, 100), -EINVAL);
	ck_assert_int_eq(a->addmem(a, m, 0), -EINVAL);
	ck_assert_int_eq(a->addmem(a, (void *)-PG, 2 * PG), -EINVAL);
	ck_assert_int_eq(a->addmem(a, m, PG), -EINVAL);
	ck_assert_int_eq(a->addmem(a, m + 1, 2 * PG), -EINVAL);
	/* Unaligned both ends: whole pages only. */
	ck_assert_int_eq(a->addmem(a, m + 123, 1 * MB), 0);
	st = stats_of(a);
	ck_assert_uint_gt(st.total, 1 * MB - 8 * PG);
	ck_assert_uint_lt(st.total, 1 * MB);
	ck_assert_uint_eq(st.total % PG, 0);
	ck_assert_uint_eq(st.free, st.total);
	ck_assert_uint_eq(st.used, 0);
	/* Overlaps are refused, a neighbour is not. */
	ck_assert_int_eq(a->addmem(a, m + 512 * KB, 1 * MB), -EINVAL);
	ck_assert_int_eq(a->addmem(a, m - 64 * KB, 128 * KB), -EINVAL);
	ck_assert_int_eq(a->addmem(a, m + 2 * MB, 2 * PG), 0);
	ck_assert_uint_eq(stats_of(a).total, st.total + PG);
}
END_TEST

START_TEST(buddy_natural_alignment)
{
	struct uk_alloc *a = new_buddy();
	char *m = arena(32 * MB, 32 * MB);
	size_t free0;
	void *p[12];
	unsigned int k;

	ck_assert_int_eq(a->addmem(a, m, 32 * MB), 0);
	free0 = B.free_pages;
	for (k = 0; k < 12; k++) {
		p[k] = uk_buddy_alloc(&B, 1UL << k, 0, 0);
		ck_assert_ptr_nonnull(p[k]);
		ck_assert_msg(aligned(p[k], PG << k), "order %u at %p", k, p[k]);
	}
	for (k = 0; k < 12; k++)
		uk_buddy_free(&B, p[k], 1UL << k);
	ck_assert_uint_eq(B.free_pages, free0);

	/* A run of 3 is aligned like a block of 4; align_order on top. */
	p[0] = uk_buddy_alloc(&B, 3, 0, 0);
	ck_assert(aligned(p[0], 4 * PG));
	p[1] = uk_buddy_alloc(&B, 1, 8, 0);
	ck_assert(aligned(p[1], 1 * MB));
	p[2] = uk_buddy_alloc(&B, 300, 9, 0);
	ck_assert(aligned(p[2], 2 * MB));
	ck_assert_uint_eq(B.free_pages, free0 - 304);
	uk_buddy_free(&B, p[0], 3);
	uk_buddy_free(&B, p[1], 1);
	uk_buddy_free(&B, p[2], 300);
	ck_assert_uint_eq(B.free_pages, free0);
	/* Impossible requests. */
	ck_assert_ptr_null(uk_buddy_alloc(&B, 0, 0, 0));
	ck_assert_ptr_null(uk_buddy_alloc(&B, 1, UK_BUDDY_MAX_ORDER + 1, 0));
	ck_assert_ptr_null(uk_buddy_alloc(&B, (1UL << UK_BUDDY_MAX_ORDER) + 1,
					  0, 0));
	ck_assert_ptr_null(uk_buddy_alloc(&B, 1, 0, UK_BUDDY_MAX_TAG + 1));
	check_buddy();
}
END_TEST

/*
 * A 4 MiB-aligned 4 MiB region: its first pages hold the metadata, the
 * rest is free as naturally aligned blocks, the largest 2 MiB.
 */
START_TEST(buddy_fragmentation_and_coalescing)
{
	struct uk_alloc *a = new_buddy();
	char *m = arena(4 * MB, 4 * MB);
	static void *pages[1024];
	size_t n = 0, i;
	uintptr_t s, e;
	void *big;

	ck_assert_int_eq(a->addmem(a, m, 4 * MB), 0);
	ck_assert_uint_gt(B.total_pages, 1000);
	while ((pages[n] = a->palloc(a, 1)))
		n++;
	ck_assert_uint_eq(n, B.total_pages);
	ck_assert_uint_eq(B.free_pages, 0);
	for (i = 0; i < n; i += 2)
		a->pfree(a, pages[i], 1);
	ck_assert_uint_eq(B.free_pages, (n + 1) / 2);
	check_buddy();
	/* Half the memory is free, yet no two free pages make a block. */
	ck_assert_ptr_null(a->palloc(a, 2));
	for (i = 1; i < n; i += 2)
		a->pfree(a, pages[i], 1);
	ck_assert_uint_eq(B.free_pages, B.total_pages);
	big = a->palloc(a, 512);
	ck_assert_ptr_eq(big, m + 2 * MB);
	a->pfree(a, big, 512);
	/*
	 * Everything merged back into the blocks addmem made: taken from
	 * the smallest up, each request gets exactly the next one.
	 */
	s = (uintptr_t)m / PG + 1024 - B.total_pages;
	e = (uintptr_t)m / PG + 1024;
	while (s < e) {
		unsigned int k = __builtin_ctzl(s);

		while (s + (1UL << k) > e)
			k--;
		ck_assert_ptr_eq(uk_buddy_alloc(&B, 1UL << k, 0, 0),
				 (void *)(s * PG));
		s += 1UL << k;
	}
	ck_assert_uint_eq(B.free_pages, 0);
	check_buddy();
}
END_TEST

START_TEST(buddy_runs_give_back_their_tail)
{
	struct uk_alloc *a = new_buddy();
	char *m = arena(4 * MB, 4 * MB);
	size_t free0;
	char *p, *q;

	ck_assert_int_eq(a->addmem(a, m, 4 * MB), 0);
	free0 = B.free_pages;
	p = uk_buddy_alloc(&B, 5, 0, 0);
	ck_assert_uint_eq(B.free_pages, free0 - 5);
	/* The 3 tail pages of its 8-page block are usable again. */
	q = uk_buddy_alloc(&B, 1, 0, 0);
	ck_assert_ptr_eq(q, p + 5 * PG);
	uk_buddy_free(&B, q, 1);
	uk_buddy_shrink(&B, p, 5, 2);
	ck_assert_uint_eq(B.free_pages, free0 - 2);
	uk_buddy_free(&B, p, 2);
	ck_assert_uint_eq(B.free_pages, free0);
	ck_assert_ptr_eq(uk_buddy_alloc(&B, 512, 0, 0), m + 2 * MB);
}
END_TEST

static int ptr_order(const void *x, const void *y)
{
	const char *a = *(char *const *)x, *b = *(char *const *)y;

	return a < b ? -1 : a > b;
}

START_TEST(buddy_run_across_blocks)
{
	struct uk_alloc *a = new_buddy();
	char *m = arena(4 * MB, 4 * MB);
	static void *pages[1024];
	size_t n = 0, i;
	char *run;

	ck_assert_int_eq(a->addmem(a, m, 4 * MB), 0);
	while ((pages[n] = a->palloc(a, 1)))
		n++;
	qsort(pages, n, sizeof(pages[0]), ptr_order);
	/*
	 * Pages 1..700 free: 700 pages side by side, in blocks that are not
	 * buddies of each other, and no free block of 1024 pages, which is
	 * what 700 pages take the fast way.
	 */
	for (i = 1; i <= 700; i++)
		a->pfree(a, pages[i], 1);
	check_buddy();
	ck_assert_ptr_null(uk_buddy_alloc(&B, 650, 0, 0));
	ck_assert_ptr_null(uk_buddy_alloc_stretch(&B, 701, 0, 0));
	run = uk_buddy_alloc_stretch(&B, 650, 0, 0);
	ck_assert_ptr_eq(run, pages[1]);
	ck_assert_uint_eq(B.free_pages, 50);
	check_buddy();
	memset(run, 0x5a, 650 * PG);
	/* the 50 pages after it are still there, as one stretch */
	ck_assert_ptr_eq(uk_buddy_alloc_stretch(&B, 50, 0, 0), pages[651]);
	ck_assert_uint_eq(B.free_pages, 0);
	uk_buddy_free(&B, pages[651], 50);
	uk_buddy_free(&B, run, 650);
	check_buddy();
	/* an alignment the stretch's start does not have */
	run = uk_buddy_alloc_stretch(&B, 100, 6, 0);
	ck_assert_ptr_nonnull(run);
	ck_assert(aligned(run, 64 * PG));
	ck_assert((void *)run >= pages[1] && run + 100 * PG <= (char *)pages[701]);
	check_buddy();
	uk_buddy_free(&B, run, 100);
	for (i = 0; i < n; i++)
		if (i == 0 || i > 700)
			a->pfree(a, pages[i], 1);
	ck_assert_uint_eq(B.free_pages, B.total_pages);
	check_buddy();
}
END_TEST

START_TEST(buddy_multiple_regions)
{
	struct uk_alloc *a = new_buddy();
	char *r[3] = { arena(1 * MB, PG), arena(3 * MB + 5 * PG, PG),
		       arena(2 * MB, 2 * MB) };
	size_t len[3] = { 1 * MB, 3 * MB + 5 * PG, 2 * MB };
	static void *p[2048];
	size_t n = 0, i, total;
	int k, seen[3] = { 0 };

	ck_assert_int_eq(a->addmem(a, r[0], len[0]), 0);
	ck_assert_int_eq(a->addmem(a, r[1], len[1]), 0);
	total = B.total_pages;
	/* 8-page runs never straddle two regions. */
	while ((p[n] = a->palloc(a, 8)))
		n++;
	ck_assert_int_eq(a->addmem(a, r[2], len[2]), 0);
	ck_assert_uint_gt(B.total_pages, total);
	while ((p[n] = a->palloc(a, 8)))
		n++;
	for (i = 0; i < n; i++) {
		for (k = 0; k < 3; k++)
			if ((char *)p[i] >= r[k] &&
			    (char *)p[i] + 8 * PG <= r[k] + len[k])
				break;
		ck_assert_msg(k < 3, "run %p in no region", p[i]);
		seen[k] = 1;
	}
	ck_assert(seen[0] && seen[1] && seen[2]);
	/* Left: at most 7 pages at either end of each region. */
	ck_assert_uint_le(B.free_pages, 3 * 14);
	check_buddy();
	for (i = 0; i < n; i++)
		a->pfree(a, p[i], 8);
	ck_assert_uint_eq(B.free_pages, B.total_pages);
	check_buddy();
}
END_TEST

START_TEST(buddy_lookup)
{
	struct uk_alloc *a = new_buddy();
	char *m = arena(4 * MB, 4 * MB);
	struct uk_buddy_run run;
	char *t, *u;
	int local;

	ck_assert_int_eq(a->addmem(a, m, 4 * MB), 0);
	t = uk_buddy_alloc(&B, 4, 0, 7);
	u = uk_buddy_alloc(&B, 6, 0, 0);
	/* Any byte of a tagged run leads to it. */
	ck_assert_int_eq(uk_buddy_lookup(&B, t + 3 * PG + 100, &run),
			 UK_BUDDY_RUN);
	ck_assert_ptr_eq(run.base, t);
	ck_assert_uint_eq(run.npages, 4);
	ck_assert_uint_eq(run.tag, 7);
	/* An untagged run only from its first page. */
	ck_assert_int_eq(uk_buddy_lookup(&B, u + 8, &run), UK_BUDDY_RUN);
	ck_assert_ptr_eq(run.base, u);
	ck_assert_uint_eq(run.npages, 6);
	ck_assert_uint_eq(run.tag, 0);
	ck_assert_int_eq(uk_buddy_lookup(&B, u + 4 * PG, &run),
			 UK_BUDDY_INTERIOR);
	ck_assert_int_eq(uk_buddy_lookup(&B, u + 5 * PG, &run),
			 UK_BUDDY_INTERIOR);
	ck_assert_int_eq(uk_buddy_lookup(&B, &local, &run), UK_BUDDY_FOREIGN);
	ck_assert_int_eq(uk_buddy_lookup(&B, m, &run), UK_BUDDY_FOREIGN);
	uk_buddy_free(&B, t, 4);
	ck_assert_int_ne(uk_buddy_lookup(&B, t, &run), UK_BUDDY_RUN);
	ck_assert_int_ne(uk_buddy_lookup(&B, t + PG, &run), UK_BUDDY_RUN);
}
END_TEST

START_TEST(buddy_as_page_allocator)
{
	struct uk_alloc *a = new_buddy();
	char *m = arena(4 * MB, 4 * MB);
	char *p, *q;

	ck_assert_int_eq(a->addmem(a, m, 4 * MB), 0);
	p = a->malloc(a, 10);
	ck_assert(aligned(p, PG));
	ck_assert_uint_eq(a->usable_size(a, p), PG);
	memset(p, 0x5a, PG);
	q = a->realloc(a, p, 3 * PG + 1);
	ck_assert_uint_eq(a->usable_size(a, q), 4 * PG);
	ck_assert(q[0] == 0x5a && q[PG - 1] == 0x5a);
	ck_assert_ptr_eq(a->realloc(a, q, PG), q);
	ck_assert_uint_eq(a->usable_size(a, q), PG);
	p = a->memalign(a, 1 * MB, 1);
	ck_assert(aligned(p, 1 * MB));
	a->free(a, p);
	a->free(a, q);
	ck_assert_uint_eq(B.free_pages, B.total_pages);
	ck_assert_uint_eq(stats_of(a).peak, 5 * PG);
}
END_TEST

/*
 * Random runs of random sizes, alignments and tags, freed and shrunk at
 * random, over three regions; the buddy's structures are checked
 * throughout and every run keeps its own fill.
 */
START_TEST(buddy_random_stress)
{
	struct uk_alloc *a = new_buddy();
	enum { MAXLIVE = 400, OPS = 20000 };
	static struct { char *p; size_t n; unsigned int tag, fill; } v[MAXLIVE];
	size_t n = 0, i, np;
	unsigned int seq = 0;
	int op;

	ck_assert_int_eq(a->addmem(a, arena(8 * MB, PG) + 3 * PG, 5 * MB), 0);
	ck_assert_int_eq(a->addmem(a, arena(4 * MB, 4 * MB), 4 * MB), 0);
	ck_assert_int_eq(a->addmem(a, arena(3 * MB, PG) + 100, 3 * MB - 200),
			 0);
	rng = 0x2545f4914f6cdd1dULL;
	for (op = 0; op < OPS; op++) {
		unsigned int r = rnd() % 100;

		if (r < 50 && n < MAXLIVE) {
			unsigned int ao, tag;
			struct uk_buddy_run run;
			char *p;

			np = rnd() % 4 ? rnd_range(1, 8) : rnd_range(9, 300);
			ao = rnd() % 5 ? 0 : rnd() % 9;
			tag = np <= 8 && rnd() % 2 ?
			      rnd_range(1, UK_BUDDY_MAX_TAG) : 0;
			p = uk_buddy_alloc(&B, np, ao, tag);
			if (!p)
				continue;
			/* aligned as asked, and as the block it came from */
			ck_assert(aligned(p, PG << ao));
			ck_assert(np == 1 ||
				  aligned(p, PG << (64 - __builtin_clzl(np - 1))));
			ck_assert_int_eq(uk_buddy_lookup(&B, p + (np - 1) * PG,
							 &run),
					 tag || np == 1 ? UK_BUDDY_RUN
						       : UK_BUDDY_INTERIOR);
			v[n].p = p;
			v[n].n = np;
			v[n].tag = tag;
			v[n].fill = ++seq;
			stamp(p, np, seq);
			n++;
		} else if (r < 85 && n) {
			i = rnd() % n;
			ck_assert(stamped(v[i].p, v[i].n, v[i].fill));
			uk_buddy_free(&B, v[i].p, v[i].n);
			v[i] = v[--n];
		} else if (n) {
			i = rnd() % n;
			if (v[i].tag || v[i].n == 1)
				continue;
			np = rnd_range(1, v[i].n - 1);
			uk_buddy_shrink(&B, v[i].p, v[i].n, np);
			ck_assert(stamped(v[i].p, np, v[i].fill));
			v[i].n = np;
		}
		if (op % 500 == 0)
			check_buddy();
	}
	check_buddy();
	for (i = 0; i < n; i++) {
		ck_assert(stamped(v[i].p, v[i].n, v[i].fill));
		uk_buddy_free(&B, v[i].p, v[i].n);
	}
	check_buddy();
	ck_assert_uint_eq(B.free_pages, B.total_pages);
}
END_TEST

/*
 * A region's free-list links count 2^28 pages, so 1.5 TiB of address
 * space (reserved, not backed: the allocator only writes its metadata)
 * becomes two regions.
 */
START_TEST(buddy_huge_region_is_cut)
{
	struct uk_alloc *a = new_buddy();
	const size_t len = 1536UL << 30, top = 4UL << 30;
	struct uk_buddy_run run;
	char *m, *p, *q;

	m = mmap(NULL, len + top, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return;		/* no such address space here: nothing to test */
	m = (char *)(((uintptr_t)m + top - 1) & ~(top - 1));
	ck_assert_int_eq(a->addmem(a, m, len), 0);
	ck_assert_uint_gt(B.total_pages, len / PG - len / PG / 256);
	/* The cut, 4 GiB-aligned: metadata of the second region after it. */
	ck_assert_int_eq(uk_buddy_lookup(&B, m + (1UL << 40) - top - 1, &run),
			 UK_BUDDY_INTERIOR);
	ck_assert_int_eq(uk_buddy_lookup(&B, m + (1UL << 40) - top, &run),
			 UK_BUDDY_FOREIGN);
	/* Largest blocks from both regions, the tail of one region. */
	p = uk_buddy_alloc(&B, 1UL << UK_BUDDY_MAX_ORDER, 0, 0);
	ck_assert(aligned(p, top));
	q = a->malloc(a, 1);
	ck_assert_int_eq(uk_buddy_lookup(&B, m + len - 1, &run),
			 UK_BUDDY_INTERIOR);
	ck_assert_int_eq(uk_buddy_lookup(&B, m + len, &run),
			 UK_BUDDY_FOREIGN);
	a->free(a, q);
	uk_buddy_free(&B, p, 1UL << UK_BUDDY_MAX_ORDER);
	ck_assert_uint_eq(B.free_pages, B.total_pages);
	munmap(m, len);
}
END_TEST

START_TEST(buddy_double_pfree_panics)
{
	struct uk_alloc *a = new_buddy();
	char *m = arena(1 * MB, PG);
	void *p;

	ck_assert_int_eq(a->addmem(a, m, 1 * MB), 0);
	p = a->palloc(a, 2);
	a->pfree(a, p, 2);
	a->pfree(a, p, 2);
}
END_TEST

START_TEST(buddy_pfree_wrong_size_panics)
{
	struct uk_alloc *a = new_buddy();
	char *m = arena(1 * MB, PG);
	void *p;

	ck_assert_int_eq(a->addmem(a, m, 1 * MB), 0);
	p = a->palloc(a, 4);
	a->pfree(a, p, 2);
}
END_TEST

/* ------------------------------------------------------------------ */
/* salloc                                                              */
/* ------------------------------------------------------------------ */

static struct uk_alloc *salloc_with(size_t size)
{
	struct uk_alloc *a;

	new_buddy();
	a = new_salloc();
	ck_assert_int_eq(a->addmem(a, arena(size, 4 * MB), size), 0);
	return a;
}

static const size_t classes[] = {
	16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448,
	512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048,
};

START_TEST(salloc_size_classes)
{
	struct uk_alloc *a = salloc_with(4 * MB);
	size_t size, c = 0;

	for (size = 0; size <= 2048; size++) {
		void *p = a->malloc(a, size);
		size_t want;

		while (classes[c] < size)
			c++;
		want = classes[c];
		ck_assert_ptr_nonnull(p);
		ck_assert_msg(aligned(p, 16), "malloc(%zu) = %p", size, p);
		ck_assert_msg(a->usable_size(a, p) == want,
			      "malloc(%zu): usable %zu, want %zu", size,
			      a->usable_size(a, p), want);
		/* Power-of-two classes are aligned to their size. */
		if ((want & (want - 1)) == 0)
			ck_assert(aligned(p, want));
		memset(p, 0xee, want);
		a->free(a, p);
	}
	/* Past the classes: whole pages. */
	ck_assert_uint_eq(a->usable_size(a, a->malloc(a, 2049)), PG);
	ck_assert_uint_eq(a->usable_size(a, a->malloc(a, 3 * PG + 1)), 4 * PG);
}
END_TEST

struct blk {
	char *p;
	size_t size;
	unsigned char fill;
};

static int by_address(const void *x, const void *y)
{
	const struct blk *a = x, *b = y;

	return a->p < b->p ? -1 : a->p > b->p;
}

/* No two live blocks overlap, counting their whole usable size. */
static void check_disjoint(struct uk_alloc *a, struct blk *v, size_t n)
{
	size_t i;

	qsort(v, n, sizeof(*v), by_address);
	for (i = 1; i < n; i++)
		ck_assert_msg(v[i - 1].p + a->usable_size(a, v[i - 1].p) <=
			      v[i].p, "blocks at %p (%zu) and %p overlap",
			      v[i - 1].p, a->usable_size(a, v[i - 1].p),
			      v[i].p);
}

START_TEST(salloc_memalign_every_alignment)
{
	struct uk_alloc *a = salloc_with(64 * MB);
	static struct blk v[512];
	size_t align, n = 0, i, j;

	for (align = 1; align <= 1 * MB; align <<= 1) {
		size_t sizes[] = { 1, 17, align / 2 + 1, align, align + 1,
				   3 * align, 5000 };

		for (j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
			char *p = a->memalign(a, align, sizes[j]);

			ck_assert_ptr_nonnull(p);
			ck_assert_msg(aligned(p, align < 16 ? 16 : align),
				      "memalign(%zu, %zu) = %p", align,
				      sizes[j], p);
			ck_assert_uint_ge(a->usable_size(a, p), sizes[j]);
			memset(p, (int)n, a->usable_size(a, p));
			v[n] = (struct blk){ p, sizes[j], (unsigned char)n };
			n++;
		}
	}
	ck_assert_ptr_null(a->memalign(a, 48, 10));
	ck_assert_ptr_null(a->memalign(a, 0, 10));
	check_disjoint(a, v, n);
	for (i = 0; i < n; i++)
		a->free(a, v[i].p);
	ck_assert_uint_eq(stats_of(a).used, 0);
}
END_TEST

START_TEST(salloc_realloc_keeps_contents)
{
	struct uk_alloc *a = salloc_with(16 * MB);
	static const size_t steps[] = { 1, 24, 100, 2048, 2049, 5000, 70000,
					1 * MB, 300000, 8192, 4097, 3000,
					700, 33, 10, 1 };
	size_t i, keep = 1, used;
	char *p, *q;

	p = a->realloc(a, NULL, 1);
	fill(p, 1, 1);
	for (i = 1; i < sizeof(steps) / sizeof(steps[0]); i++) {
		q = a->realloc(a, p, steps[i]);
		ck_assert_ptr_nonnull(q);
		keep = steps[i - 1] < steps[i] ? steps[i - 1] : steps[i];
		ck_assert_msg(intact(q, keep, 1), "realloc %zu -> %zu lost data",
			      steps[i - 1], steps[i]);
		ck_assert_uint_ge(a->usable_size(a, q), steps[i]);
		fill(q, steps[i], 1);
		p = q;
	}
	/* In place: within the class, and a page run shrinking. */
	p = a->malloc(a, 100);
	ck_assert_ptr_eq(a->realloc(a, p, 112), p);
	ck_assert_ptr_eq(a->realloc(a, p, 60), p);
	q = a->malloc(a, 10 * PG);
	used = stats_of(a).used;
	ck_assert_ptr_eq(a->realloc(a, q, 3 * PG), q);
	ck_assert_uint_eq(stats_of(a).used, used - 7 * PG);
	/* realloc(p, 0) frees. */
	ck_assert_ptr_null(a->realloc(a, q, 0));
	ck_assert_uint_eq(stats_of(a).used, used - 10 * PG);
	(void)keep;
}
END_TEST

static void check_stats(struct uk_alloc *a, struct blk *v, size_t n)
{
	struct uk_alloc_stats st = stats_of(a);
	size_t i, used = 0;

	for (i = 0; i < n; i++)
		used += a->usable_size(a, v[i].p);
	ck_assert_uint_eq(st.used, used);
	ck_assert_uint_eq(st.total, st.free + st.used);
	ck_assert_uint_ge(st.peak, st.used);
	ck_assert_uint_eq(st.nb_alloc - st.nb_free, n);
	/* The pages the buddy handed out cover what salloc handed out. */
	ck_assert_uint_ge((B.total_pages - B.free_pages) * PG, st.used);
}

START_TEST(salloc_exhaustion)
{
	struct uk_alloc *a = salloc_with(2 * MB);
	static struct blk v[4096];
	struct uk_alloc_stats st;
	size_t n = 0, i;
	void *p;

	size_t used = 0;

	/* Fill with 1000-byte objects, then the last holes with small ones. */
	while ((p = a->malloc(a, 1000))) {
		v[n++] = (struct blk){ p, 1000, 0 };
		used += 1024;
	}
	ck_assert_uint_gt(n, 1000);
	while ((p = a->malloc(a, 1))) {
		v[n++] = (struct blk){ p, 1, 0 };
		used += 16;
	}
	ck_assert_ptr_null(a->malloc(a, 1));
	ck_assert_ptr_null(a->malloc(a, 5000));
	ck_assert_ptr_null(a->malloc(a, SIZE_MAX));
	ck_assert_ptr_null(a->memalign(a, 1 * MB, 1));
	ck_assert_ptr_null(a->palloc(a, 1));
	st = stats_of(a);
	ck_assert_uint_ge(st.nb_enomem, 6);
	ck_assert_uint_eq(st.used, used);
	check_stats(a, v, n);
	for (i = 0; i < n; i++)
		a->free(a, v[i].p);
	st = stats_of(a);
	ck_assert_uint_eq(st.used, 0);
	ck_assert_uint_eq(st.free, st.total);
	ck_assert_uint_eq(st.peak, used);
	/* Cached empty slabs go back when a large block needs them. */
	p = a->malloc(a, 1 * MB);
	ck_assert_ptr_nonnull(p);
	a->free(a, p);
}
END_TEST

START_TEST(salloc_fragmentation)
{
	struct uk_alloc *a = salloc_with(4 * MB);
	static void *v[1024];
	size_t n = 0, i;
	void *big;

	while ((v[n] = a->malloc(a, 3000)))
		n++;
	ck_assert_uint_eq(n, B.total_pages);
	for (i = 0; i < n; i += 2)
		a->free(a, v[i]);
	ck_assert_ptr_null(a->malloc(a, 5000));
	/* Small objects fit in the holes. */
	big = a->malloc(a, 100);
	ck_assert_ptr_nonnull(big);
	a->free(a, big);
	for (i = 1; i < n; i += 2)
		a->free(a, v[i]);
	big = a->malloc(a, 2 * MB);
	ck_assert_ptr_nonnull(big);
	ck_assert(aligned(big, 2 * MB));
}
END_TEST

/* A large malloc on fragmented memory: any free pages side by side. */
START_TEST(salloc_large_across_blocks)
{
	struct uk_alloc *a = salloc_with(4 * MB);
	static void *v[1024];
	size_t n = 0, i;
	char *big;

	while ((v[n] = a->malloc(a, 3000)))
		n++;
	qsort(v, n, sizeof(v[0]), ptr_order);
	for (i = 1; i <= 700; i++)
		a->free(a, v[i]);
	big = a->malloc(a, 600 * PG);
	ck_assert_ptr_nonnull(big);
	ck_assert((void *)big >= v[1] && big + 600 * PG <= (char *)v[701]);
	memset(big, 1, 600 * PG);
	check_buddy();
	ck_assert_ptr_null(a->malloc(a, 200 * PG));
	a->free(a, big);
	for (i = 0; i < n; i++)
		if (i == 0 || i > 700)
			a->free(a, v[i]);
	check_buddy();
	ck_assert_uint_eq(stats_of(a).used, 0);
}
END_TEST

/* realloc of a page run grows it in place when the next pages are free. */
START_TEST(salloc_realloc_grows_in_place)
{
	struct uk_alloc *a = salloc_with(4 * MB);
	char *p, *q, *wall;
	size_t i;

	p = a->malloc(a, 64 * KB);
	fill(p, 64 * KB, 7);
	q = a->realloc(a, p, 256 * KB);
	ck_assert_ptr_eq(q, p);
	ck_assert(intact(q, 64 * KB, 7));
	ck_assert_uint_eq(stats_of(a).used, 256 * KB);
	check_buddy();
	/* taken right after it: the next growth has to move */
	wall = uk_buddy_alloc_stretch(&B, 1, 0, 0);
	for (i = 0; wall && wall != q + 256 * KB && i < 1000; i++)
		wall = uk_buddy_alloc_stretch(&B, 1, 0, 0);
	ck_assert_ptr_eq(wall, q + 256 * KB);
	p = a->realloc(a, q, 512 * KB);
	ck_assert_ptr_ne(p, q);
	ck_assert(intact(p, 64 * KB, 7));
	check_buddy();
	/* a shrink then a growth back, in place */
	q = a->realloc(a, p, 100 * KB);
	ck_assert_ptr_eq(q, p);
	q = a->realloc(a, p, 500 * KB);
	ck_assert_ptr_eq(q, p);
	ck_assert(intact(q, 64 * KB, 7));
	check_buddy();
	a->free(a, q);
	check_buddy();
}
END_TEST

START_TEST(salloc_multiple_regions)
{
	struct uk_alloc *a = salloc_with(1 * MB);
	size_t total = stats_of(a).total;
	void *p;

	ck_assert_ptr_null(a->malloc(a, 1 * MB));
	ck_assert_int_eq(a->addmem(a, arena(4 * MB, PG), 4 * MB), 0);
	ck_assert_uint_gt(stats_of(a).total, total + 3 * MB);
	p = a->malloc(a, 1 * MB);
	ck_assert_ptr_nonnull(p);
	memset(p, 1, 1 * MB);
	a->free(a, p);
}
END_TEST

/*
 * Random operations against a model: every live block is filled with its
 * own pattern, checked when freed or moved; the blocks never overlap and
 * the statistics always agree with the model.
 */
START_TEST(salloc_random_stress)
{
	struct uk_alloc *a = salloc_with(32 * MB);
	enum { MAXLIVE = 1500, OPS = 30000 };
	static struct blk v[MAXLIVE];
	size_t n = 0, i, fails = 0;
	unsigned int seq = 0;
	int op;

	rng = 88172645463325252ULL;
	for (op = 0; op < OPS; op++) {
		unsigned int r = rnd() % 100;

		if (r < 55 && n < MAXLIVE) {
			size_t size, align = 0;
			unsigned int s = rnd() % 100;
			char *p;

			if (s < 70)
				size = rnd_range(0, 256);
			else if (s < 90)
				size = rnd_range(257, 4096);
			else if (s < 98)
				size = rnd_range(4097, 65536);
			else
				size = rnd_range(65537, 512 * KB);
			if (rnd() % 10 == 0) {
				align = 16UL << (rnd() % 13);
				p = a->memalign(a, align, size);
			} else {
				p = a->malloc(a, size);
			}
			if (!p) {
				fails++;
				continue;
			}
			if (align)
				ck_assert(aligned(p, align));
			ck_assert(aligned(p, 16));
			ck_assert_uint_ge(a->usable_size(a, p), size);
			v[n] = (struct blk){ p, size, (unsigned char)++seq };
			fill(p, size, v[n].fill);
			n++;
		} else if (r < 85 && n) {
			i = rnd() % n;
			ck_assert_msg(intact(v[i].p, v[i].size, v[i].fill),
				      "block %p (%zu) corrupted", v[i].p,
				      v[i].size);
			a->free(a, v[i].p);
			v[i] = v[--n];
		} else if (n) {
			size_t size = rnd() % 4 ? rnd_range(1, 4096)
						: rnd_range(1, 200000);
			char *p;

			i = rnd() % n;
			p = a->realloc(a, v[i].p, size);
			if (!p) {
				fails++;
				ck_assert(intact(v[i].p, v[i].size, v[i].fill));
				continue;
			}
			ck_assert_msg(intact(p, UK_MIN(size, v[i].size),
					     v[i].fill),
				      "realloc %zu -> %zu lost data",
				      v[i].size, size);
			v[i].p = p;
			v[i].size = size;
			v[i].fill = (unsigned char)++seq;
			fill(p, size, v[i].fill);
		}
		if (op % 1000 == 999) {
			check_disjoint(a, v, n);
			check_stats(a, v, n);
			check_buddy();
		}
	}
	check_disjoint(a, v, n);
	check_stats(a, v, n);
	for (i = 0; i < n; i++) {
		ck_assert(intact(v[i].p, v[i].size, v[i].fill));
		a->free(a, v[i].p);
	}
	check_stats(a, v, 0);
	check_buddy();
	/* All pages but the cached empty slabs are back with the buddy. */
	ck_assert_uint_le(B.total_pages - B.free_pages, UK_SALLOC_NCLASSES * 4);
	(void)fails;
}
END_TEST

/* Each of these must end in uk_panic, i.e. abort(). */
START_TEST(salloc_double_free_small)
{
	struct uk_alloc *a = salloc_with(1 * MB);
	void *p = a->malloc(a, 40), *q = a->malloc(a, 40);

	a->free(a, p);
	a->free(a, p);
	(void)q;
}
END_TEST

START_TEST(salloc_double_free_large)
{
	struct uk_alloc *a = salloc_with(1 * MB);
	void *p = a->malloc(a, 3 * PG);

	a->free(a, p);
	a->free(a, p);
}
END_TEST

START_TEST(salloc_double_free_last_object)
{
	struct uk_alloc *a = salloc_with(1 * MB);
	void *p = a->malloc(a, 600);

	/* The slab is cached or given back; either way it is caught. */
	a->free(a, p);
	a->free(a, p);
}
END_TEST

START_TEST(salloc_free_inside_object)
{
	struct uk_alloc *a = salloc_with(1 * MB);
	char *p = a->malloc(a, 64);

	a->free(a, p + 16);
}
END_TEST

START_TEST(salloc_free_inside_page_run)
{
	struct uk_alloc *a = salloc_with(1 * MB);
	char *p = a->malloc(a, 5 * PG);

	a->free(a, p + PG);
}
END_TEST

START_TEST(salloc_free_foreign)
{
	struct uk_alloc *a = salloc_with(1 * MB);
	static char not_ours[64];

	a->free(a, not_ours);
}
END_TEST

START_TEST(salloc_free_never_allocated)
{
	struct uk_alloc *a = salloc_with(1 * MB);
	char *p = a->malloc(a, 64);

	/* The next slot of the same slab, never handed out. */
	a->free(a, p + 64);
}
END_TEST

START_TEST(salloc_realloc_after_free)
{
	struct uk_alloc *a = salloc_with(1 * MB);
	void *p = a->malloc(a, 64), *q = a->malloc(a, 64);

	a->free(a, p);
	a->realloc(a, p, 100);
	(void)q;
}
END_TEST

/* ------------------------------------------------------------------ */
/* the default allocator (alloc.c)                                     */
/* ------------------------------------------------------------------ */

START_TEST(default_before_memory)
{
	struct uk_alloc_stats st;
	void *p = (void *)1;

	ck_assert_ptr_null(uk_alloc_default());
	ck_assert_ptr_null(uk_malloc(10));
	ck_assert_ptr_null(uk_calloc(1, 10));
	ck_assert_ptr_null(uk_palloc(1));
	ck_assert_int_eq(uk_posix_memalign(&p, 64, 10), ENOMEM);
	ck_assert_uint_eq(uk_malloc_usable_size(NULL), 0);
	uk_free(NULL);
	uk_alloc_stats_get(&st);
	ck_assert_uint_eq(st.total, 0);
	ck_assert_int_eq(uk_alloc_add_memory(arena(PG, PG), PG), -EINVAL);
	ck_assert_ptr_null(uk_alloc_default());
}
END_TEST

START_TEST(default_family)
{
	struct uk_alloc_stats st;
	unsigned char *p;
	void *q = NULL;
	size_t i;

	ck_assert_int_eq(uk_alloc_add_memory(arena(8 * MB, PG), 8 * MB), 0);
	ck_assert_ptr_nonnull(uk_alloc_default());
	/* calloc zeroes even reused, dirty memory. */
	p = uk_malloc(300);
	memset(p, 0xaa, uk_malloc_usable_size(p));
	uk_free(p);
	p = uk_calloc(10, 30);
	for (i = 0; i < 300; i++)
		ck_assert_uint_eq(p[i], 0);
	uk_free(p);
	p = uk_calloc(3, 3 * PG);
	for (i = 0; i < 9 * PG; i++)
		ck_assert_uint_eq(p[i], 0);
	uk_free(p);
	ck_assert_ptr_null(uk_calloc(SIZE_MAX / 2, 3));

	ck_assert_int_eq(uk_posix_memalign(&q, 24, 10), EINVAL);
	ck_assert_int_eq(uk_posix_memalign(&q, 4, 10), EINVAL);
	ck_assert_int_eq(uk_posix_memalign(&q, 0, 10), EINVAL);
	ck_assert_ptr_null(q);
	ck_assert_int_eq(uk_posix_memalign(&q, 64 * KB, 100), 0);
	ck_assert(aligned(q, 64 * KB));
	uk_free(q);
	ck_assert_int_eq(uk_posix_memalign(&q, 8, 0), 0);
	uk_free(q);
	/* No 16 MiB-aligned block in an 8 MiB region. */
	ck_assert_int_eq(uk_posix_memalign(&q, 16 * MB, 1), ENOMEM);
	q = uk_memalign(256, 10);
	ck_assert(aligned(q, 256));
	uk_free(q);

	p = uk_palloc(3);
	ck_assert(aligned(p, PG));
	memset(p, 1, 3 * PG);
	uk_pfree(p, 3);
	p = uk_realloc(NULL, 20);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_null(uk_realloc(p, 0));

	uk_alloc_stats_get(&st);
	ck_assert_uint_eq(st.used, 0);
	ck_assert_uint_eq(st.total, st.free);
	ck_assert_uint_eq(st.nb_alloc, st.nb_free);
	ck_assert_uint_ge(st.nb_enomem, 1);
}
END_TEST

START_TEST(default_oom_logs_rarely)
{
	int before, i;

	ck_assert_int_eq(uk_alloc_add_memory(arena(1 * MB, PG), 1 * MB), 0);
	before = host_message_count;
	for (i = 0; i < 2500; i++)
		ck_assert_ptr_null(uk_malloc(4 * MB));
	/* failures 1, 1001 and 2001 */
	ck_assert_int_eq(host_message_count - before, 3);
	ck_assert_msg(strstr(host_last_message,
			     "out of memory: 4194304 bytes requested, ") ==
		      host_last_message, "got \"%s\"", host_last_message);
	/* Not failures: bad alignment, realloc to 0. */
	ck_assert_ptr_null(uk_memalign(3, 10));
	ck_assert_ptr_null(uk_realloc(uk_malloc(10), 0));
	ck_assert_int_eq(host_message_count - before, 3);
}
END_TEST

START_TEST(default_two_regions)
{
	void *p;

	ck_assert_int_eq(uk_alloc_add_memory(arena(1 * MB, PG), 1 * MB), 0);
	ck_assert_ptr_null(uk_malloc(2 * MB));
	ck_assert_int_eq(uk_alloc_add_memory(arena(4 * MB, PG), 4 * MB), 0);
	p = uk_malloc(2 * MB);
	ck_assert_ptr_nonnull(p);
	uk_free(p);
}
END_TEST

START_TEST(default_double_free_panics)
{
	void *p;

	ck_assert_int_eq(uk_alloc_add_memory(arena(1 * MB, PG), 1 * MB), 0);
	p = uk_malloc(10);
	uk_free(p);
	uk_free(p);
}
END_TEST

static Suite *ukalloc_suite(void)
{
	Suite *s = suite_create("ukalloc");
	TCase *tc;

	tc = tcase_create("buddy");
	tcase_add_test(tc, buddy_addmem_trims);
	tcase_add_test(tc, buddy_natural_alignment);
	tcase_add_test(tc, buddy_fragmentation_and_coalescing);
	tcase_add_test(tc, buddy_runs_give_back_their_tail);
	tcase_add_test(tc, buddy_run_across_blocks);
	tcase_add_test(tc, buddy_multiple_regions);
	tcase_add_test(tc, buddy_lookup);
	tcase_add_test(tc, buddy_as_page_allocator);
	tcase_add_test(tc, buddy_random_stress);
	tcase_add_test(tc, buddy_huge_region_is_cut);
	tcase_add_test_raise_signal(tc, buddy_double_pfree_panics, SIGABRT);
	tcase_add_test_raise_signal(tc, buddy_pfree_wrong_size_panics, SIGABRT);
	suite_add_tcase(s, tc);

	tc = tcase_create("salloc");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, salloc_size_classes);
	tcase_add_test(tc, salloc_memalign_every_alignment);
	tcase_add_test(tc, salloc_realloc_keeps_contents);
	tcase_add_test(tc, salloc_exhaustion);
	tcase_add_test(tc, salloc_fragmentation);
	tcase_add_test(tc, salloc_large_across_blocks);
	tcase_add_test(tc, salloc_realloc_grows_in_place);
	tcase_add_test(tc, salloc_multiple_regions);
	tcase_add_test(tc, salloc_random_stress);
	tcase_add_test_raise_signal(tc, salloc_double_free_small, SIGABRT);
	tcase_add_test_raise_signal(tc, salloc_double_free_large, SIGABRT);
	tcase_add_test_raise_signal(tc, salloc_double_free_last_object, SIGABRT);
	tcase_add_test_raise_signal(tc, salloc_free_inside_object, SIGABRT);
	tcase_add_test_raise_signal(tc, salloc_free_inside_page_run, SIGABRT);
	tcase_add_test_raise_signal(tc, salloc_free_foreign, SIGABRT);
	tcase_add_test_raise_signal(tc, salloc_free_never_allocated, SIGABRT);
	tcase_add_test_raise_signal(tc, salloc_realloc_after_free, SIGABRT);
	suite_add_tcase(s, tc);

	tc = tcase_create("default");
	tcase_add_test(tc, default_before_memory);
	tcase_add_test(tc, default_family);
	tcase_add_test(tc, default_oom_logs_rarely);
	tcase_add_test(tc, default_two_regions);
	tcase_add_test_raise_signal(tc, default_double_free_panics, SIGABRT);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ukalloc_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
