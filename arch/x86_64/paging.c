/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Page tables.  entry32.S builds them for the first 4 GiB: 2 MiB pages,
 * read-write and never executable, except the image, mapped in 4 KiB
 * pages W^X (text read+execute, rodata read-only), and page 0, left
 * unmapped so NULL dereferences fault.  x86_paging_init() adds RAM above
 * 4 GiB; later calls split pages on demand (guard pages under thread
 * stacks, uncached device windows).
 */
#include <string.h>
#include <uk/essentials.h>
#include <uk/arch/cpu.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/paging.h>

#define PTE_ADDR_MASK	0x000ffffffffff000ULL
#define SZ_2M		(1UL << 21)
#define SZ_1G		(1UL << 30)
#define POOL_PAGES	8

extern uint64_t x86_boot_pml4[512], x86_boot_pdpt[512], x86_boot_pd[4][512];

static uint8_t pool[POOL_PAGES][X86_PAGE_SIZE] __uk_aligned(4096);
static unsigned int pool_used;
static void *(*pt_page_alloc)(void);

static uint64_t nx_bit(void)
{
	return x86_cpu_features()->nx ? X86_PT_NX : 0;
}

void x86_paging_set_allocator(void *(*alloc_page)(void))
{
	pt_page_alloc = alloc_page;
}

/* A zeroed page for a table; from the pool only if !may_allocate. */
static uint64_t *pt_alloc_from(int may_allocate)
{
	void *p = NULL;

	if (pool_used < POOL_PAGES)
		p = pool[pool_used++];
	else if (pt_page_alloc && may_allocate)
		p = pt_page_alloc();
	if (p)
		memset(p, 0, X86_PAGE_SIZE);
	return p;
}

static uint64_t *pt_alloc(void)
{
	return pt_alloc_from(1);
}

static void flush_all(void)
{
	x86_write_cr3(x86_read_cr3());
}

/*
 * Returns the table that entry (at level 4 = PML4 ... 2 = PD) points to.
 * A missing table is allocated, a large page split into the next level
 * with the same attributes.  With alloc = 0, returns NULL in those cases.
 */
static uint64_t *next_table(uint64_t *entry, int level, int alloc)
{
	uint64_t e = *entry, flags, step;
	uint64_t *t;
	unsigned int i;

	if ((e & X86_PT_P) && !(e & X86_PT_PS))
		return (uint64_t *)(uintptr_t)(e & PTE_ADDR_MASK);
	if (!alloc)
		return NULL;
	t = pt_alloc();
	if (!t)
		return NULL;
	if (e & X86_PT_P) {
		/* Split a large page: children keep its attributes. */
		step = (level == 3) ? SZ_2M : X86_PAGE_SIZE;
		flags = e & ~PTE_ADDR_MASK;
		if (level == 2)
			flags &= ~X86_PT_PS;	/* bit 7 is PAT in a PTE */
		for (i = 0; i < 512; i++)
			t[i] = ((e & PTE_ADDR_MASK) + i * step) | flags;
	}
	*entry = (uintptr_t)t | X86_PT_P | X86_PT_W;
	flush_all();
	return t;
}

/* Returns the PTE (4 KiB level) for va, splitting large pages on the way. */
static uint64_t *pte_of(uintptr_t va, int alloc)
{
	uint64_t *pdpt, *pd, *pt;

	pdpt = next_table(&x86_boot_pml4[(va >> 39) & 511], 4, alloc);
	if (!pdpt)
		return NULL;
	pd = next_table(&pdpt[(va >> 30) & 511], 3, alloc);
	if (!pd)
		return NULL;
	pt = next_table(&pd[(va >> 21) & 511], 2, alloc);
	if (!pt)
		return NULL;
	return &pt[(va >> 12) & 511];
}

/* pd maps the GiB at a in 2 MiB pages with attributes big. */
static void fill_pd(uint64_t *pd, uintptr_t a, uint64_t big)
{
	unsigned int i;

	for (i = 0; i < 512; i++)
		pd[i] = (a + i * SZ_2M) | big;
}

