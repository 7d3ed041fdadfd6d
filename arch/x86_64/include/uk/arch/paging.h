/* SPDX-License-Identifier: BSD-3-Clause */
/* Page tables: identity map with W^X for the image. */
#ifndef __UK_ARCH_PAGING_H__
#define __UK_ARCH_PAGING_H__

#ifdef __ASSEMBLY__
#define _UL(x)			x
#else
#include <stddef.h>
#include <stdint.h>
#define _UL(x)			x##UL
#endif

#define X86_PAGE_SIZE		_UL(4096)
#define X86_PT_P		(_UL(1) << 0)
#define X86_PT_W		(_UL(1) << 1)
#define X86_PT_U		(_UL(1) << 2)
#define X86_PT_PWT		(_UL(1) << 3)
#define X86_PT_PCD		(_UL(1) << 4)
#define X86_PT_A		(_UL(1) << 5)
#define X86_PT_D		(_UL(1) << 6)
#define X86_PT_PS		(_UL(1) << 7)
#define X86_PT_G		(_UL(1) << 8)
#define X86_PT_NX		(_UL(1) << 63)

#ifndef __ASSEMBLY__

/*
 * Gives page tables their final shape: entry32.S mapped the first 4 GiB
 * (RAM and the MMIO hole identity mapped, the image W^X: text RX, rodata
 * R, data RW+NX; page 0 unmapped); this adds RAM above 4 GiB up to
 * ram_top: with 1 GiB pages, or without them with page directories at
 * the start of the RAM at 4 GiB if ram_at_4g says there is some of at
 * least 2 MiB (*tables_len bytes there then hold them: keep them from the
 * allocator), else with the few of a static pool.  Returns how far RAM
 * is mapped (at most 512 GiB): RAM above must not be used.
 */
uintptr_t x86_paging_init(uintptr_t ram_top, int ram_at_4g,
			  size_t *tables_len);

/*
 * Maps [paddr, paddr + len) identity, uncached, read-write, no-execute.
 * Returns 0, or -1 if a page table could not be allocated.
 */
int x86_paging_map_mmio(uintptr_t paddr, size_t len);

/*
 * Unmaps (present = 0) or restores the 4 KiB page at va, splitting a large
 * page if needed.  Used for guard pages below thread stacks.
 */
int x86_paging_guard(uintptr_t va, int guard);

/* Returns 1 if va is mapped (any access), 0 otherwise. */
int x86_paging_is_mapped(uintptr_t va);

/* Sets the page-table allocator used after boot (by ukalloc users). */
void x86_paging_set_allocator(void *(*alloc_page)(void));
#endif /* !__ASSEMBLY__ */

#endif
