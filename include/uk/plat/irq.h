/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform interface: interrupts and the idle CPU. */
#ifndef __UK_PLAT_IRQ_H__
#define __UK_PLAT_IRQ_H__

#include <uk/arch/irq.h>

/*
 * Interrupt handlers run with interrupts off, on the interrupted stack.
 * They return 1 if the interrupt was theirs.  Drivers block threads on
 * wait queues that their handler signals.
 */
typedef int (*uk_irq_handler_t)(void *arg);

/*
 * Routes device interrupt line irq (ISA/GSI number, or a vector given by
 * uk_plat_irq_alloc_msi) to handler.  Several handlers may share a line.
 * Returns 0, or a negative errno.
 */
int uk_plat_irq_register(unsigned int irq, uk_irq_handler_t handler, void *arg);

/*
 * Allocates an interrupt for an MSI/MSI-X capable device and fills in the
 * message address and data to program into it.  Returns the irq number to
 * pass to uk_plat_irq_register, or a negative errno.
 */
int uk_plat_irq_alloc_msi(uint64_t *addr, uint32_t *data);

/*
 * Halts the CPU until the next interrupt, with interrupts enabled while
 * halted, and returns with them as they were.  The idle loop's only job.
 */
void uk_plat_halt(void);

/*
 * Hook called after every interrupt handler, with interrupts still off,
 * when the interrupted code may be preempted (set by the scheduler).
 */
extern void (*uk_plat_irq_exit_hook)(void);

#endif
