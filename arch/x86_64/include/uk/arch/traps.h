/* SPDX-License-Identifier: BSD-3-Clause */
/* Trap and interrupt frames. */
#ifndef __UK_ARCH_TRAPS_H__
#define __UK_ARCH_TRAPS_H__

#include <stdint.h>

#define X86_TRAP_DE	0	/* divide error */
#define X86_TRAP_DB	1
#define X86_TRAP_NMI	2
#define X86_TRAP_BP	3
#define X86_TRAP_OF	4
#define X86_TRAP_BR	5
#define X86_TRAP_UD	6	/* invalid opcode */
#define X86_TRAP_NM	7
#define X86_TRAP_DF	8	/* double fault */
#define X86_TRAP_TS	10
#define X86_TRAP_NP	11
#define X86_TRAP_SS	12
#define X86_TRAP_GP	13	/* general protection */
#define X86_TRAP_PF	14	/* page fault */
#define X86_TRAP_MF	16
#define X86_TRAP_AC	17
#define X86_TRAP_MC	18
#define X86_TRAP_XM	19
#define X86_TRAP_VE	20
#define X86_TRAP_CP	21

#define X86_IRQ_BASE	32	/* first vector for interrupts */

#ifndef __ASSEMBLY__
/* Saved by isr.S, in push order reversed. */
struct __regs {
	unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
	unsigned long rbp, rdi, rsi, rdx, rcx, rbx, rax;
	unsigned long vector, error;
	/* pushed by the CPU */
	unsigned long rip, cs, rflags, rsp, ss;
};

/*
 * A trap handler returns 1 if it dealt with the trap (execution resumes),
 * 0 to let the next one or the crash dump have it.
 */
typedef int (*x86_trap_handler_t)(struct __regs *regs);

/* Adds a handler for exception vector (< 32), tried before the crash dump. */
int x86_trap_register(unsigned int vector, x86_trap_handler_t fn);

/* Called for vectors >= 32 (set by the platform's interrupt code). */
extern void (*x86_irq_dispatch)(struct __regs *regs);

/* Fills in the IDT and TSS; traps are reported from then on. */
void x86_traps_init(void);

const char *x86_trap_name(unsigned int vector);
#endif

#endif
