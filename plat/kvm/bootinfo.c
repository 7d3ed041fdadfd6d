/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the loader handed over: multiboot1 info (QEMU -kernel) or the PVH
 * start info (QEMU's PVH loader; parsed by plat/common).  Everything
 * needed later is copied out or reserved here, before the allocator takes
 * the free memory.
 */
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/plat/bootinfo.h>
#include <uk/arch/paging.h>
#include <uk/plat_common.h>
#include <uk/kvm/setup.h>

/* Multiboot 1 (the parts we use). */
#define MB_INFO_MEMORY	(1 << 0)
#define MB_INFO_CMDLINE	(1 << 2)
#define MB_INFO_MODS	(1 << 3)
#define MB_INFO_MMAP	(1 << 6)
#define E820_RAM	1

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

uintptr_t kvm_rsdp_hint;
extern uint64_t kvm_boot_tsc;

/*
 * A reserved range right after RAM below 4 GiB is the BIOS's own high
 * memory (SeaBIOS); its code ran just below it (see tcg.c).
 */
static void note_fw_high(const struct mb_info *mi)
{
	uintptr_t end = mi->mmap_addr + mi->mmap_length, p, q;

	for (p = mi->mmap_addr; p + sizeof(struct mb_mmap_entry) <= end;) {
		const struct mb_mmap_entry *r = (const void *)p;

		p += r->size + sizeof(r->size);
		if (r->type != E820_RAM || !r->len)
			continue;
		for (q = mi->mmap_addr; q + sizeof(struct mb_mmap_entry) <= end;) {
			const struct mb_mmap_entry *e = (const void *)q;

			q += e->size + sizeof(e->size);
			if (e->type != E820_RAM && e->len &&
			    e->addr == r->addr + r->len)
				kvm_tcg_note_fw_high(r->addr, e->addr);
		}
	}
}

static uint32_t boot_magic, boot_info;

static void multiboot_memory(const struct mb_info *mi)
{
	if (mi->flags & MB_INFO_MMAP) {
		uintptr_t p = mi->mmap_addr, end = p + mi->mmap_length;

		while (p + sizeof(struct mb_mmap_entry) <= end) {
			const struct mb_mmap_entry *e = (const void *)p;

			if (e->type == E820_RAM)
				plat_memregion_add_ram(e->addr, e->len);
			p += e->size + sizeof(e->size);
		}
		note_fw_high(mi);
	} else if (mi->flags & MB_INFO_MEMORY) {
		plat_memregion_add_ram(0, (uint64_t)mi->mem_lower << 10);
		plat_memregion_add_ram(0x100000, (uint64_t)mi->mem_upper << 10);
	} else {
		uk_panic("multiboot loader gave no memory map");
	}

	if ((mi->flags & MB_INFO_MODS) && mi->mods_count) {
		const struct mb_module *m =
			(const void *)(uintptr_t)mi->mods_addr;

		if (m->end < m->start)
			uk_panic("multiboot module ends before it starts");
		plat_set_initrd(m->start, m->end - m->start);
	}
}

/*
 * At boot only the protocol, the command line and PVH's RSDP address:
 * the memory map waits for plat_memory_load (see plat_common.h).
 */
void kvm_bootinfo_parse(uint32_t magic, uint32_t info)
{
	const struct pvh_start_info *si = (const void *)(uintptr_t)info;
	const struct mb_info *mi = (const void *)(uintptr_t)info;

	boot_magic = magic;
	boot_info = info;
	if (magic == MULTIBOOT_BOOTLOADER_MAGIC) {
		/* Multiboot loaders put the image's path first on the line. */
		if (mi->flags & MB_INFO_CMDLINE)
			plat_set_cmdline((char *)(uintptr_t)mi->cmdline, 1);
	} else if (magic == PVH_START_MAGIC && si->magic == PVH_START_MAGIC) {
		plat_pvh_cmdline(si);
		kvm_rsdp_hint = si->rsdp_paddr;
	} else {
		uk_panic("unknown boot protocol (magic %#x)", magic);
	}
}

void plat_memory_load(void)
{
	const struct pvh_start_info *si = (const void *)(uintptr_t)boot_info;

	if (boot_magic == MULTIBOOT_BOOTLOADER_MAGIC)
		multiboot_memory((const void *)(uintptr_t)boot_info);
	else if (plat_pvh_parse(si) < 0)
		uk_panic("PVH start info has no memory map (version %u)",
			 si->version);
	plat_memregion_map_ram();
	kvm_tcg_avoid_fw_code();
}

uint64_t uk_plat_boot_tsc(void)
{
	return kvm_boot_tsc;
}
