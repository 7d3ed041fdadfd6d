/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt routing and dispatch.  Vectors: 32..95 for GSIs (32 + GSI),
 * 96..223 for MSIs, 0xef for the timer, 0xff spurious.  The controllers
 * are set up on first use, so an image that never takes an interrupt
 * never pays for it.
 */
#include <stdint.h>
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/io.h>
#include <uk/arch/cpu.h>
#include <uk/arch/irq.h>
#include <uk/arch/traps.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/kvm/setup.h>

#define GSI_VECTOR_BASE		32
#define GSI_MAX			64
#define MSI_VECTOR_FIRST	96
#define MSI_VECTOR_LAST		223
#define TIMER_VECTOR		0xef
#define SPURIOUS_VECTOR		0xff
#define MAX_SHARED		4

struct irq_slot {
	uk_irq_handler_t fn;
	void *arg;
};

static struct irq_slot handlers[256][MAX_SHARED];
static unsigned int next_msi = MSI_VECTOR_FIRST;
static int irq_ready;
static void (*timer_fn)(void);

void (*uk_plat_irq_exit_hook)(void);

static void dispatch(struct __regs *regs)
{
	unsigned int v = regs->vector, i;

	if (v == SPURIOUS_VECTOR)
		return;		/* no EOI for spurious interrupts */
	if (v == TIMER_VECTOR) {
		if (timer_fn)
			timer_fn();
	} else {
		for (i = 0; i < MAX_SHARED && handlers[v][i].fn; i++)
			if (handlers[v][i].fn(handlers[v][i].arg))
				break;
	}
	kvm_apic_eoi();
	if (uk_plat_irq_exit_hook)
		uk_plat_irq_exit_hook();
}

/*
 * The firmware leaves the 8259 PICs delivering the PIT's tick at vector
 * 8, which would look like a double fault the moment anything enables
 * interrupts.  Masked at boot; the APICs deliver everything we use.
 */
void kvm_pic_mask(void)
{
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

void kvm_irq_init(void)
{
	unsigned long flags;

	if (irq_ready)
		return;
	flags = uk_irq_save();
	x86_irq_dispatch = dispatch;
	kvm_apic_init();
	kvm_ioapic_init();
	irq_ready = 1;
	uk_irq_restore(flags);
}

static int add_handler(unsigned int vector, uk_irq_handler_t fn, void *arg)
{
	unsigned int i;

	for (i = 0; i < MAX_SHARED; i++) {
		if (!handlers[vector][i].fn) {
			handlers[vector][i].arg = arg;
			handlers[vector][i].fn = fn;
			return 0;
		}
	}
	return -EBUSY;
}

int uk_plat_irq_register(unsigned int irq, unsigned int flags,
			 uk_irq_handler_t handler, void *arg)
{
	unsigned long f;
	unsigned int vector;
	int rc;

	kvm_irq_init();
	f = uk_irq_save();
	if (irq >= UK_IRQ_MSI_BASE) {
		vector = irq - UK_IRQ_MSI_BASE;
		rc = (vector >= MSI_VECTOR_FIRST && vector < next_msi) ?
			add_handler(vector, handler, arg) : -EINVAL;
	} else {
		if (flags & UK_IRQ_ISA)
			flags = kvm_ioapic_isa_flags(&irq);
		if (irq >= GSI_MAX) {
			rc = -EINVAL;
		} else {
			vector = GSI_VECTOR_BASE + irq;
			rc = add_handler(vector, handler, arg);
			if (!rc)
				rc = kvm_ioapic_route(irq, vector, flags);
		}
	}
	uk_irq_restore(f);
	if (rc)
		uk_pr_err("cannot route interrupt %u: error %d\n", irq, -rc);
	return rc;
}

int uk_plat_irq_alloc_msi(uint64_t *addr, uint32_t *data)
{
	unsigned int vector;

	kvm_irq_init();
	if (next_msi > MSI_VECTOR_LAST)
		return -ENOSPC;
	vector = next_msi++;
	*addr = 0xfee00000ULL | ((uint64_t)kvm_apic_id() << 12);
	*data = vector;		/* fixed delivery, edge */
	return UK_IRQ_MSI_BASE + vector;
}

void uk_plat_halt(void)
{
	int enabled = uk_irq_enabled();

	x86_safe_halt();	/* sti; hlt: no wake-up is lost in between */
	if (!enabled)
		uk_irq_disable();
}

/* --- the one-shot timer ------------------------------------------------- */
void uk_plat_timer_handler(void (*fn)(void))
{
	timer_fn = fn;
}

void uk_plat_timer_set(uint64_t deadline_ns)
{
	uint64_t now;

	kvm_irq_init();
	if (!deadline_ns) {
		kvm_apic_timer_stop();
		return;
	}
	now = uk_plat_monotonic_ns();
	kvm_apic_timer_oneshot(TIMER_VECTOR, kvm_ns_to_tsc(deadline_ns),
			       deadline_ns > now ? deadline_ns - now : 1);
}
