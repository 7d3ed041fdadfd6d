/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform interface: ending the VM. */
#ifndef __UK_PLAT_TERMINATE_H__
#define __UK_PLAT_TERMINATE_H__

#include <uk/essentials.h>

/*
 * Ends the VM with status code.  On QEMU with isa-debug-exit at port 0xf4
 * QEMU exits with (code << 1) | 1; otherwise the VM powers off (ACPI).
 * On Xen, code 0 is a poweroff and any other code a crash.
 */
void uk_plat_terminate(int code) __uk_noreturn;

/*
 * Ends the VM after a fatal error (trap, failed assertion, panic).  The
 * host sees a failure distinct from any normal exit: on QEMU with
 * isa-debug-exit the status is UK_PLAT_CRASH_STATUS.
 */
void uk_plat_crash(void) __uk_noreturn;

/* The code written to isa-debug-exit on a crash: QEMU exits with 255. */
#define UK_PLAT_CRASH_CODE	0x7f
#define UK_PLAT_CRASH_STATUS	255

#endif
