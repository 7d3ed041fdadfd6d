/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU features and the privileged operations the rest of the tree uses.
 */
#include <string.h>
#include <uk/arch/cpu.h>

#define CR0_EM		(1UL << 2)
#define CR0_MP		(1UL << 1)
#define CR0_TS		(1UL << 3)
#define CR4_OSFXSR	(1UL << 9)
#define CR4_OSXMMEXCPT	(1UL << 10)
#define CR4_FSGSBASE	(1UL << 16)

struct x86_cpu_features x86_cpu;

static inline unsigned long read_cr0(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(v) : "memory");
}

static void read_features(void)
{
	uint32_t a, b, c, d;

	x86_cpuid(0, 0, &a, &b, &c, &d);
	x86_cpu.max_leaf = a;
	memcpy(&x86_cpu.vendor[0], &b, 4);
	memcpy(&x86_cpu.vendor[4], &d, 4);
	memcpy(&x86_cpu.vendor[8], &c, 4);

	x86_cpuid(1, 0, &a, &b, &c, &d);
	x86_cpu.rdrand = !!(c & (1U << 30));
	x86_cpu.tsc_deadline = !!(c & (1U << 24));
	x86_cpu.x2apic = !!(c & (1U << 21));
	x86_cpu.hypervisor = !!(c & (1U << 31));
	x86_cpu.xsave = !!(c & (1U << 26));
	x86_cpu.avx = !!(c & (1U << 28));

	if (x86_cpu.max_leaf >= 7) {
		x86_cpuid(7, 0, &a, &b, &c, &d);
		x86_cpu.fsgsbase = !!(b & (1U << 0));
		x86_cpu.rdseed = !!(b & (1U << 18));
	}

	x86_cpuid(0x80000000, 0, &a, &b, &c, &d);
	x86_cpu.max_ext_leaf = a;
	if (a >= 0x80000001) {
		x86_cpuid(0x80000001, 0, &a, &b, &c, &d);
		x86_cpu.nx = !!(d & (1U << 20));
		x86_cpu.pdpe1gb = !!(d & (1U << 26));
	}
	if (x86_cpu.max_ext_leaf >= 0x80000007) {
		x86_cpuid(0x80000007, 0, &a, &b, &c, &d);
		x86_cpu.invariant_tsc = !!(d & (1U << 8));
	}

	if (x86_cpu.hypervisor) {
		x86_cpuid(0x40000000, 0, &a, &b, &c, &d);
		x86_cpu.hypervisor_max_leaf = a;
		memcpy(&x86_cpu.hypervisor_sig[0], &b, 4);
		memcpy(&x86_cpu.hypervisor_sig[4], &c, 4);
		memcpy(&x86_cpu.hypervisor_sig[8], &d, 4);
	}
}

void x86_cpu_init(void)
{
	unsigned long cr0, cr4;

	read_features();

	/* x87 and SSE for applications: no emulation, #NM never raised. */
	cr0 = read_cr0();
	cr0 &= ~(CR0_EM | CR0_TS);
	cr0 |= CR0_MP;
	write_cr0(cr0);

	cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
#if CONFIG_ARCH_X86_64_FSGSBASE
	if (x86_cpu.fsgsbase)
		cr4 |= CR4_FSGSBASE;
	else
#endif
		x86_cpu.fsgsbase = 0;
	write_cr4(cr4);

	__asm__ __volatile__("fninit");
	{
		uint32_t mxcsr = 0x1f80;	/* all exceptions masked */

		__asm__ __volatile__("ldmxcsr %0" : : "m"(mxcsr));
	}
}

uint64_t x86_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

void x86_wrmsr(uint32_t msr, uint64_t val)
{
	__asm__ __volatile__("wrmsr"
			     : : "c"(msr), "a"((uint32_t)val),
			       "d"((uint32_t)(val >> 32))
			     : "memory");
}

unsigned long x86_read_cr2(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

unsigned long x86_read_cr3(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
	return v;
}

void x86_write_cr3(unsigned long val)
{
	__asm__ __volatile__("mov %0, %%cr3" : : "r"(val) : "memory");
}

void x86_invlpg(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

void x86_set_fsbase(unsigned long base)
{
	if (x86_cpu.fsgsbase)
		__asm__ __volatile__("wrfsbase %0" : : "r"(base) : "memory");
	else
		x86_wrmsr(X86_MSR_FS_BASE, base);
}

unsigned long x86_get_fsbase(void)
{
	unsigned long v;

	if (!x86_cpu.fsgsbase)
		return x86_rdmsr(X86_MSR_FS_BASE);
	__asm__ __volatile__("rdfsbase %0" : "=r"(v));
	return v;
}

void x86_safe_halt(void)
{
	/* sti takes effect after the next instruction: no wakeup is lost. */
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

void x86_halt_forever(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

void x86_fpu_save(struct x86_fpu_state *s)
{
	__asm__ __volatile__("fxsaveq %0" : "=m"(*s));
}

void x86_fpu_restore(const struct x86_fpu_state *s)
{
	__asm__ __volatile__("fxrstorq %0" : : "m"(*s));
}

void x86_fpu_init_state(struct x86_fpu_state *s)
{
	memset(s, 0, sizeof(*s));
	/* FCW = 0x37f (all x87 exceptions masked), MXCSR = 0x1f80. */
	s->fxsave[0] = 0x7f;
	s->fxsave[1] = 0x03;
	s->fxsave[24] = 0x80;
	s->fxsave[25] = 0x1f;
}
