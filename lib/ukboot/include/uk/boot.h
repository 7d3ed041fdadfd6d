/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef __UK_BOOT_H__
#define __UK_BOOT_H__

#include <uk/essentials.h>

/* Called by the platform once CPU, console and memory map are ready. */
void uk_boot_entry(void) __uk_noreturn;

/*
 * Ends the VM with main's (or exit()'s) status, after the C library has
 * flushed its buffers.  The C library's _exit() calls this.
 */
void uk_boot_shutdown(int status) __uk_noreturn;

/* The status (before QEMU's (n << 1) | 1) when an init function fails. */
#define UK_BOOT_FAIL_CODE 0x7e

#endif
