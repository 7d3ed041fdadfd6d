/* SPDX-License-Identifier: BSD-3-Clause */
/* Building the first frame of a new thread context. */
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/arch/ctx.h>

extern char x86_ctx_trampoline[];

unsigned long x86_ctx_init(void *stack_top, void (*entry)(void *), void *arg)
{
	/*
	 * Layout popped by x86_ctx_switch, lowest first: r15 r14 r13 r12
	 * rbx rbp, then the return address.  After that "ret" %rsp is the
	 * 16-byte aligned top, so the trampoline's call enters entry() with
	 * %rsp = 8 mod 16, as the ABI wants.
	 */
	unsigned long *sp = (unsigned long *)UK_ALIGN_DOWN((uintptr_t)stack_top, 16);

	*--sp = (unsigned long)x86_ctx_trampoline;
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (unsigned long)entry;		/* r12 */
	*--sp = (unsigned long)arg;		/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	return (unsigned long)sp;
}
