/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GDT, TSS and IDT.  Faults that may hit a bad stack (double fault, page
 * fault from a thread's guard page, NMI, machine check) run on their own
 * stacks through the TSS's interrupt stack table, so they can always be
 * reported.
 */
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/arch/traps.h>

#define GDT_KCODE	0x08
#define GDT_TSS		0x18

#define IST_DF		1
#define IST_NMI		2
#define IST_MC		3
#define IST_PF		4
#define IST_STACK_SIZE	(8 * 1024)

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __uk_packed;

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __uk_packed;

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __uk_packed;

/* entry32.S: null, kernel code, kernel data, and the TSS (two entries). */
extern uint64_t x86_gdt[5];

static struct idt_gate idt[256] __uk_aligned(16);
static uint8_t ist_stacks[4][IST_STACK_SIZE] __uk_aligned(16);

/* Set up by the linker, not at boot (IST_DF..IST_PF are 1..4). */
static struct tss64 tss __uk_aligned(16) = {
	.ist = {
		(uint64_t)&ist_stacks[0][IST_STACK_SIZE],
		(uint64_t)&ist_stacks[1][IST_STACK_SIZE],
		(uint64_t)&ist_stacks[2][IST_STACK_SIZE],
		(uint64_t)&ist_stacks[3][IST_STACK_SIZE],
	},
	.iomap_base = sizeof(struct tss64),	/* no I/O bitmap */
};

extern const uint64_t x86_isr_table[256];

static void set_gate(unsigned int vec, uint64_t addr)
{
	idt[vec].offset_lo = addr & 0xffff;
	idt[vec].selector = GDT_KCODE;
	idt[vec].ist = 0;
	idt[vec].type_attr = 0x8e;	/* present, DPL 0, interrupt gate */
	idt[vec].offset_mid = (addr >> 16) & 0xffff;
	idt[vec].offset_hi = addr >> 32;
	idt[vec].reserved = 0;
}

void x86_traps_init(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;
	struct desc_ptr ip;
	unsigned int i;

	/* 16-byte system descriptor: available 64-bit TSS (type 9). */
	x86_gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
		 (((base >> 24) & 0xff) << 56);
	x86_gdt[4] = base >> 32;

	for (i = 0; i < 256; i++)
		set_gate(i, x86_isr_table[i]);
	idt[X86_TRAP_DF].ist = IST_DF;
	idt[X86_TRAP_NMI].ist = IST_NMI;
	idt[X86_TRAP_MC].ist = IST_MC;
	idt[X86_TRAP_PF].ist = IST_PF;

	ip.limit = sizeof(idt) - 1;
	ip.base = (uint64_t)idt;

	/* entry32.S loaded the GDT and the code and stack segments. */
	__asm__ __volatile__("ltr %w0\n\t"
			     "lidt %1"
			     : : "r"(GDT_TSS), "m"(ip) : "memory");
}

/* Bounds of the trap stacks, so a backtrace does not walk off them. */
int x86_on_ist_stack(unsigned long sp)
{
	return sp >= (unsigned long)ist_stacks &&
	       sp < (unsigned long)ist_stacks + sizeof(ist_stacks);
}
