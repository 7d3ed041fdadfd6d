/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The command line and the initrd, as the loader handed them over, and
 * the PVH start info both QEMU's PVH loader and Xen use.  Everything is
 * checked: an address beyond what we map is refused with a message.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/plat/bootinfo.h>
#include <uk/plat/memory.h>
#include <uk/arch/paging.h>
#include <uk/plat_common.h>

#define CMDLINE_MAX	(64 * 1024)
#define MEMMAP_MAX	128
#define E820_RAM	1
#define REACH		(1ULL << 32)	/* the boot page tables map 4 GiB */

struct pvh_module {
	uint64_t paddr, size, cmdline_paddr, reserved;
} __uk_packed;

struct pvh_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
} __uk_packed;

static char empty_cmdline[1];
static char *cmdline = empty_cmdline;
static const void *initrd_base;
static size_t initrd_len;
static int initrd_unusable;	/* one was given, and refused */

/*
 * Tight loops, no strnlen: this runs at every boot, where under
 * emulation each new block costs its translation.  (c | ' ') == ' ' only
 * for a space or the NUL.
 */
void plat_set_cmdline(char *s, int skip_image_path)
{
	size_t n = 0;

	if (!s)
		return;
	if (skip_image_path) {
		while (*s == ' ')
			s++;
		while ((*s | ' ') != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	while (s[n] && n < CMDLINE_MAX - 1)
		n++;
	if (uk_unlikely(s[n])) {
		uk_pr_warn("command line longer than %d bytes, truncated\n",
			   CMDLINE_MAX - 1);
		s[n] = '\0';
	}
	plat_memregion_reserve((uintptr_t)s, n + 1, UK_MEMREGION_BOOTINFO);
	cmdline = s;
}

void plat_set_initrd(uint64_t base, uint64_t len)
{
	if (initrd_base || !len)
		return;		/* the first module is the initrd */
	if (base + len < base || base + len > REACH) {
		uk_pr_err("initrd at %#lx (+%#lx) is out of reach; ignored\n",
			  (unsigned long)base, (unsigned long)len);
		initrd_unusable = 1;
		return;
	}
	/*
	 * QEMU loads a module wherever it fits below 4 GiB, RAM or not: with
	 * too little memory (-m) the end of the initrd is simply missing.
	 */
	if (plat_memregion_ram_top() && base + len > plat_memregion_ram_top()) {
		uk_pr_err("initrd (%lu bytes at 0x%lx) does not fit in the guest's"
			  " %lu KiB of RAM: its end is missing; ignored (give the"
			  " VM more memory, -m)\n", (unsigned long)len,
			  (unsigned long)base,
			  (unsigned long)(plat_memregion_ram_top() >> 10));
		initrd_unusable = 1;
		return;
	}
	initrd_base = (const void *)(uintptr_t)base;
	initrd_len = len;
	plat_memregion_reserve(base, len, UK_MEMREGION_INITRD);
}

int plat_pvh_parse(const struct pvh_start_info *si)
{
	int have_map = 0;
	uint32_t i;

	/*
	 * QEMU's PVH option ROM (pc, q35) builds the memory map in page 0,
	 * which we leave unmapped so that NULL faults: mapped while read.
	 */
	x86_paging_guard(0, 0);

	if (si->version >= 1 && si->memmap_paddr && si->memmap_entries &&
	    si->memmap_paddr < REACH) {
		const struct pvh_memmap_entry *e =
			(const void *)(uintptr_t)si->memmap_paddr;

		for (i = 0; i < si->memmap_entries && i < MEMMAP_MAX; i++)
			if (e[i].type == E820_RAM)
				plat_memregion_add_ram(e[i].addr, e[i].size);
		have_map = 1;
	}
	if (si->nr_modules && si->modlist_paddr &&
	    si->modlist_paddr < REACH) {
		const struct pvh_module *m =
			(const void *)(uintptr_t)si->modlist_paddr;

		if (si->nr_modules > 1)
			uk_pr_warn("%u modules given; only the first (the initrd)"
				   " is used\n", si->nr_modules);
		plat_set_initrd(m->paddr, m->size);
	}
	x86_paging_guard(0, 1);
	return have_map ? 0 : -1;
}

void plat_pvh_cmdline(const struct pvh_start_info *si)
{
	if (si->cmdline_paddr && si->cmdline_paddr < REACH)
		plat_set_cmdline((char *)(uintptr_t)si->cmdline_paddr, 0);
}

char *uk_plat_cmdline(void)
{
	return cmdline;
}

int uk_plat_initrd(const void **base, size_t *len)
{
	plat_memregion_load();	/* the initrd is a part of the memory map */
	if (!initrd_base)
		return initrd_unusable ? -EINVAL : -ENOENT;
	*base = initrd_base;
	*len = initrd_len;
	return 0;
}
