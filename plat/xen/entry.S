/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The way in.  Xen's domain builder reads the ELF notes below; the PVH
 * one (XEN_ELFNOTE_PHYS32_ENTRY) gives the 32-bit entry point, reached in
 * protected mode with paging off and %ebx holding the physical address of
 * struct hvm_start_info.  We record the TSC (boot-time reports) and go on
 * to arch/x86_64/entry32.S, which enters long mode and calls
 * x86_plat_start(magic, info) in setup.c.
 */
#include <xen/elfnote.h>

/* XEN_HVM_START_MAGIC_VALUE: start_info.h has C structs, so not included. */
#define PVH_START_MAGIC	0x336ec578

#define ELFNOTE(type, desctype, descdata)		\
	.pushsection .note.Xen, "a";			\
	.balign 4;					\
	.long 2f - 1f;		/* name size */		\
	.long 4f - 3f;		/* desc size */		\
	.long type;					\
1:	.asciz "Xen";					\
2:	.balign 4;					\
3:	desctype descdata;				\
4:	.balign 4;					\
	.popsection

	ELFNOTE(XEN_ELFNOTE_GUEST_OS, .asciz, "Unikit")
	ELFNOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz, "0.1")
	ELFNOTE(XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0")
	ELFNOTE(XEN_ELFNOTE_LOADER, .asciz, "generic")
	ELFNOTE(XEN_ELFNOTE_PHYS32_ENTRY, .long, xen_pvh_entry)

	.section .data.boot, "aw"
	.balign 8
	.globl xen_boot_tsc
xen_boot_tsc:	.quad 0

	.section .text.boot, "ax"
	.code32
	.globl xen_pvh_entry
xen_pvh_entry:
	movl %ebx, %edi		/* struct hvm_start_info * */
	rdtsc
	movl %eax, xen_boot_tsc
	movl %edx, xen_boot_tsc + 4
	movl $PVH_START_MAGIC, %esi
	jmp x86_start32

	.section .note.GNU-stack, "", @progbits
