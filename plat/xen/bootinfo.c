/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What Xen's domain builder handed over in its PVH start info (parsed by
 * plat/common): the memory map (version 1; else we ask Xen with
 * XENMEM_memory_map), the command line (xl "cmdline") and modules (xl
 * "ramdisk": the first one is the initrd).
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/plat/bootinfo.h>
#include <uk/plat_common.h>
#include "xen.h"

#define MEMMAP_MAX	128
#define E820_RAM	1

/* XENMEM_memory_map fills an e820 table. */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __uk_packed;

extern uint64_t xen_boot_tsc;

static void memmap_from_xen(void)
{
	static struct e820_entry map[MEMMAP_MAX];
	struct xen_memory_map mm = { .nr_entries = MEMMAP_MAX };
	unsigned int i;
	int rc;

	set_xen_guest_handle(mm.buffer, map);
	rc = xen_errno(xen_hc_memory_op(XENMEM_memory_map, &mm));
	if (rc)
		uk_panic("no memory map: XENMEM_memory_map failed (%d)", rc);
	for (i = 0; i < mm.nr_entries && i < MEMMAP_MAX; i++)
		if (map[i].type == E820_RAM)
			plat_memregion_add_ram(map[i].addr, map[i].size);
}

void xen_bootinfo_parse(uint32_t magic, uint32_t info)
{
	const struct pvh_start_info *si = (const void *)(uintptr_t)info;

	if (magic != PVH_START_MAGIC || !si || si->magic != PVH_START_MAGIC)
		uk_panic("no PVH start info (magic %#x)", magic);
	plat_pvh_cmdline(si);
	if (plat_pvh_parse(si) < 0)
		memmap_from_xen();
}

/* xen_bootinfo_parse read the map at boot (see setup.c). */
void plat_memory_load(void)
{
}

uint64_t uk_plat_boot_tsc(void)
{
	return xen_boot_tsc;
}