uintptr_t x86_paging_init(uintptr_t ram_top, int ram_at_4g,
			  size_t *tables_len)
{
	const uint64_t big = X86_PT_P | X86_PT_W | X86_PT_PS | nx_bit();
	uintptr_t a, top = UK_MIN(ram_top, (uintptr_t)512 * SZ_1G);
	uint64_t *scratch, *pd;

	*tables_len = 0;
	if (top <= 4 * SZ_1G)
		return ram_top;
	/* 1 GiB pages when the CPU has them: no table at all. */
	if (x86_cpu_features()->pdpe1gb) {
		for (a = 4 * SZ_1G; a < top; a += SZ_1G)
			x86_boot_pdpt[a >> 30] = a | big;
		flush_all();
		return top;
	}
	/*
	 * Else one page directory per GiB, and they may be many: they go to
	 * the start of the RAM at 4 GiB, which a directory of the pool maps
	 * (its first 2 MiB) while they are written.  This runs while the
	 * allocator asks for its memory (plat_memory_load): the caller keeps
	 * those pages from it.  Without RAM there, the pool's few
	 * directories map what they can.
	 */
	scratch = pt_alloc_from(0);
	if (!scratch)
		return 4 * SZ_1G;
	if (!ram_at_4g) {
		for (a = 4 * SZ_1G; a < top; a += SZ_1G) {
			pd = a == 4 * SZ_1G ? scratch : pt_alloc_from(0);
			if (!pd)
				break;
			fill_pd(pd, a, big);
			x86_boot_pdpt[a >> 30] = (uintptr_t)pd | X86_PT_P | X86_PT_W;
		}
		flush_all();
		return a;
	}
	scratch[0] = 4 * SZ_1G | big;
	x86_boot_pdpt[4] = (uintptr_t)scratch | X86_PT_P | X86_PT_W;
	flush_all();
	for (a = 4 * SZ_1G; a < top; a += SZ_1G)
		fill_pd((uint64_t *)(4 * SZ_1G + ((a >> 30) - 4) * X86_PAGE_SIZE),
			a, big);
	for (a = 4 * SZ_1G; a < top; a += SZ_1G)
		x86_boot_pdpt[a >> 30] = (4 * SZ_1G + ((a >> 30) - 4) *
					  X86_PAGE_SIZE) | X86_PT_P | X86_PT_W;
	flush_all();
	*tables_len = ((top - 4 * SZ_1G + SZ_1G - 1) >> 30) * X86_PAGE_SIZE;
	return top;
}

int x86_paging_map_mmio(uintptr_t paddr, size_t len)
{
	const uint64_t attr = X86_PT_P | X86_PT_W | X86_PT_PCD | X86_PT_PWT;
	uintptr_t a = UK_ALIGN_DOWN(paddr, SZ_2M);
	uintptr_t end = UK_ALIGN_UP(paddr + len, SZ_2M);

	for (; a < end; a += SZ_2M) {
		uint64_t *pdpt, *pd, *pde;

		pdpt = next_table(&x86_boot_pml4[(a >> 39) & 511], 4, 1);
		if (!pdpt)
			return -1;
		pd = next_table(&pdpt[(a >> 30) & 511], 3, 1);
		if (!pd)
			return -1;
		pde = &pd[(a >> 21) & 511];
		if ((*pde & X86_PT_P) && !(*pde & X86_PT_PS)) {
			/* Already split (shares 2 MiB with the image). */
			uint64_t *pt = (uint64_t *)(uintptr_t)(*pde & PTE_ADDR_MASK);
			uintptr_t p;

			for (p = UK_MAX(a, UK_ALIGN_DOWN(paddr, X86_PAGE_SIZE));
			     p < UK_MIN(a + SZ_2M, paddr + len);
			     p += X86_PAGE_SIZE)
				pt[(p >> 12) & 511] = p | attr | nx_bit();
		} else {
			*pde = a | attr | X86_PT_PS | nx_bit();
		}
	}
	flush_all();
	return 0;
}

int x86_paging_guard(uintptr_t va, int guard)
{
	uint64_t *pte = pte_of(va, 1);

	if (!pte)
		return -1;
	if (guard)
		*pte &= ~X86_PT_P;
	else
		*pte |= X86_PT_P;
	x86_invlpg(va);
	return 0;
}

int x86_paging_is_mapped(uintptr_t va)
{
	uint64_t e;
	uint64_t *t = x86_boot_pml4;
	int level;

	for (level = 4; level >= 1; level--) {
		e = t[(va >> (12 + 9 * (level - 1))) & 511];
		if (!(e & X86_PT_P))
			return 0;
		if (level == 1 || (level <= 3 && (e & X86_PT_PS)))
			return 1;
		t = (uint64_t *)(uintptr_t)(e & PTE_ADDR_MASK);
	}
	return 1;
}
