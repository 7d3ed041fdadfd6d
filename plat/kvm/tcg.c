/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * QEMU's TCG: letting go of the firmware's translated code.
 *
 * TCG translates guest code and, to catch code that modifies itself,
 * sends every store to a page it translated code from through a slow
 * path (a microsecond or more, where a plain store takes nanoseconds)
 * until no translation from that page is left; a translation goes away
 * only when a store overlaps the bytes it was made from.  SeaBIOS runs
 * its POST code from a copy just below the high memory it keeps, then
 * hands that RAM over as free.  Wherever the allocator later puts hot
 * data there (on a 16 MiB q35 guest: the main thread's stack and network
 * buffers), every store pays the slow path for the rest of the run:
 * virtio-net echoed 10x slower on q35 than on microvm (QEMU 7.2).
 *
 * Rewriting every word of those pages with its own value once, at boot,
 * drops the stale translations.  Done only under TCG (CPUID says so) and
 * only behind a BIOS that keeps high memory (a reserved range right after
 * the highest RAM below 4 GiB: SeaBIOS does, qboot on microvm does not);
 * pages that read as zero hold no code and are left untouched, so the host
 * does not back them with memory.
 */
#include <stdint.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/arch/cpu.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/paging.h>
#include <uk/kvm/setup.h>

/*
 * SeaBIOS (1.16) takes a zone of 256 KiB (small guests) or 16 MiB at the
 * top of RAM below 4 GiB, runs its POST code (about 85 KiB) from just
 * below it, and keeps the zone's last 128 KiB (reserved in the map).
 */
#define FW_CODE_WINDOW	((16UL << 20) + (512UL << 10))

static uint64_t ram_base, fw_high;

void kvm_tcg_note_fw_high(uint64_t ram_start, uint64_t ram_end)
{
	/* conventional memory (below 1 MiB) ends at the EBDA everywhere */
	if (ram_start >= 0x100000 && ram_end > fw_high &&
	    ram_end <= 0x100000000ULL) {
		ram_base = ram_start;
		fw_high = ram_end;
	}
}

static int under_tcg(void)
{
	return x86_cpu.hypervisor &&
	       !memcmp(x86_cpu.hypervisor_sig, "TCGTCGTCGTCG", 12);
}

static int page_is_zero(const volatile uint64_t *p)
{
	unsigned int i;

	for (i = 0; i < X86_PAGE_SIZE / 8; i++)
		if (p[i])
			return 0;
	return 1;
}

void kvm_tcg_forget_fw_code(void)
{
	uintptr_t kstart = (uintptr_t)__kernel_start;
	uintptr_t kend = UK_ALIGN_UP((uintptr_t)__kernel_end, X86_PAGE_SIZE);
	uint64_t a, lo;

	if (!fw_high || !under_tcg())
		return;
	lo = fw_high > FW_CODE_WINDOW ? fw_high - FW_CODE_WINDOW : 0;
	lo = UK_ALIGN_UP(UK_MAX(lo, ram_base), X86_PAGE_SIZE);
	for (a = lo; a + X86_PAGE_SIZE <= fw_high; a += X86_PAGE_SIZE) {
		volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)a;
		unsigned int i;

		/* the image's text and rodata are read-only */
		if (a + X86_PAGE_SIZE > kstart && a < kend)
			continue;
		if (page_is_zero(p))
			continue;
		for (i = 0; i < X86_PAGE_SIZE / 8; i++)
			p[i] = p[i];
	}
}
