/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX _setjmp/_longjmp: newlib's setjmp/longjmp, which never touch the
 * signal mask.  Jumps, not calls, so that setjmp sees our caller's return
 * address and stack pointer as its own.
 */
	.text
	.globl _setjmp
	.type _setjmp, @function
_setjmp:
	jmp setjmp
	.size _setjmp, . - _setjmp

	.globl _longjmp
	.type _longjmp, @function
_longjmp:
	jmp longjmp
	.size _longjmp, . - _longjmp

	.section .note.GNU-stack, "", @progbits
