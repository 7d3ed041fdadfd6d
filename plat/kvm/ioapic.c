/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * I/O APICs, from the ACPI MADT (microvm has two: the second one carries
 * the virtio-mmio interrupts), with the MADT's ISA interrupt overrides.
 * Without ACPI we assume the standard single I/O APIC.
 */
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/io.h>
#include <uk/arch/paging.h>
#include <uk/plat/irq.h>
#include <uk/kvm/setup.h>

#define MAX_IOAPICS	4
#define IOREGSEL	0x00
#define IOWIN		0x10
#define IOAPIC_VER	0x01
#define IOAPIC_REDTBL	0x10
#define RTE_MASKED	(1U << 16)
#define RTE_LEVEL	(1U << 15)
#define RTE_ACTIVE_LOW	(1U << 13)

struct ioapic {
	volatile uint8_t *base;
	unsigned int gsi_base, npins;
};

struct iso {		/* ISA interrupt source override */
	uint8_t source;
	uint32_t gsi;
	uint16_t flags;
};

static struct ioapic ioapics[MAX_IOAPICS];
static int nioapics;
static struct iso isos[16];
static int nisos;

static uint32_t ioapic_read(struct ioapic *io, uint32_t reg)
{
	mmio_write32(io->base + IOREGSEL, reg);
	return mmio_read32(io->base + IOWIN);
}

static void ioapic_write(struct ioapic *io, uint32_t reg, uint32_t v)
{
	mmio_write32(io->base + IOREGSEL, reg);
	mmio_write32(io->base + IOWIN, v);
}

static void add_ioapic(uintptr_t addr, unsigned int gsi_base)
{
	struct ioapic *io;
	unsigned int i;

	if (nioapics == MAX_IOAPICS)
		return;
	if (x86_paging_map_mmio(addr, 4096))
		return;
	io = &ioapics[nioapics++];
	io->base = (volatile uint8_t *)addr;
	io->gsi_base = gsi_base;
	io->npins = ((ioapic_read(io, IOAPIC_VER) >> 16) & 0xff) + 1;
	for (i = 0; i < io->npins; i++)
		ioapic_write(io, IOAPIC_REDTBL + 2 * i, RTE_MASKED);
}

void kvm_ioapic_init(void)
{
	uint32_t len = 0;
	const uint8_t *madt = kvm_acpi_table("APIC", &len);
	const uint8_t *p, *end;

	if (!madt) {
		add_ioapic(0xfec00000, 0);
		return;
	}
	end = madt + len;
	for (p = madt + 44; p + 2 <= end && p[1] >= 2 && p + p[1] <= end;
	     p += p[1]) {
		if (p[0] == 1 && p[1] >= 12) {		/* I/O APIC */
			uint32_t addr, gsi;

			memcpy(&addr, p + 4, 4);
			memcpy(&gsi, p + 8, 4);
			add_ioapic(addr, gsi);
		} else if (p[0] == 2 && p[1] >= 10 &&	/* override */
			   nisos < (int)UK_ARRAY_SIZE(isos)) {
			isos[nisos].source = p[3];
			memcpy(&isos[nisos].gsi, p + 4, 4);
			memcpy(&isos[nisos].flags, p + 8, 2);
			nisos++;
		}
	}
	if (!nioapics)
		add_ioapic(0xfec00000, 0);
}

unsigned int kvm_ioapic_isa_flags(unsigned int *irq)
{
	unsigned int flags = UK_IRQ_EDGE | UK_IRQ_ACTIVE_HIGH;
	int i;

	for (i = 0; i < nisos; i++) {
		if (isos[i].source != *irq)
			continue;
		*irq = isos[i].gsi;
		if ((isos[i].flags & 3) == 3)
			flags |= UK_IRQ_ACTIVE_LOW;
		if (((isos[i].flags >> 2) & 3) == 3)
			flags |= UK_IRQ_LEVEL;
	}
	return flags;
}

int kvm_ioapic_route(unsigned int gsi, uint8_t vector, unsigned int flags)
{
	int i;

	for (i = 0; i < nioapics; i++) {
		struct ioapic *io = &ioapics[i];
		uint32_t lo = vector;

		if (gsi < io->gsi_base || gsi >= io->gsi_base + io->npins)
			continue;
		if (flags & UK_IRQ_LEVEL)
			lo |= RTE_LEVEL;
		if (flags & UK_IRQ_ACTIVE_LOW)
			lo |= RTE_ACTIVE_LOW;
		/* Fixed delivery, physical destination: this CPU. */
		ioapic_write(io, IOAPIC_REDTBL + 2 * (gsi - io->gsi_base) + 1,
			     kvm_apic_id() << 24);
		ioapic_write(io, IOAPIC_REDTBL + 2 * (gsi - io->gsi_base), lo);
		return 0;
	}
	uk_pr_err("no I/O APIC input for GSI %u\n", gsi);
	return -ENODEV;
}
