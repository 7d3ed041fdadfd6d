/* SPDX-License-Identifier: BSD-3-Clause */
/* Symbols the linker script defines: the image's layout. */
#ifndef __UK_ARCH_LCPU_H__
#define __UK_ARCH_LCPU_H__

extern char __kernel_start[], __text_start[], __etext[], __rodata_start[],
	__erodata[], __data_start[], __edata[], __bss_start[], __ebss[],
	__kernel_end[];

#endif
