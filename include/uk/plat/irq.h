/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform interface: interrupts and the idle CPU. */
#ifndef __UK_PLAT_IRQ_H__
#define __UK_PLAT_IRQ_H__

#include <stdint.h>
#include <uk/arch/irq.h>

/*
 * Interrupt handlers run with interrupts off, on the interrupted stack.
 * They return 1 if the interrupt was theirs.  Drivers block threads on
 * wait queues that their handler signals.
 */
typedef int (*uk_irq_handler_t)(void *arg);

/* How a device interrupt line signals (for uk_plat_irq_register). */
#define UK_IRQ_EDGE		0x0
#define UK_IRQ_LEVEL		0x1
#define UK_IRQ_ACTIVE_HIGH	0x0
#define UK_IRQ_ACTIVE_LOW	0x2
#define UK_IRQ_ISA		0x4	/* ISA IRQ: take the firmware's override */

/* Interrupt numbers from this value up are message-signalled (MSI/MSI-X). */
#define UK_IRQ_MSI_BASE		256

/*
 * Routes interrupt irq to handler: a global system interrupt (GSI, the
 * interrupt controller's input, with the trigger flags above) or an irq
 * from uk_plat_irq_alloc_msi (flags ignored).  Several handlers may share
 * a line.  Returns 0, or a negative errno.
 */
int uk_plat_irq_register(unsigned int irq, unsigned int flags,
			 uk_irq_handler_t handler, void *arg);

/*
 * Allocates an interrupt for an MSI/MSI-X capable device and fills in the
 * message address and data to program into it.  Returns the irq number to
 * pass to uk_plat_irq_register, or a negative errno.
 */
int uk_plat_irq_alloc_msi(uint64_t *addr, uint32_t *data);

/*
 * Halts the CPU until the next interrupt, with interrupts enabled while
 * halted, and returns with them as they were.  The idle loop's only job.
 * To wait for a condition an interrupt handler sets without missing the
 * wake-up, test it with interrupts off and halt only if it is false:
 *
 *	uk_irq_disable();
 *	while (!done)
 *		uk_plat_halt();		(enables, halts, disables again)
 *	uk_irq_enable();
 */
void uk_plat_halt(void);

/*
 * Called after every interrupt's handlers, with interrupts still off, on
 * the interrupted thread's stack: the scheduler may switch threads here
 * (preemption, or a thread woken by the handler).  NULL if unused.
 */
extern void (*uk_plat_irq_exit_hook)(void);

#endif
