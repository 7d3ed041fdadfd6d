/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread contexts.  A switch saves the callee-saved registers on the old
 * thread's stack and its stack pointer in *prev_sp, then does the reverse
 * for the new thread; everything else is already saved by the C calling
 * convention (or, in an interrupt, by the trap entry).
 */
#ifndef __UK_ARCH_CTX_H__
#define __UK_ARCH_CTX_H__

/* Saves the current context into *prev_sp and resumes the one at next_sp. */
void x86_ctx_switch(unsigned long *prev_sp, unsigned long next_sp);

/*
 * Prepares a new context on the stack ending at stack_top: the first
 * switch to it calls entry(arg) with a properly aligned stack; entry must
 * never return.  Returns the context's stack pointer.
 */
unsigned long x86_ctx_init(void *stack_top, void (*entry)(void *), void *arg);

#endif
