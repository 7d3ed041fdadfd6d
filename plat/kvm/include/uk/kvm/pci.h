/* SPDX-License-Identifier: BSD-3-Clause */
/* PCI configuration space, BARs, capabilities and MSI-X. */
#ifndef __UK_KVM_PCI_H__
#define __UK_KVM_PCI_H__

#include <stdint.h>

struct pci_dev {
	uint8_t bus, slot, func;
	uint16_t vendor, device;
	uint8_t class, subclass;
	uint16_t subsys_id;
};

uint32_t pci_read32(const struct pci_dev *d, uint8_t off);
uint16_t pci_read16(const struct pci_dev *d, uint8_t off);
uint8_t pci_read8(const struct pci_dev *d, uint8_t off);
void pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v);
void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v);

/* Physical address of BAR n (memory BARs only; 0 if unset or I/O). */
uint64_t pci_bar_addr(const struct pci_dev *d, unsigned int n);

/* Offset of the first capability with id after "from" (0: first); 0 if none. */
uint8_t pci_find_cap(const struct pci_dev *d, uint8_t id, uint8_t from);

#define PCI_CAP_MSIX	0x11
#define PCI_CAP_VENDOR	0x09

/*
 * Enables MSI-X with n vectors; entry i gets a fresh interrupt routed to
 * handler(arg[i]).  Returns 0 or a negative errno.
 */
int pci_msix_setup(const struct pci_dev *d, unsigned int n,
		   int (*handler)(void *), void **args);

/* Calls fn for every function on every bus (bridges followed). */
void pci_enumerate(void (*fn)(const struct pci_dev *d));

#endif
