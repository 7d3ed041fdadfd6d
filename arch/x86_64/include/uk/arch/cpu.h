/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 CPU operations.  Privileged ones (control registers, MSRs,
 * descriptor tables, hlt) are out-of-line functions on purpose: should we
 * one day run everything but the trap stubs in ring 3, only cpu.c changes.
 */
#ifndef __UK_ARCH_CPU_H__
#define __UK_ARCH_CPU_H__

#include <stdint.h>
#include <uk/essentials.h>

#define X86_MSR_EFER		0xc0000080
#define X86_MSR_FS_BASE		0xc0000100
#define X86_MSR_GS_BASE		0xc0000101
#define X86_MSR_TSC_DEADLINE	0x000006e0
#define X86_MSR_APIC_BASE	0x0000001b

struct x86_cpu_features {
	uint32_t max_leaf;
	uint32_t max_ext_leaf;
	/* bytes, not bit-fields: each is set with one store at boot */
	uint8_t nx, pdpe1gb, fsgsbase, rdrand, rdseed, tsc_deadline,
		invariant_tsc, x2apic, hypervisor, xsave, avx;
	char vendor[13];
	char hypervisor_sig[13];
	uint32_t hypervisor_max_leaf;
};

/* The CPU's features (CPUID), read on the first call. */
const struct x86_cpu_features *x86_cpu_features(void);

/* Set by entry32.S: FSGSBASE is configured, present and enabled. */
extern int x86_fsgsbase_enabled;

static inline void x86_cpuid(uint32_t leaf, uint32_t sub, uint32_t *a,
			     uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}

static inline uint64_t x86_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_pause(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}


uint64_t x86_rdmsr(uint32_t msr);
void x86_wrmsr(uint32_t msr, uint64_t val);
unsigned long x86_read_cr2(void);
unsigned long x86_read_cr3(void);
void x86_write_cr3(unsigned long val);
void x86_invlpg(unsigned long va);
void x86_set_fsbase(unsigned long base);
unsigned long x86_get_fsbase(void);
/* Waits for an interrupt with interrupts enabled (sti; hlt). */
void x86_safe_halt(void);
/* Stops this CPU for good (used after a fatal error). */
void x86_halt_forever(void) __uk_noreturn;

/* FPU/SSE state of a thread: the 512-byte FXSAVE area. */
struct x86_fpu_state {
	uint8_t fxsave[512];
} __uk_aligned(16);

void x86_fpu_save(struct x86_fpu_state *s);
void x86_fpu_restore(const struct x86_fpu_state *s);
/* Fills s with the state of a freshly reset FPU (default MXCSR, FCW). */
void x86_fpu_init_state(struct x86_fpu_state *s);

#endif
