/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * From the loader's 32-bit protected mode (paging off, flat segments) to
 * long mode.  A platform's entry stub jumps to x86_start32 with the boot
 * protocol's magic value in %esi and its info pointer in %edi; we
 * identity-map the first 4 GiB with 2 MiB pages, enable PAE, NX and
 * paging, and call x86_plat_start(magic, info) on the boot stack.
 * x86_paging_init() later refines these tables (W^X, page 0 unmapped).
 */
#include <uk/arch/paging.h>

#define BOOT_STACK_SIZE	(16 * 1024)
#define CR0_PE		(1 << 0)
#define CR0_MP		(1 << 1)
#define CR0_WP		(1 << 16)
#define CR0_PG		(1 << 31)
#define CR4_PAE		(1 << 5)
#define EFER_MSR	0xc0000080
#define EFER_LME	(1 << 8)
#define EFER_NXE	(1 << 11)

	.section .data.boot, "aw"
	.balign 4
	.globl x86_boot_magic, x86_boot_info
x86_boot_magic:	.long 0
x86_boot_info:	.long 0

	.balign 16
x86_boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
x86_boot_gdt_end:
x86_boot_gdt_desc:
	.word x86_boot_gdt_end - x86_boot_gdt - 1
	.quad x86_boot_gdt

	.section .bss.pagetables, "aw", @nobits
	.balign 4096
	.globl x86_boot_pml4, x86_boot_pdpt, x86_boot_pd
x86_boot_pml4:	.skip 4096
x86_boot_pdpt:	.skip 4096
x86_boot_pd:	.skip 4 * 4096

	.section .bss.stack, "aw", @nobits
	.balign 16
	.globl x86_boot_stack, x86_boot_stack_top
x86_boot_stack:	.skip BOOT_STACK_SIZE
x86_boot_stack_top:

	.section .text.boot, "ax"
	.code32
	.globl x86_start32
x86_start32:
	cld
	movl %esi, x86_boot_magic
	movl %edi, x86_boot_info

	/*
	 * No .bss clearing: both protocols hand it over zeroed (multiboot's
	 * bss_end_addr, the ELF loader's memsz for PVH), and clearing ~100
	 * KiB costs a good share of the boot under emulation.
	 */

	/* PML4[0] -> PDPT; PDPT[0..3] -> four PDs of 2 MiB pages. */
	movl $x86_boot_pdpt + (X86_PT_P | X86_PT_W), x86_boot_pml4
	movl $x86_boot_pd + (X86_PT_P | X86_PT_W), %eax
	movl $x86_boot_pdpt, %edi
	movl $4, %ecx
1:	movl %eax, (%edi)
	addl $4096, %eax
	addl $8, %edi
	loop 1b

	movl $x86_boot_pd, %edi
	movl $(X86_PT_P | X86_PT_W | X86_PT_PS), %eax
	movl $2048, %ecx
2:	movl %eax, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 2b

	movl $x86_boot_pml4, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4

	/* EFER: long mode, and NX if the CPU has it. */
	xorl %ebx, %ebx
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb 3f
	movl $0x80000001, %eax
	cpuid
	btl $20, %edx
	jnc 3f
	movl $EFER_NXE, %ebx
3:	movl $EFER_MSR, %ecx
	rdmsr
	orl $EFER_LME, %eax
	orl %ebx, %eax
	wrmsr

	movl %cr0, %eax
	orl $(CR0_PE | CR0_WP | CR0_PG), %eax
	movl %eax, %cr0

	lgdt x86_boot_gdt_desc
	ljmp $0x08, $x86_start64

	.code64
x86_start64:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq $x86_boot_stack_top, %rsp
	xorl %ebp, %ebp			/* ends backtraces */
	movl x86_boot_magic, %edi
	movl x86_boot_info, %esi
	call x86_plat_start
4:	cli
	hlt
	jmp 4b

	.section .note.GNU-stack, "", @progbits
