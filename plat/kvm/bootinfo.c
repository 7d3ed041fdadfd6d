/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the loader handed over: multiboot1 info (QEMU -kernel) or the PVH
 * start info (QEMU/Xen PVH loaders).  Everything needed later is copied
 * out or reserved here, before the allocator takes the free memory, so the
 * loader's structures may then be overwritten.
 */
#include <stdint.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/plat/bootinfo.h>
#include <uk/plat/memory.h>
#include <uk/kvm/setup.h>

/* Multiboot 1 (the parts we use). */
#define MB_INFO_MEMORY	(1 << 0)
#define MB_INFO_CMDLINE	(1 << 2)
#define MB_INFO_MODS	(1 << 3)
#define MB_INFO_MMAP	(1 << 6)

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __uk_packed;

struct mb_mmap_entry {
	uint32_t size;		/* of the rest of the entry */
	uint64_t addr, len;
	uint32_t type;
} __uk_packed;

struct mb_module {
	uint32_t start, end, cmdline, pad;
} __uk_packed;

/* PVH start info (xen/include/public/arch-x86/hvm/start_info.h, v1). */
struct pvh_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
	uint64_t memmap_paddr;	/* version >= 1 */
	uint32_t memmap_entries, reserved;
} __uk_packed;

struct pvh_module {
	uint64_t paddr, size, cmdline_paddr, reserved;
} __uk_packed;

struct pvh_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
} __uk_packed;

#define E820_RAM 1
#define CMDLINE_MAX (64 * 1024)

static char empty_cmdline[1];
static char *cmdline = empty_cmdline;
static const void *initrd_base;
static size_t initrd_len;
uintptr_t kvm_rsdp_hint;
extern uint64_t kvm_boot_tsc;

/*
 * The command line stays where the loader put it (its pages are kept
 * from the allocator), and ukboot splits it in place.
 */
static void set_cmdline(char *s, int skip_image_path)
{
	size_t n;

	if (!s)
		return;
	if (skip_image_path) {
		/* Multiboot loaders put the image path first. */
		while (*s == ' ')
			s++;
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	n = strnlen(s, CMDLINE_MAX);
	if (n == CMDLINE_MAX) {
		uk_pr_warn("command line longer than %d bytes, truncated\n",
			   CMDLINE_MAX - 1);
		s[--n] = '\0';
	}
	kvm_memregion_reserve((uintptr_t)s, n + 1, UK_MEMREGION_BOOTINFO);
	cmdline = s;
}

static void set_initrd(uint64_t base, uint64_t len)
{
	if (initrd_base || !len)
		return;		/* the first module is the initrd */
	initrd_base = (const void *)(uintptr_t)base;
	initrd_len = len;
	kvm_memregion_reserve(base, len, UK_MEMREGION_INITRD);
}

static void parse_multiboot(const struct mb_info *mi)
{
	if (mi->flags & MB_INFO_MMAP) {
		uintptr_t p = mi->mmap_addr, end = p + mi->mmap_length;

		while (p + sizeof(struct mb_mmap_entry) <= end) {
			const struct mb_mmap_entry *e = (const void *)p;

			if (e->type == E820_RAM)
				kvm_memregion_add_ram(e->addr, e->len);
			p += e->size + sizeof(e->size);
		}
	} else if (mi->flags & MB_INFO_MEMORY) {
		kvm_memregion_add_ram(0, (uint64_t)mi->mem_lower << 10);
		kvm_memregion_add_ram(0x100000, (uint64_t)mi->mem_upper << 10);
	} else {
		uk_panic("multiboot loader gave no memory map");
	}

	if (mi->flags & MB_INFO_CMDLINE)
		set_cmdline((char *)(uintptr_t)mi->cmdline, 1);

	if ((mi->flags & MB_INFO_MODS) && mi->mods_count) {
		const struct mb_module *m =
			(const void *)(uintptr_t)mi->mods_addr;

		if (m->end < m->start)
			uk_panic("multiboot module ends before it starts");
		set_initrd(m->start, m->end - m->start);
	}
}

static void parse_pvh(const struct pvh_start_info *si)
{
	uint32_t i;

	if (si->version >= 1 && si->memmap_paddr && si->memmap_entries) {
		const struct pvh_memmap_entry *e =
			(const void *)(uintptr_t)si->memmap_paddr;

		for (i = 0; i < si->memmap_entries; i++)
			if (e[i].type == E820_RAM)
				kvm_memregion_add_ram(e[i].addr, e[i].size);
	} else {
		uk_panic("PVH start info has no memory map (version %u)",
			 si->version);
	}

	if (si->cmdline_paddr)
		set_cmdline((char *)(uintptr_t)si->cmdline_paddr, 0);
	if (si->nr_modules && si->modlist_paddr) {
		const struct pvh_module *m =
			(const void *)(uintptr_t)si->modlist_paddr;

		set_initrd(m->paddr, m->size);
	}
	kvm_rsdp_hint = si->rsdp_paddr;
}

void kvm_bootinfo_parse(uint32_t magic, uint32_t info)
{
	if (magic == MULTIBOOT_BOOTLOADER_MAGIC)
		parse_multiboot((const void *)(uintptr_t)info);
	else if (magic == PVH_START_MAGIC &&
		 ((const struct pvh_start_info *)(uintptr_t)info)->magic ==
			 PVH_START_MAGIC)
		parse_pvh((const void *)(uintptr_t)info);
	else
		uk_panic("unknown boot protocol (magic %#x)", magic);
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
	return kvm_boot_tsc;
}
