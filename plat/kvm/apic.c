/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The local APIC (xAPIC, memory mapped): enabled once, end-of-interrupt,
 * and its timer in one-shot or TSC-deadline mode.
 */
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/arch/cpu.h>
#include <uk/arch/io.h>
#include <uk/arch/paging.h>
#include <uk/kvm/setup.h>

#define APIC_BASE_MASK		0xfffff000UL
#define APIC_ID			0x020
#define APIC_TPR		0x080
#define APIC_EOI		0x0b0
#define APIC_SVR		0x0f0
#define APIC_LVT_TIMER		0x320
#define APIC_LVT_LINT0		0x350
#define APIC_LVT_LINT1		0x360
#define APIC_LVT_ERROR		0x370
#define APIC_TIMER_ICR		0x380
#define APIC_TIMER_DCR		0x3e0
#define APIC_SVR_ENABLE		(1 << 8)
#define APIC_LVT_MASKED		(1 << 16)
#define APIC_TIMER_DEADLINE	(2 << 17)
#define APIC_SPURIOUS_VECTOR	0xff
/* QEMU and KVM clock the APIC timer at 1 GHz (one tick per ns). */
#define APIC_TICKS_PER_NS	1

static volatile uint8_t *apic;
static int use_deadline;

static inline uint32_t rd(unsigned int reg)
{
	return mmio_read32(apic + reg);
}

static inline void wr(unsigned int reg, uint32_t v)
{
	mmio_write32(apic + reg, v);
}

void kvm_apic_init(void)
{
	uintptr_t base = x86_rdmsr(X86_MSR_APIC_BASE) & APIC_BASE_MASK;

	x86_paging_map_mmio(base, 4096);
	apic = (volatile uint8_t *)base;
	wr(APIC_TPR, 0);
	wr(APIC_LVT_LINT0, APIC_LVT_MASKED);
	wr(APIC_LVT_LINT1, APIC_LVT_MASKED);
	wr(APIC_LVT_ERROR, APIC_LVT_MASKED);
	wr(APIC_LVT_TIMER, APIC_LVT_MASKED);
	wr(APIC_SVR, APIC_SVR_ENABLE | APIC_SPURIOUS_VECTOR);
	use_deadline = x86_cpu_features()->tsc_deadline;
	/* the timer is idle until the clock is first used: measure with it */
	kvm_clock_calibration_start();
}

uint32_t kvm_apic_id(void)
{
	return rd(APIC_ID) >> 24;
}

void kvm_apic_eoi(void)
{
	wr(APIC_EOI, 0);
}

/*
 * Fires vector at deadline_tsc (TSC-deadline mode) or after delta_ns
 * (one-shot count mode, where the TSC-deadline mode is missing, as on
 * QEMU's emulated APIC).
 */
void kvm_apic_timer_oneshot(uint8_t vector, uint64_t deadline_tsc,
			    uint64_t delta_ns)
{
	if (use_deadline) {
		wr(APIC_LVT_TIMER, APIC_TIMER_DEADLINE | vector);
		/* The LVT write must reach the APIC before the MSR write. */
		uk_mb();
		x86_wrmsr(X86_MSR_TSC_DEADLINE, deadline_tsc ? deadline_tsc : 1);
		return;
	}
	wr(APIC_LVT_TIMER, vector);
	wr(APIC_TIMER_DCR, 0xb);	/* divide by 1 */
	if (delta_ns == 0)
		delta_ns = 1;
	if (delta_ns > 0xffffffffULL / APIC_TICKS_PER_NS)
		delta_ns = 0xffffffffULL / APIC_TICKS_PER_NS;	/* re-armed later */
	wr(APIC_TIMER_ICR, (uint32_t)(delta_ns * APIC_TICKS_PER_NS));
}

void kvm_apic_timer_stop(void)
{
	if (use_deadline)
		x86_wrmsr(X86_MSR_TSC_DEADLINE, 0);
	else
		wr(APIC_TIMER_ICR, 0);
}
