/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * From the loader's 32-bit protected mode (paging off, flat segments) to
 * long mode.  A platform's entry stub jumps to x86_start32 with the boot
 * protocol's magic value in %esi and its info pointer in %edi; we build
 * the final page tables for the first 4 GiB (2 and 1 GiB pages, the image
 * in 4 KiB pages mapped W^X, page 0 unmapped), enable PAE, NX and paging,
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

	/*
	 * From CPUID 0x80000001: %ebp = the NX bit of a PTE's high half if
	 * the CPU has NX, %esi = 1 if it has 1 GiB pages.
	 */
	xorl %ebp, %ebp
	xorl %esi, %esi
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb 1f
	movl $0x80000001, %eax
	cpuid
	btl $26, %edx
	adcl $0, %esi
	btl $20, %edx
	jnc 1f
	movl $0x80000000, %ebp
1:
	/*
	 * PML4[0] -> PDPT, PDPT[0] -> the first PD: the first GiB in 2 MiB
	 * pages (the image's part is replaced by 4 KiB tables below).  The
	 * other three GiB (the PCI hole, the APIC) take one 1 GiB page each
	 * when the CPU has them, else three more PDs.  Under emulation every
	 * loop iteration here is a visible share of the boot: 512 entries
	 * instead of 2048 save about a tenth of a millisecond.
	 * paging.c splits a 1 GiB page when something inside needs 4 KiB
	 * or uncached mappings.
	 */
	movl $x86_boot_pdpt + (X86_PT_P | X86_PT_W), x86_boot_pml4
	movl $x86_boot_pd + (X86_PT_P | X86_PT_W), x86_boot_pdpt
	movl $512, %ecx			/* PD entries to fill */
	testl %esi, %esi
	jz 2f
	movl $(1 << 30) + (X86_PT_P | X86_PT_W | X86_PT_PS), %eax
	movl $x86_boot_pdpt + 8, %edi
3:	movl %eax, (%edi)
	movl %ebp, 4(%edi)
	addl $(1 << 30), %eax
	addl $8, %edi
	cmpl $x86_boot_pdpt + 32, %edi
	jb 3b
	jmp 4f
2:	movl $x86_boot_pd + 4096 + (X86_PT_P | X86_PT_W), %eax
	movl $x86_boot_pdpt + 8, %edi
3:	movl %eax, (%edi)
	addl $4096, %eax
	addl $8, %edi
	cmpl $x86_boot_pdpt + 32, %edi
	jb 3b
	movl $2048, %ecx
4:
	/* %ecx entries of 2 MiB pages, read-write, not executable. */
	movl $x86_boot_pd, %edi
	movl $(X86_PT_P | X86_PT_W | X86_PT_PS), %eax
5:	movl %eax, (%edi)
	movl %ebp, 4(%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 5b

	/*
	 * The image (and the low memory before it) in 4 KiB pages, W^X:
	 * text read+execute, rodata read-only, the rest read-write and not
	 * executable, page 0 not mapped (left zero) so that NULL faults.
	 * One tight loop per range.  x86_boot_pt holds one table per 2 MiB
	 * of image.  %ebx = the address mapped, %edi = its entry.
	 */
	.macro map_range end, flags, high
	jmp 2f
1:	leal \flags(%ebx), %eax
	movl %eax, (%edi)
	movl \high, 4(%edi)
	addl $8, %edi
	addl $4096, %ebx
2:	cmpl $\end, %ebx
	jb 1b
	.endm

	movl $x86_boot_pt + 8, %edi
	movl $4096, %ebx
	map_range __kernel_start, X86_PT_P | X86_PT_W, %ebp	/* low memory */
	map_range __etext, X86_PT_P, $0				/* text: RX */
	map_range __erodata, X86_PT_P, %ebp			/* rodata: R */
	map_range __kernel_end_2m, X86_PT_P | X86_PT_W, %ebp	/* data */

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
