/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt flag control (cli/sti work in ring 3 with IOPL 3: inline). */
#ifndef __UK_ARCH_IRQ_H__
#define __UK_ARCH_IRQ_H__

#include <stdint.h>

static inline void uk_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void uk_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

/* Disables interrupts and returns the previous state for uk_irq_restore. */
static inline unsigned long uk_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void uk_irq_restore(unsigned long flags)
{
	if (flags & (1UL << 9))
		__asm__ __volatile__("sti" ::: "memory");
}

static inline int uk_irq_enabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags));
	return !!(flags & (1UL << 9));
}

#endif
