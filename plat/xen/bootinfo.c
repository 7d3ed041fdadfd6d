/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What Xen's domain builder handed over in struct hvm_start_info: the
 * memory map (version 1, else XENMEM_memory_map), the command line (xl
 * "cmdline") and modules (xl "ramdisk": the first one is the initrd).
 * Everything needed later is copied out or reserved here, before the
 * allocator takes the free memory.  The structure comes from the builder,
 * so counts and lengths are bounded before use.
 */
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/plat/bootinfo.h>
#include <uk/plat/memory.h>
#include <xen/arch-x86/hvm/start_info.h>
#include "xen.h"

#define CMDLINE_MAX	4096
#define MEMMAP_MAX	128
#define E820_RAM	1

/* XENMEM_memory_map fills an e820 table. */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __uk_packed;

static char cmdline[CMDLINE_MAX];
static const void *initrd_base;
static size_t initrd_len;
extern uint64_t xen_boot_tsc;

static void set_cmdline(const char *s)
{
	size_t n = strnlen(s, CMDLINE_MAX);

	if (n == CMDLINE_MAX) {
		uk_pr_warn("command line longer than %d bytes, truncated\n",
			   CMDLINE_MAX - 1);
		n = CMDLINE_MAX - 1;
	}
	memcpy(cmdline, s, n);
	cmdline[n] = '\0';
}

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
			xen_memregion_add_ram(map[i].addr, map[i].size);
}

void xen_bootinfo_parse(uint32_t magic, uint32_t info)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)info;
	uint32_t i;

	if (magic != XEN_HVM_START_MAGIC_VALUE || !si ||
	    si->magic != XEN_HVM_START_MAGIC_VALUE)
		uk_panic("no PVH start info (magic %#x)", magic);

	if (si->version >= 1 && si->memmap_paddr && si->memmap_entries) {
		const struct hvm_memmap_table_entry *e =
			(const void *)(uintptr_t)si->memmap_paddr;

		for (i = 0; i < si->memmap_entries && i < MEMMAP_MAX; i++)
			if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM)
				xen_memregion_add_ram(e[i].addr, e[i].size);
	} else {
		memmap_from_xen();
	}

	if (si->cmdline_paddr && si->cmdline_paddr < (1ULL << 32))
		set_cmdline((const char *)(uintptr_t)si->cmdline_paddr);

	if (si->nr_modules && si->modlist_paddr &&
	    si->modlist_paddr < (1ULL << 32)) {
		const struct hvm_modlist_entry *m =
			(const void *)(uintptr_t)si->modlist_paddr;

		if (si->nr_modules > 1)
			uk_pr_warn("%u modules given; only the first (the initrd)"
				   " is used\n", si->nr_modules);
		if (m->size && m->paddr + m->size > m->paddr &&
		    m->paddr + m->size <= (1ULL << 32)) {
			initrd_base = (const void *)(uintptr_t)m->paddr;
			initrd_len = m->size;
			xen_memregion_reserve(m->paddr, m->size,
					      UK_MEMREGION_INITRD);
		} else if (m->size) {
			uk_pr_err("initrd at %#lx (+%#lx) is out of reach; "
				  "ignored\n", (unsigned long)m->paddr,
				  (unsigned long)m->size);
		}
	}
}

char *uk_plat_cmdline(void)
{
	return cmdline;
}

int uk_plat_initrd(const void **base, size_t *len)
{
	if (!initrd_base)
		return -1;
	*base = initrd_base;
	*len = initrd_len;
	return 0;
}

uint64_t uk_plat_boot_tsc(void)
{
	return xen_boot_tsc;
}
