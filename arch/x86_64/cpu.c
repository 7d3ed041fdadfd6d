/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU features and the privileged operations the rest of the tree uses.
 */
#include <string.h>
#include <uk/arch/cpu.h>

static struct x86_cpu_features x86_cpu;
static int features_read;

/* -1 if cond, else 0: a leaf's answer is used only if the leaf exists. */
static inline uint32_t mask_if(int cond)
{
	return -(uint32_t)!!cond;
}

static void read_features(void)
{
	uint32_t a, b, c, d, m;

	x86_cpuid(0, 0, &a, &b, &c, &d);
	x86_cpu.max_leaf = a;
	__builtin_memcpy(&x86_cpu.vendor[0], &b, 4);
	__builtin_memcpy(&x86_cpu.vendor[4], &d, 4);
	__builtin_memcpy(&x86_cpu.vendor[8], &c, 4);

	x86_cpuid(1, 0, &a, &b, &c, &d);
	x86_cpu.rdrand = (c >> 30) & 1;
	x86_cpu.tsc_deadline = (c >> 24) & 1;
	x86_cpu.x2apic = (c >> 21) & 1;
	x86_cpu.hypervisor = (c >> 31) & 1;
	x86_cpu.xsave = (c >> 26) & 1;
	x86_cpu.avx = (c >> 28) & 1;
	m = mask_if(c >> 31);

	x86_cpuid(7, 0, &a, &b, &c, &d);
	x86_cpu.rdseed = (b & mask_if(x86_cpu.max_leaf >= 7)) >> 18 & 1;
	x86_cpu.fsgsbase = x86_fsgsbase_enabled;

	/* Leaf 0x80000001 exists on every CPU with long mode. */
	x86_cpuid(0x80000000, 0, &a, &b, &c, &d);
	x86_cpu.max_ext_leaf = a;
	x86_cpuid(0x80000001, 0, &a, &b, &c, &d);
	x86_cpu.nx = (d >> 20) & 1;
	x86_cpu.pdpe1gb = (d >> 26) & 1;
	x86_cpuid(0x80000007, 0, &a, &b, &c, &d);
	x86_cpu.invariant_tsc =
		(d & mask_if(x86_cpu.max_ext_leaf >= 0x80000007)) >> 8 & 1;

	x86_cpuid(0x40000000, 0, &a, &b, &c, &d);
	x86_cpu.hypervisor_max_leaf = a & m;
	b &= m;
	c &= m;
	d &= m;
	__builtin_memcpy(&x86_cpu.hypervisor_sig[0], &b, 4);
	__builtin_memcpy(&x86_cpu.hypervisor_sig[4], &c, 4);
	__builtin_memcpy(&x86_cpu.hypervisor_sig[8], &d, 4);
}

/*
 * Read when first asked for, not at boot: under emulation every
 * instruction run first costs its translation, and most programs never
 * ask.  (entry32.S set the control registers from the few it needs.)
 */
const struct x86_cpu_features *x86_cpu_features(void)
{
	if (!features_read) {
		read_features();
		features_read = 1;
	}
	return &x86_cpu;
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
	if (x86_fsgsbase_enabled)
		__asm__ __volatile__("wrfsbase %0" : : "r"(base) : "memory");
	else
		x86_wrmsr(X86_MSR_FS_BASE, base);
}

unsigned long x86_get_fsbase(void)
{
	unsigned long v;

	if (!x86_fsgsbase_enabled)
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
