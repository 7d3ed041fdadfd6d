/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform interface: the console. */
#ifndef __UK_PLAT_CONSOLE_H__
#define __UK_PLAT_CONSOLE_H__

#include <stddef.h>

/*
 * Writes len bytes of buf to the console (serial port on KVM, the PV
 * console ring on Xen).  "\n" is sent as "\r\n".  Never blocks for long
 * and may be called with interrupts off and from trap handlers.
 * Returns len.
 */
int uk_plat_console_write(const char *buf, size_t len);

/*
 * Reads at most len bytes that have already arrived on the console into
 * buf.  Never blocks.  Returns the number of bytes read (0 if none).
 */
int uk_plat_console_read(char *buf, size_t len);

#endif
