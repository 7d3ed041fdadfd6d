/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry stubs for all 256 vectors.  Each pushes a dummy error code where
 * the CPU pushes none, then its vector, and jumps to the common path, which
 * saves the general registers (kernel code uses no SSE, see flags.mk) and
 * calls x86_trap_entry(struct __regs *).
 */
	.section .text.isr, "ax"
	.code64

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
		    (v) == 21 || (v) == 29 || (v) == 30)

	.balign 16
x86_isr_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
	movq %rsp, %rdi
	call x86_trap_entry
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp
	iretq

	.altmacro
	.macro isr_stub v
	.balign 8
x86_isr_\v:
	.if ((\v) == 8 || ((\v) >= 10 && (\v) <= 14) || (\v) == 17 || (\v) == 21 || (\v) == 29 || (\v) == 30)
	.else
	pushq $0
	.endif
	pushq $\v
	jmp x86_isr_common
	.endm

	.set i, 0
	.rept 256
	isr_stub %i
	.set i, i + 1
	.endr

	.macro isr_addr v
	.quad x86_isr_\v
	.endm

	.section .rodata.isr, "a"
	.balign 8
	.globl x86_isr_table
x86_isr_table:
	.set i, 0
	.rept 256
	isr_addr %i
	.set i, i + 1
	.endr

	.section .note.GNU-stack, "", @progbits
