/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The two ways in.  QEMU's -kernel takes the multiboot1 header when there
 * is one (so this is what runs under QEMU); Xen-style PVH loaders use the
 * XEN_ELFNOTE_PHYS32_ENTRY note.  Both arrive in 32-bit protected mode with
 * paging off; each stub records the TSC (for boot-time reports) and goes
 * on to arch/x86_64/entry32.S with the protocol's magic and info pointer.
 */
#define MB_MAGIC		0x1badb002
#define MB_PAGE_ALIGN		(1 << 0)
#define MB_MEMORY_INFO		(1 << 1)
#define MB_AOUT_KLUDGE		(1 << 16)
#define MB_FLAGS		(MB_PAGE_ALIGN | MB_MEMORY_INFO | MB_AOUT_KLUDGE)
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define PVH_MAGIC		0x336ec578

	/*
	 * QEMU refuses 64-bit ELF multiboot images unless the header gives
	 * the load addresses itself (the "a.out kludge"); the linker script
	 * keeps the file laid out exactly as memory is.
	 */
	.section .multiboot_header, "a"
	.balign 4
mb_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	.long mb_header		/* header_addr */
	.long __kernel_start	/* load_addr */
	.long __edata		/* load_end_addr */
	.long __ebss		/* bss_end_addr */
	.long kvm_multiboot_entry

	.section .note.Xen, "a"
	.balign 4
	.long 4			/* name size */
	.long 4			/* desc size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.long kvm_pvh_entry

	.section .data.boot, "aw"
	.balign 8
	.globl kvm_boot_tsc
kvm_boot_tsc:	.quad 0

	.section .text.boot, "ax"
	.code32
	/* The PVH entry first, so that multiboot's (QEMU's) falls through. */
	.globl kvm_pvh_entry
kvm_pvh_entry:
	movl $PVH_MAGIC, %eax
	.globl kvm_multiboot_entry
kvm_multiboot_entry:
	movl %eax, %esi		/* 0x2badb002, or PVH_MAGIC */
	movl %ebx, %edi		/* struct multiboot_info * or hvm_start_info * */
	rdtsc
	movl %eax, kvm_boot_tsc
	movl %edx, kvm_boot_tsc + 4
	jmp x86_start32

	.section .note.GNU-stack, "", @progbits
