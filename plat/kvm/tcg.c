/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * QEMU's TCG: keeping hot data off the firmware's translated code.
 *
 * TCG translates guest code and, to catch code that modifies itself,
 * sends every store to a page it translated code from through a slow
 * path (about half a microsecond, where a plain store takes nanoseconds)
 * until no translation from that page is left; a translation goes away
 * only when a store overlaps the bytes it was made from.  SeaBIOS runs
 * its POST code from a copy just below the high memory it keeps, then
 * hands that RAM over as free.  Wherever the allocator later put hot data
 * there (on a 16 MiB q35 guest: the main thread's stack and network
 * buffers), every store paid the slow path for the rest of the run:
 * virtio-net echoed 10x slower on q35 than on microvm (QEMU 7.2).
 *
 * Rewriting those pages once drops the translations, but costs 10-17 ms
 * of boot (every one of those stores is slow).  Leaving the pages out of
 * the allocator's memory costs nothing but the pages: about 200 KiB of a
 * pc/q35 guest under TCG.  Done only under TCG (CPUID says so) and only
 * behind a BIOS that keeps high memory (a reserved range right after the
 * highest RAM below 4 GiB: SeaBIOS does, qboot on microvm does not).
 */
#include <stdint.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/arch/cpu.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/paging.h>
#include <uk/plat_common.h>
#include <uk/kvm/setup.h>

/*
 * SeaBIOS (1.16) takes a zone at the top of RAM below 4 GiB, 256 KiB on
 * small guests and 16 MiB on larger ones, keeps its last 128 KiB (the
 * reserved range after the RAM in the map) and runs its POST code (46-50
 * pages) from just below the zone.  Measured on pc and q35 at -m 8 to
 * 3000: the code ends at fw_high + 128 KiB - zone size, to the page.  Only
 * windows around those two ends are looked at.
 */
#define FW_ZONE_KEPT	(128UL << 10)
#define FW_CODE_BELOW	(320UL << 10)	/* looked at below the zone */
#define FW_CODE_ABOVE	(64UL << 10)	/* and above its start, for slack */

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
	const struct x86_cpu_features *f = x86_cpu_features();

	return f->hypervisor && !memcmp(f->hypervisor_sig, "TCGTCGTCGTCG", 12);
}

/*
 * A sample of a page: code pages are dense, so one nonzero word in 16
 * finds them; a page missed inside the range is covered anyway, one
 * missed at its edge only costs speed.  Reading whole pages would cost
 * milliseconds under emulation.
 */
static int page_has_data(const volatile uint64_t *p)
{
	unsigned int i;

	for (i = 0; i < X86_PAGE_SIZE / 8; i += 32)
		if (p[i] | p[i + 1])
			return 1;
	return 0;
}

static void avoid_window(uint64_t zone_size)
{
	uintptr_t kstart = (uintptr_t)__kernel_start;
	uintptr_t kend = UK_ALIGN_UP((uintptr_t)__kernel_end, X86_PAGE_SIZE);
	uint64_t code_end, lo, hi, a, first = 0, last = 0;

	if (fw_high + FW_ZONE_KEPT < ram_base + zone_size)
		return;
	code_end = fw_high + FW_ZONE_KEPT - zone_size;
	lo = code_end > FW_CODE_BELOW ? code_end - FW_CODE_BELOW : 0;
	lo = UK_ALIGN_DOWN(UK_MAX(lo, ram_base), X86_PAGE_SIZE);
	hi = UK_MIN(code_end + FW_CODE_ABOVE, fw_high);
	for (a = lo; a + X86_PAGE_SIZE <= hi; a += X86_PAGE_SIZE) {
		if (a + X86_PAGE_SIZE > kstart && a < kend)
			continue;	/* our own image */
		if (!page_has_data((const volatile uint64_t *)(uintptr_t)a))
			continue;
		if (!first)
			first = a;
		last = a + X86_PAGE_SIZE;
	}
	if (first)
		plat_memregion_reserve(first, last - first, 0);
}

void kvm_tcg_avoid_fw_code(void)
{
	if (!fw_high || !under_tcg())
		return;
	avoid_window(256UL << 10);
	avoid_window(16UL << 20);
}
