/*
 * Host build of uk/arch/irq.h: interrupts do not exist in a host
 * process, so saving and restoring them does nothing.  Found first on the
 * include path of the unit tests only.
 */
#ifndef __UK_ARCH_IRQ_H__
#define __UK_ARCH_IRQ_H__
static inline void uk_irq_disable(void) {}
static inline void uk_irq_enable(void) {}
static inline unsigned long uk_irq_save(void) { return 0; }
static inline void uk_irq_restore(unsigned long flags) { (void)flags; }
static inline int uk_irq_enabled(void) { return 0; }
#endif
