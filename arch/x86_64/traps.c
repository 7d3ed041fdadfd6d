/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trap dispatch.  Exceptions go to the handlers registered for them (the
 * scheduler recognises a thread's stack guard page this way); unhandled
 * ones are described and handed to the crash dump, which never returns.
 * Vectors from 32 up are interrupts and go to the platform.
 */
#include <stddef.h>
#include <uk/essentials.h>
#include <uk/arch/cpu.h>
#include <uk/arch/traps.h>
#include <uk/crash.h>
#include <uk/print.h>

#define MAX_HANDLERS 4

static x86_trap_handler_t handlers[32][MAX_HANDLERS];

void (*x86_irq_dispatch)(struct __regs *regs);

static const char *const trap_names[32] = {
	[X86_TRAP_DE] = "divide error",
	[X86_TRAP_DB] = "debug",
	[X86_TRAP_NMI] = "non-maskable interrupt",
	[X86_TRAP_BP] = "breakpoint",
	[X86_TRAP_OF] = "overflow",
	[X86_TRAP_BR] = "bound range exceeded",
	[X86_TRAP_UD] = "invalid opcode",
	[X86_TRAP_NM] = "device not available",
	[X86_TRAP_DF] = "double fault",
	[9] = "coprocessor segment overrun",
	[X86_TRAP_TS] = "invalid TSS",
	[X86_TRAP_NP] = "segment not present",
	[X86_TRAP_SS] = "stack-segment fault",
	[X86_TRAP_GP] = "general protection fault",
	[X86_TRAP_PF] = "page fault",
	[X86_TRAP_MF] = "x87 floating-point exception",
	[X86_TRAP_AC] = "alignment check",
	[X86_TRAP_MC] = "machine check",
	[X86_TRAP_XM] = "SIMD floating-point exception",
	[X86_TRAP_VE] = "virtualization exception",
	[X86_TRAP_CP] = "control protection exception",
};

const char *x86_trap_name(unsigned int vector)
{
	if (vector < 32 && trap_names[vector])
		return trap_names[vector];
	return vector < 32 ? "reserved exception" : "interrupt";
}

int x86_trap_register(unsigned int vector, x86_trap_handler_t fn)
{
	unsigned int i;

	if (vector >= 32)
		return -1;
	for (i = 0; i < MAX_HANDLERS; i++) {
		if (!handlers[vector][i]) {
			handlers[vector][i] = fn;
			return 0;
		}
	}
	return -1;
}

static void describe(struct __regs *regs, char *buf, size_t len)
{
	const char *name = x86_trap_name(regs->vector);

	if (regs->vector == X86_TRAP_PF) {
		unsigned long err = regs->error;
		const char *owner = uk_crash_guard_owner ?
			uk_crash_guard_owner(x86_read_cr2()) : NULL;

		if (owner) {
			uk_snprintf(buf, len, "stack overflow in thread '%s' "
				    "(guard page hit at 0x%lx)", owner,
				    x86_read_cr2());
			return;
		}

		uk_snprintf(buf, len, "%s: %s 0x%lx (%s%s)", name,
			    (err & (1 << 4)) ? "instruction fetch from" :
			    (err & (1 << 1)) ? "write to" : "read from",
			    x86_read_cr2(),
			    (err & 1) ? "protection violation" : "page not present",
			    (err & (1 << 3)) ? ", reserved bit set" : "");
	} else if (regs->vector == X86_TRAP_GP && regs->error) {
		uk_snprintf(buf, len, "%s (selector 0x%lx)", name, regs->error);
	} else {
		uk_snprintf(buf, len, "%s", name);
	}
}

void x86_trap_entry(struct __regs *regs)
{
	char desc[128];
	unsigned int i;

	if (uk_likely(regs->vector >= X86_IRQ_BASE)) {
		if (x86_irq_dispatch)
			x86_irq_dispatch(regs);
		return;
	}

	for (i = 0; i < MAX_HANDLERS && handlers[regs->vector][i]; i++)
		if (handlers[regs->vector][i](regs))
			return;

	describe(regs, desc, sizeof(desc));
	uk_crash_regs(desc, regs);
}
