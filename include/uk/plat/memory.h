/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform interface: physical memory as seen at boot. */
#ifndef __UK_PLAT_MEMORY_H__
#define __UK_PLAT_MEMORY_H__

#include <stddef.h>
#include <stdint.h>

#define UK_MEMREGION_FREE	0x1	/* usable by the allocator */
#define UK_MEMREGION_KERNEL	0x2	/* the loaded image */
#define UK_MEMREGION_INITRD	0x4	/* the initial ramdisk (module) */
#define UK_MEMREGION_BOOTINFO	0x8	/* loader structures still in use */

struct uk_memregion {
	uintptr_t base;
	size_t len;
	unsigned int flags;
};

/*
 * Returns the number of memory regions the platform knows of; regions
 * never overlap.  Free regions are RAM that nothing else uses: the
 * allocator takes them at boot.  The array is valid for the VM's lifetime.
 */
int uk_plat_memregion_count(void);

/* Returns region i (0 <= i < count), or NULL. */
const struct uk_memregion *uk_plat_memregion_get(int i);

/*
 * Makes a device's physical range [paddr, paddr+len) accessible with
 * uncached attributes and returns its virtual address (identity mapped on
 * x86_64).  Returns NULL if the range cannot be mapped.
 */
void *uk_plat_mmio_map(uintptr_t paddr, size_t len);

/*
 * Unmaps (guard = 1) or maps again (guard = 0) the 4 KiB page at va, so
 * that any access to it faults: the page under each thread stack.
 * Returns 0, or -1 when a page table could not be allocated.
 */
int uk_plat_page_guard(void *va, int guard);

/*
 * Gives the platform a source of zeroed-or-not 4 KiB pages for its own
 * page tables (ukboot passes the allocator's once it exists).
 */
void uk_plat_set_page_allocator(void *(*alloc_page)(void));

#endif
