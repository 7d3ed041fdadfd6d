/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * From the loader's 32-bit protected mode (paging off, flat segments) to
 * long mode.  A platform's entry stub jumps to x86_start32 with the boot
 * protocol's magic value in %esi and its info pointer in %edi; we build
 * the final page tables for the first 4 GiB (2 and 1 GiB pages, the image
 * in 4 KiB pages mapped W^X, page 0 unmapped), set the control registers
 * for good (paging, NX, SSE, FSGSBASE), load the GDT that stays, and call
 * x86_plat_start(magic, info) on the boot stack.
 *
 * Under emulation (QEMU's TCG) each first execution of a basic block is
 * translated, at several microseconds a block: most of what the boot
 * costs there.  So this path avoids branches where arithmetic will do
 * (cmov, sbb masks), and loops do not test before their first pass.
 */
#include <uk/arch/paging.h>

#define BOOT_STACK_SIZE	(16 * 1024)
#define BOOT_PT_PAGES	4	/* 4 KiB pages for the first 8 MiB: the image */
#define CR0_PE		(1 << 0)
#define CR0_MP		(1 << 1)
#define CR0_EM		(1 << 2)
#define CR0_TS		(1 << 3)
#define CR0_WP		(1 << 16)
#define CR0_PG		(1 << 31)
#define CR4_PAE		(1 << 5)
#define CR4_OSFXSR	(1 << 9)
#define CR4_OSXMMEXCPT	(1 << 10)
#define CR4_FSGSBASE	(1 << 16)
#define EFER_MSR	0xc0000080
#define EFER_LME	(1 << 8)
#define EFER_NXE	(1 << 11)
#define GDT_KCODE	0x08
#define GDT_KDATA	0x10

	.section .data.boot, "aw"
	.balign 4
	.globl x86_boot_magic, x86_boot_info
x86_boot_magic:	.long 0
x86_boot_info:	.long 0
x86_boot_mxcsr:	.long 0x1f80	/* every SSE exception masked */
	.globl x86_fsgsbase_enabled
x86_fsgsbase_enabled:	.long 0

	/*
	 * The GDT for good: desc.c fills in the TSS descriptor (entries 3
	 * and 4) and loads the task register; nothing loads another GDT.
	 */
	.balign 16
	.globl x86_gdt
x86_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0, 0			/* 0x18: the TSS */
x86_gdt_end:
	.balign 2
	.word 0
x86_gdt_desc:
	.word x86_gdt_end - x86_gdt - 1
	.quad x86_gdt

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
	 * CPUID 0x80000001 (every CPU with long mode has it): %ebp = the NX
	 * bit of a PTE's high half if the CPU has NX, else 0; %esi = 1 if
	 * it has 1 GiB pages.
	 */
	movl $0x80000001, %eax
	cpuid
	xorl %esi, %esi
	btl $26, %edx
	adcl $0, %esi
	btl $20, %edx
	sbbl %ebp, %ebp
	andl $0x80000000, %ebp

	/*
	 * PML4[0] -> PDPT, PDPT[0] -> the first PD: the first GiB in 2 MiB
	 * pages (the image's part is replaced by 4 KiB tables below).  The
	 * other three GiB (the PCI hole, the APIC) take one 1 GiB page each
	 * when the CPU has them, else three more PDs (%ecx = the PD entries
	 * to fill).  paging.c splits a 1 GiB page when something inside
	 * needs 4 KiB or uncached mappings.
	 */
	movl $x86_boot_pdpt + (X86_PT_P | X86_PT_W), x86_boot_pml4
	movl $x86_boot_pd + (X86_PT_P | X86_PT_W), x86_boot_pdpt
	testl %esi, %esi
	.irp gib, 1, 2, 3
	movl $x86_boot_pd + \gib * 4096 + (X86_PT_P | X86_PT_W), %eax
	movl $(\gib << 30) + (X86_PT_P | X86_PT_W | X86_PT_PS), %ebx
	cmovnz %ebx, %eax
	movl %eax, x86_boot_pdpt + \gib * 8
	.endr
	xorl %eax, %eax
	cmovnz %ebp, %eax
	movl %eax, x86_boot_pdpt + 12
	movl %eax, x86_boot_pdpt + 20
	movl %eax, x86_boot_pdpt + 28
	movl $2048, %ecx
	movl $512, %ebx
	cmovnz %ebx, %ecx

	/* %ecx entries of 2 MiB pages, read-write, not executable. */
	movl $x86_boot_pd, %edi
	movl $(X86_PT_P | X86_PT_W | X86_PT_PS), %eax
1:	movl %eax, (%edi)
	movl %ebp, 4(%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 1b

	/*
	 * The image (and the low memory before it) in 4 KiB pages, W^X:
	 * text read+execute, rodata read-only, the rest read-write and not
	 * executable, page 0 not mapped (left zero) so that NULL faults.
	 * One loop, its flags from masks: %ecx = -1 below __kernel_start,
	 * %edx = -1 below __etext, %esi = -1 below __erodata.  %ebx = the
	 * address mapped, %edi = its entry.
	 */
	movl $x86_boot_pt + 8, %edi
	movl $4096, %ebx
2:	cmpl $__kernel_start, %ebx
	sbbl %ecx, %ecx
	cmpl $__etext, %ebx
	sbbl %edx, %edx
	cmpl $__erodata, %ebx
	sbbl %esi, %esi
	notl %ecx			/* -1 from the image on */
	andl %ecx, %edx			/* -1 in text */
	andl %ecx, %esi			/* -1 in text or rodata */
	notl %esi
	andl $X86_PT_W, %esi		/* writable unless text or rodata */
	leal X86_PT_P(%ebx, %esi), %eax
	movl %eax, (%edi)
	notl %edx
	andl %ebp, %edx			/* not executable unless text */
	movl %edx, 4(%edi)
	addl $8, %edi
	addl $4096, %ebx
	cmpl $__kernel_end_2m, %ebx
	jb 2b

	/* Point the image's PD entries at those tables (one per 2 MiB). */
	movl $x86_boot_pt + (X86_PT_P | X86_PT_W), %eax
	movl $x86_boot_pd, %edi
	movl $__kernel_end_2m, %ecx
	shrl $21, %ecx
3:	movl %eax, (%edi)
	movl $0, 4(%edi)
	addl $4096, %eax
	addl $8, %edi
	loop 3b

	movl $x86_boot_pml4, %eax
	movl %eax, %cr3

	/*
	 * CR4: PAE, and SSE for applications (the FPU/SSE state is saved per
	 * thread).  FSGSBASE when configured and CPUID leaf 7 says so (the
	 * leaf exists only if leaf 0 reports it: masked otherwise).
	 */
	movl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %edi
#if CONFIG_ARCH_X86_64_FSGSBASE
	xorl %eax, %eax
	cpuid
	cmpl $7, %eax
	sbbl %esi, %esi
	notl %esi			/* -1 if leaf 7 exists */
	movl $7, %eax
	xorl %ecx, %ecx
	cpuid
	andl %esi, %ebx
	andl $1, %ebx
	movl %ebx, x86_fsgsbase_enabled
	shll $16, %ebx			/* CR4_FSGSBASE */
	orl %ebx, %edi
#endif
	movl %cr4, %eax
	orl %edi, %eax
	movl %eax, %cr4

	/* EFER: long mode, and NX if the CPU has it (%ebp >> 20 = NXE). */
	movl $EFER_MSR, %ecx
	rdmsr
	movl %ebp, %ebx
	shrl $20, %ebx
	orl $EFER_LME, %eax
	orl %ebx, %eax
	wrmsr

	/* Paging on; x87/SSE without emulation, #NM never raised. */
	movl %cr0, %eax
	andl $~(CR0_EM | CR0_TS), %eax
	orl $(CR0_PE | CR0_MP | CR0_WP | CR0_PG), %eax
	movl %eax, %cr0

	lgdt x86_gdt_desc
	ljmp $GDT_KCODE, $x86_start64

	/*
	 * In long mode DS and ES are not used and keep the loader's
	 * selectors; SS must be ours (iretq reloads it from the stack).
	 */
	.code64
x86_start64:
	movl $GDT_KDATA, %eax
	movl %eax, %ss
	movq $x86_boot_stack_top, %rsp
	xorl %ebp, %ebp			/* ends backtraces */
	fninit
	ldmxcsr x86_boot_mxcsr(%rip)
	movl x86_boot_magic(%rip), %edi
	movl x86_boot_info(%rip), %esi
	call x86_plat_start
4:	cli
	hlt
	jmp 4b

	.section .note.GNU-stack, "", @progbits
