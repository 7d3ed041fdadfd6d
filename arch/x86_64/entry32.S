/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * From the loader's 32-bit protected mode (paging off, flat segments) to
 * long mode.  A platform's entry stub jumps to x86_start32 with the boot
 * protocol's magic value in %esi and its info pointer in %edi; we build
 * the final page tables for the first 4 GiB (2 MiB pages, the image in
 * 4 KiB pages mapped W^X, page 0 unmapped), enable PAE, NX and paging,
 * and call x86_plat_start(magic, info) on the boot stack.
 */
#include <uk/arch/paging.h>

#define BOOT_STACK_SIZE	(16 * 1024)
#define BOOT_PT_PAGES	4	/* 4 KiB pages for the first 8 MiB: the image */
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
	.globl x86_boot_pt
x86_boot_pt:	.skip BOOT_PT_PAGES * 4096

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

	/* NX if the CPU has it: %ebp = the NX bit of a PTE's high half. */
	xorl %ebp, %ebp
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb 1f
	movl $0x80000001, %eax
	cpuid
	btl $20, %edx
	jnc 1f
	movl $0x80000000, %ebp
1:
	/* PML4[0] -> PDPT; PDPT[0..3] -> four PDs of 2 MiB pages. */
	movl $x86_boot_pdpt + (X86_PT_P | X86_PT_W), x86_boot_pml4
	movl $x86_boot_pd + (X86_PT_P | X86_PT_W), %eax
	movl $x86_boot_pdpt, %edi
	movl $4, %ecx
1:	movl %eax, (%edi)
	addl $4096, %eax
	addl $8, %edi
	loop 1b

	/* 4 GiB of 2 MiB pages, read-write, not executable. */
	movl $x86_boot_pd, %edi
	movl $(X86_PT_P | X86_PT_W | X86_PT_PS), %eax
	movl $2048, %ecx
2:	movl %eax, (%edi)
	movl %ebp, 4(%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 2b

	/*
	 * The image (and the low memory before it) in 4 KiB pages, W^X:
	 * text read+execute, rodata read-only, the rest read-write and not
	 * executable, page 0 not mapped so that NULL faults.  Done here,
	 * in one loop, because every instruction counts when booting under
	 * emulation.  x86_boot_pt holds one table per 2 MiB of image.
	 */
	movl $x86_boot_pt, %edi
	xorl %ebx, %ebx			/* the address mapped */
3:	movl $(X86_PT_P | X86_PT_W), %eax
	movl %ebp, %edx			/* high half: NX */
	cmpl $__kernel_start, %ebx
	jb 4f
	cmpl $__etext, %ebx
	jae 5f
	movl $X86_PT_P, %eax		/* text: RX */
	xorl %edx, %edx
	jmp 4f
5:	cmpl $__erodata, %ebx
	jae 4f
	movl $X86_PT_P, %eax		/* rodata: R */
4:	testl %ebx, %ebx
	jnz 6f
	xorl %eax, %eax			/* page 0: not present */
6:	orl %ebx, %eax
	movl %eax, (%edi)
	movl %edx, 4(%edi)
	addl $8, %edi
	addl $4096, %ebx
	cmpl $__kernel_end_2m, %ebx
	jb 3b

	/* Point the image's PD entries at those tables. */
	movl $x86_boot_pt + (X86_PT_P | X86_PT_W), %eax
	movl $x86_boot_pd, %edi
	movl $__kernel_end_2m, %ecx
	shrl $21, %ecx
7:	movl %eax, (%edi)
	movl $0, 4(%edi)
	addl $4096, %eax
	addl $8, %edi
	loop 7b

	movl $x86_boot_pml4, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4

	/* EFER: long mode, and NX if the CPU has it. */
	movl $EFER_MSR, %ecx
	rdmsr
	orl $EFER_LME, %eax
	testl %ebp, %ebp
	jz 8f
	orl $EFER_NXE, %eax
8:	wrmsr

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
