/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared between the x86_64 platforms (plat/common); not for libraries. */
#ifndef __UK_PLAT_COMMON_H__
#define __UK_PLAT_COMMON_H__

#include <stddef.h>
#include <stdint.h>

/* --- memory regions (memregion.c) --- */
void plat_memregion_add_ram(uint64_t base, uint64_t len);
void plat_memregion_reserve(uint64_t base, uint64_t len, unsigned int flags);
/* The top of RAM (loads the memory map, see below). */
uint64_t plat_memregion_ram_top(void);
/*
 * The memory map is read when first needed: the first allocation, the
 * initrd, the top of RAM.  plat_memregion_load() calls the platform's
 * plat_memory_load() once (which adds RAM, reserves what the loader left
 * there and maps it); a program that never allocates never pays for it.
 * Whatever the loader handed over stays intact until then: nothing
 * writes to free RAM before the allocator has it.
 */
void plat_memregion_load(void);
void plat_memory_load(void);
/*
 * Maps the RAM added above 4 GiB (arch: x86_paging_init), keeps the page
 * tables that needs from the allocator, and drops RAM that cannot be
 * mapped (with a warning): for plat_memory_load, once RAM is added.
 */
void plat_memregion_map_ram(void);

/* --- what the loader handed over (bootinfo.c) --- */
/*
 * The command line at s, used in place (its pages are kept from the
 * allocator); skip_image_path drops the first word (multiboot loaders
 * put the image's path there).
 */
void plat_set_cmdline(char *s, int skip_image_path);
/* The initrd at [base, base + len), reserved; ignored if out of reach. */
void plat_set_initrd(uint64_t base, uint64_t len);

/* The PVH start info (QEMU's PVH loader, Xen), version 0 or 1. */
#define PVH_START_MAGIC 0x336ec578

struct pvh_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
	uint64_t memmap_paddr;	/* version >= 1 */
	uint32_t memmap_entries, reserved;
} __attribute__((packed));

/*
 * Takes RAM and the first module (the initrd) from si (the command line:
 * plat_pvh_cmdline; the RSDP address is si->rsdp_paddr).  Returns 0, or -1 if si has no
 * memory map (the caller must find RAM another way).
 */
int plat_pvh_parse(const struct pvh_start_info *si);
void plat_pvh_cmdline(const struct pvh_start_info *si);

#endif
