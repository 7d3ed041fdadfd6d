/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI: configuration space through ports 0xcf8/0xcfc (bus 0 on pc and
 * q35, bridges followed), BARs as the firmware assigned them,
 * capabilities, and MSI-X.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/io.h>
#include <uk/plat/irq.h>
#include <uk/plat/memory.h>
#include <uk/kvm/pci.h>
#include <uk/kvm/setup.h>

#define CONFIG_ADDRESS	0xcf8
#define CONFIG_DATA	0xcfc
#define PCI_COMMAND	0x04
#define PCI_CMD_MEM	0x0002
#define PCI_CMD_MASTER	0x0004
#define PCI_CMD_INTX_OFF 0x0400
#define PCI_STATUS_CAPS	0x0010
#define MAX_BUSES	32

static void select_reg(const struct pci_dev *d, uint8_t off)
{
	outl(CONFIG_ADDRESS, 0x80000000U | ((uint32_t)d->bus << 16) |
			     ((uint32_t)d->slot << 11) |
			     ((uint32_t)d->func << 8) | (off & 0xfc));
}

uint32_t pci_read32(const struct pci_dev *d, uint8_t off)
{
	select_reg(d, off);
	return inl(CONFIG_DATA);
}

uint16_t pci_read16(const struct pci_dev *d, uint8_t off)
{
	select_reg(d, off);
	return inw(CONFIG_DATA + (off & 2));
}

uint8_t pci_read8(const struct pci_dev *d, uint8_t off)
{
	select_reg(d, off);
	return inb(CONFIG_DATA + (off & 3));
}

void pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v)
{
	select_reg(d, off);
	outl(CONFIG_DATA, v);
}

void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v)
{
	select_reg(d, off);
	outw(CONFIG_DATA + (off & 2), v);
}

uint64_t pci_bar_addr(const struct pci_dev *d, unsigned int n)
{
	uint32_t lo, hi = 0;

	if (n > 5)
		return 0;
	lo = pci_read32(d, 0x10 + 4 * n);
	if (lo & 1)
		return 0;			/* I/O space */
	if (((lo >> 1) & 3) == 2 && n < 5)	/* 64-bit */
		hi = pci_read32(d, 0x10 + 4 * (n + 1));
	return ((uint64_t)hi << 32) | (lo & ~0xfU);
}

uint8_t pci_find_cap(const struct pci_dev *d, uint8_t id, uint8_t from)
{
	uint8_t off;
	int guard = 48;		/* a looping list must not hang us */

	if (!(pci_read16(d, 0x06) & PCI_STATUS_CAPS))
		return 0;
	off = from ? pci_read8(d, from + 1) : pci_read8(d, 0x34);
	while (off >= 0x40 && guard--) {
		off &= 0xfc;
		if (pci_read8(d, off) == id)
			return off;
		off = pci_read8(d, off + 1);
	}
	return 0;
}

int pci_msix_setup(const struct pci_dev *d, unsigned int n,
		   int (*handler)(void *), void **args)
{
	uint8_t cap = pci_find_cap(d, PCI_CAP_MSIX, 0);
	uint16_t ctrl;
	uint32_t table;
	uint64_t bar;
	volatile uint8_t *t;
	unsigned int i, size;

	if (!cap)
		return -ENOTSUP;
	ctrl = pci_read16(d, cap + 2);
	size = (ctrl & 0x7ff) + 1;
	if (n > size)
		return -ENOSPC;
	table = pci_read32(d, cap + 4);
	bar = pci_bar_addr(d, table & 7);
	if (!bar)
		return -ENODEV;
	t = uk_plat_mmio_map(bar + (table & ~7U), size * 16);
	if (!t)
		return -ENOMEM;

	/* Mask the whole function while the table is filled in. */
	pci_write16(d, cap + 2, ctrl | 0x8000 | 0x4000);
	for (i = 0; i < n; i++) {
		uint64_t addr;
		uint32_t data;
		int irq = uk_plat_irq_alloc_msi(&addr, &data);

		if (irq < 0)
			return irq;
		if (uk_plat_irq_register(irq, 0, handler, args[i]) < 0)
			return -EIO;
		mmio_write32(t + 16 * i + 0, (uint32_t)addr);
		mmio_write32(t + 16 * i + 4, (uint32_t)(addr >> 32));
		mmio_write32(t + 16 * i + 8, data);
		mmio_write32(t + 16 * i + 12, 0);	/* unmasked */
	}
	pci_write16(d, cap + 2, (ctrl | 0x8000) & ~0x4000);
	/* No legacy INTx from now on; memory decoding and DMA on. */
	pci_write16(d, PCI_COMMAND, pci_read16(d, PCI_COMMAND) |
		    PCI_CMD_MEM | PCI_CMD_MASTER | PCI_CMD_INTX_OFF);
	return 0;
}

static void scan_bus(uint8_t bus, void (*fn)(const struct pci_dev *d),
		     int *buses_left)
{
	struct pci_dev d = { .bus = bus };

	if ((*buses_left)-- <= 0)
		return;
	for (d.slot = 0; d.slot < 32; d.slot++) {
		unsigned int nfunc = 1;

		for (d.func = 0; d.func < nfunc; d.func++) {
			uint32_t id = pci_read32(&d, 0x00);
			uint8_t htype;

			if ((id & 0xffff) == 0xffff)
				continue;
			htype = pci_read8(&d, 0x0e);
			if (d.func == 0 && (htype & 0x80))
				nfunc = 8;
			d.vendor = id & 0xffff;
			d.device = id >> 16;
			d.class = pci_read8(&d, 0x0b);
			d.subclass = pci_read8(&d, 0x0a);
			d.subsys_id = pci_read16(&d, 0x2e);
			if ((htype & 0x7f) == 1) {	/* PCI-to-PCI bridge */
				uint8_t sec = pci_read8(&d, 0x19);

				if (sec > bus)
					scan_bus(sec, fn, buses_left);
				continue;
			}
			fn(&d);
		}
	}
}

void pci_enumerate(void (*fn)(const struct pci_dev *d))
{
	int left = MAX_BUSES;

	if (!kvm_pci_present())
		return;
	scan_bus(0, fn, &left);
}

/* A host bridge answers at 00:00.0 on pc and q35; microvm has none. */
int kvm_pci_present(void)
{
	struct pci_dev d = { 0 };

	return (pci_read32(&d, 0x00) & 0xffff) != 0xffff;
}
