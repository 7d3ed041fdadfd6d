/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TLS areas (x86_64 variant II).  The linker computes every __thread
 * variable's offset as a negative distance from the thread pointer; the
 * block therefore ends exactly at the TCB, rounded up to the TLS
 * alignment.
 */
#include <string.h>
#include <uk/essentials.h>
#include <uk/arch/cpu.h>
#include <uk/arch/tls.h>

/* From the linker script. */
extern char __tls_start[], __tdata_end[], __tls_end[], __tls_boot_area[];
extern char __tls_align[];	/* an absolute symbol: its address is the value */

#define TCB_SIZE 64	/* self pointer, room for a stack guard etc. */

/* The PT_TLS alignment: the linker rounds the block size up to it. */
static size_t tls_align(void)
{
	size_t a = (size_t)__tls_align;

	return a ? a : 1;
}

static size_t tls_block_size(void)
{
	return UK_ALIGN_UP((size_t)(__tls_end - __tls_start), tls_align());
}

size_t uk_tls_area_size(void)
{
	return tls_block_size() + TCB_SIZE;
}

size_t uk_tls_area_align(void)
{
	return UK_MAX(tls_align(), (size_t)16);
}

/*
 * Copies .tdata to the start of area and points the TCB at itself; the
 * rest (.tbss, the TCB) must be zero already.  No call or loop of ours:
 * at boot, under emulation, each costs translated blocks.
 */
static inline char *tls_fill(char *area)
{
	size_t tdata = __tdata_end - __tls_start;
	char *tcb = area + tls_block_size();
	void *dst = area;
	const void *src = __tls_start;

	__asm__ __volatile__("rep movsb"
			     : "+D"(dst), "+S"(src), "+c"(tdata) : : "memory");
	*(void **)tcb = tcb;
	return tcb;
}

void *uk_tls_area_init(void *area)
{
	size_t tdata = __tdata_end - __tls_start;

	memset((char *)area + tdata, 0, tls_block_size() - tdata + TCB_SIZE);
	return tls_fill(area);
}

/* The boot thread's area is in .bss: zero already. */
void x86_tls_boot_init(void)
{
	x86_set_fsbase((unsigned long)tls_fill(__tls_boot_area));
}
