/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fatal errors.  Both functions print what happened, the registers (for a
 * trap) and a symbolized backtrace, then end the VM with the crash status
 * (see uk/plat/terminate.h): a failed VM never looks like a passing one.
 */
#ifndef __UK_CRASH_H__
#define __UK_CRASH_H__

#include <stdint.h>
#include <uk/essentials.h>

struct __regs;

void uk_panic(const char *fmt, ...) __uk_noreturn __uk_printf(1, 2);

/* For trap handlers: desc says what the trap was. */
void uk_crash_regs(const char *desc, struct __regs *regs) __uk_noreturn;

/* Prints a backtrace starting at frame pointer fp (0: the caller's). */
void uk_backtrace_print(unsigned long fp);

/*
 * Looks up the function containing addr.  Returns its name and sets *off
 * to addr's offset in it, or returns NULL.
 */
const char *uk_symbol_lookup(uintptr_t addr, uintptr_t *off);

/*
 * Set by the scheduler: the name of the running thread, printed in crash
 * dumps.  NULL before threads exist.
 */
extern const char *(*uk_crash_thread_name)(void);

/*
 * Set by the scheduler: if addr lies in the guard page under a thread's
 * stack, returns that thread's name (the fault is a stack overflow).
 */
extern const char *(*uk_crash_guard_owner)(unsigned long addr);

#endif
