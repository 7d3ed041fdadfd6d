/* SPDX-License-Identifier: BSD-3-Clause */
/* Thread context switch (see uk/arch/ctx.h). */
	.section .text.x86_ctx, "ax"
	.code64

/* void x86_ctx_switch(unsigned long *prev_sp, unsigned long next_sp) */
	.globl x86_ctx_switch
	.type x86_ctx_switch, @function
x86_ctx_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size x86_ctx_switch, . - x86_ctx_switch

/*
 * First code of a new context: x86_ctx_init left entry in %r12 and its
 * argument in %r13.  %rbp is 0 so that backtraces end here.
 */
	.globl x86_ctx_trampoline
	.type x86_ctx_trampoline, @function
x86_ctx_trampoline:
	movq %r13, %rdi
	xorl %ebp, %ebp
	callq *%r12
	ud2			/* entry must not return */
	.size x86_ctx_trampoline, . - x86_ctx_trampoline

	.section .note.GNU-stack, "", @progbits
