/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The floor: the smallest kernel QEMU can boot, which exits at its first
 * instruction.  Booting it measures what QEMU itself costs (process start,
 * machine creation, loading -kernel, firmware/option ROM, teardown), so a
 * real image's launch-to-exit time can be reported as a ratio to it.
 *
 * Built twice, like our images can be entered: with a multiboot1 header
 * using the a.out kludge (what QEMU takes for our images), or with only the
 * Xen PVH ELF note (-DFLOOR_PVH).  The first instruction writes %al to
 * isa-debug-exit (port 0xf4): QEMU exits with status (al << 1) | 1.  Under
 * multiboot %eax holds 0x2badb002, so the status is 5.
 */
#define MB_MAGIC		0x1badb002
#define MB_AOUT_KLUDGE		(1 << 16)
#define XEN_ELFNOTE_PHYS32_ENTRY 18

#ifndef FLOOR_PVH
	.section .multiboot_header, "a"
	.balign 4
mb_header:
	.long MB_MAGIC
	.long MB_AOUT_KLUDGE
	.long -(MB_MAGIC + MB_AOUT_KLUDGE)
	.long mb_header		/* header_addr */
	.long __floor_start	/* load_addr */
	.long __floor_end	/* load_end_addr */
	.long __floor_end	/* bss_end_addr: no bss */
	.long floor_entry	/* entry_addr */
#else
	.section .note.Xen, "a"
	.balign 4
	.long 4			/* name size */
	.long 4			/* desc size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.long floor_entry
#endif

	.section .text, "ax"
	.code32
	.globl floor_entry
floor_entry:
	outb %al, $0xf4
1:	hlt			/* not reached: QEMU has exited */
	jmp 1b

	.section .note.GNU-stack, "", @progbits
