/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory region list: RAM from the loader's map, minus what is in use
 * (page 0, the image, the initrd, the loader's data we still read).
 * Reserved parts are listed too, with their purpose, so the allocator and
 * the VFS can find them.  The loader's map is read, and the list
 * computed, when first asked for (by the allocator, on the first
 * allocation): a program that never allocates never pays.
 */
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/plat/memory.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/paging.h>
#include <uk/plat_common.h>

#define MAX_RAM		32
#define MAX_RESERVED	8
#define MAX_REGIONS	(MAX_RAM + 2 * MAX_RESERVED)

struct range {
	uint64_t base, end;
	unsigned int flags;
};

static struct range ram[MAX_RAM], rsv[MAX_RESERVED];
static int nram, nrsv;
static struct uk_memregion regions[MAX_REGIONS];
static int nregions, finished, loaded;
static uint64_t ram_top;

void plat_memregion_load(void)
{
	if (loaded)
		return;
	loaded = 1;	/* first: plat_memory_load asks for ram_top */
	plat_memory_load();
}

void plat_memregion_add_ram(uint64_t base, uint64_t len)
{
	uint64_t end = base + len;

	if (end < base)
		end = UINT64_MAX;
	/* Whole pages only. */
	base = UK_ALIGN_UP(base, X86_PAGE_SIZE);
	end = UK_ALIGN_DOWN(end, X86_PAGE_SIZE);
	if (end <= base)
		return;
	if (nram == MAX_RAM) {
		uk_pr_warn("memory map too long, ignoring %#lx-%#lx\n",
			   (unsigned long)base, (unsigned long)end);
		return;
	}
	ram[nram].base = base;
	ram[nram].end = end;
	nram++;
	ram_top = UK_MAX(ram_top, end);
}

void plat_memregion_reserve(uint64_t base, uint64_t len, unsigned int flags)
{
	if (nrsv == MAX_RESERVED)
		uk_panic("too many reserved memory ranges");
	rsv[nrsv].base = UK_ALIGN_DOWN(base, X86_PAGE_SIZE);
	rsv[nrsv].end = UK_ALIGN_UP(base + len, X86_PAGE_SIZE);
	rsv[nrsv].flags = flags;
	nrsv++;
}

uint64_t plat_memregion_ram_top(void)
{
	plat_memregion_load();
	return ram_top;
}

/* Whether RAM covers [base, base + len). */
static int ram_covers(uint64_t base, uint64_t len)
{
	int i;

	for (i = 0; i < nram; i++)
		if (ram[i].base <= base && ram[i].end >= base + len)
			return 1;
	return 0;
}

/* Drops RAM at and above top. */
static void ram_limit(uint64_t top)
{
	int i, n = 0;

	ram_top = 0;
	for (i = 0; i < nram; i++) {
		if (ram[i].base >= top)
			continue;
		ram[n].base = ram[i].base;
		ram[n].end = UK_MIN(ram[i].end, top);
		ram_top = UK_MAX(ram_top, ram[n].end);
		n++;
	}
	nram = n;
}

void plat_memregion_map_ram(void)
{
	size_t tables;
	uint64_t top;

	top = x86_paging_init(ram_top, ram_covers(1ULL << 32, 2 << 20),
			      &tables);
	if (tables)
		plat_memregion_reserve(1ULL << 32, tables, 0);
	if (top < ram_top) {
		uk_pr_warn("RAM above %lu MiB cannot be mapped (no 1 GiB pages"
			   " and no RAM at 4 GiB for tables, or beyond 512"
			   " GiB): %lu MiB left unused\n",
			   (unsigned long)(top >> 20),
			   (unsigned long)((ram_top - top) >> 20));
		ram_limit(top);
	}
}

static void add_region(uint64_t base, uint64_t end, unsigned int flags)
{
	if (end <= base || nregions == MAX_REGIONS)
		return;
	regions[nregions].base = base;
	regions[nregions].len = end - base;
	regions[nregions].flags = flags;
	nregions++;
}

/* Adds [base, end) as free, minus every reserved range (sorted by base). */
static void add_free(uint64_t base, uint64_t end)
{
	int i;

	for (i = 0; i < nrsv && base < end; i++) {
		if (rsv[i].end <= base || rsv[i].base >= end)
			continue;
		add_region(base, rsv[i].base, UK_MEMREGION_FREE);
		base = UK_MAX(base, rsv[i].end);
	}
	add_region(base, end, UK_MEMREGION_FREE);
}

static void finish(void)
{
	int i, j;

	if (finished)
		return;
	plat_memregion_load();
	finished = 1;
	plat_memregion_reserve(0, X86_PAGE_SIZE, 0);	/* the NULL page */
	plat_memregion_reserve((uintptr_t)__kernel_start,
			       __kernel_end - __kernel_start,
			       UK_MEMREGION_KERNEL);

	/* Insertion sort: a handful of entries. */
	for (i = 1; i < nrsv; i++)
		for (j = i; j > 0 && rsv[j].base < rsv[j - 1].base; j--) {
			struct range t = rsv[j];

			rsv[j] = rsv[j - 1];
			rsv[j - 1] = t;
		}
	for (i = 0; i < nram; i++)
		add_free(ram[i].base, ram[i].end);
	for (i = 0; i < nrsv; i++)
		if (rsv[i].flags)
			add_region(rsv[i].base, rsv[i].end, rsv[i].flags);
}

int uk_plat_memregion_count(void)
{
	finish();
	return nregions;
}

const struct uk_memregion *uk_plat_memregion_get(int i)
{
	finish();
	if (i < 0 || i >= nregions)
		return NULL;
	return &regions[i];
}

void *uk_plat_mmio_map(uintptr_t paddr, size_t len)
{
	if (x86_paging_map_mmio(paddr, len))
		return NULL;
	return (void *)paddr;
}

int uk_plat_page_guard(void *va, int guard)
{
	return x86_paging_guard((uintptr_t)va, guard);
}

void uk_plat_set_page_allocator(void *(*alloc_page)(void))
{
	x86_paging_set_allocator(alloc_page);
}
