/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Function names for backtraces, from the table support/scripts/mksyms
 * generates at link time.  The first link pass has no table: the weak
 * references below are then zero.
 */
#include <stdint.h>
#include <uk/crash.h>

extern const uint32_t uk_symtab_count __attribute__((weak));
extern const uint32_t uk_symtab_addr[] __attribute__((weak));
extern const uint32_t uk_symtab_name[] __attribute__((weak));
extern const char uk_symtab_str[] __attribute__((weak));
extern char __etext[];

const char *uk_symbol_lookup(uintptr_t addr, uintptr_t *off)
{
	uint32_t lo = 0, hi, mid;

#if !CONFIG_LIBUKDEBUG_SYMBOLS
	return NULL;
#endif
	if (!&uk_symtab_count || uk_symtab_count == 0)
		return NULL;
	if (addr >= (uintptr_t)__etext || addr < uk_symtab_addr[0])
		return NULL;

	/* Last entry with address <= addr. */
	hi = uk_symtab_count;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (uk_symtab_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (off)
		*off = addr - uk_symtab_addr[lo];
	return uk_symtab_str + uk_symtab_name[lo];
}
