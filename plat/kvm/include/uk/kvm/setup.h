/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal interfaces between the files of plat/kvm. */
#ifndef __UK_KVM_SETUP_H__
#define __UK_KVM_SETUP_H__

#include <stddef.h>
#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002

void kvm_serial_init(void);
void kvm_serial_flush(void);

/* Reads the loader's structures: memory map, command line, initrd. */
void kvm_bootinfo_parse(uint32_t magic, uint32_t info);

/* RSDP address given by the loader (PVH), or 0. */
extern uintptr_t kvm_rsdp_hint;

/* ACPI (acpi.c): powers off through the FADT's sleep registers. */
void kvm_acpi_poweroff(void);
/* Returns the checked ACPI table with signature sig (and its length). */
const void *kvm_acpi_table(const char *sig, uint32_t *len);

/* Interrupts (irq.c, apic.c, ioapic.c). */
void kvm_irq_init(void);
void kvm_pic_mask(void);
void kvm_apic_init(void);
void kvm_apic_eoi(void);
uint32_t kvm_apic_id(void);
void kvm_apic_timer_oneshot(uint8_t vector, uint64_t deadline_tsc,
			    uint64_t delta_ns);
void kvm_apic_timer_stop(void);
void kvm_ioapic_init(void);
/* Routes gsi to vector with UK_IRQ_* trigger/polarity flags. */
int kvm_ioapic_route(unsigned int gsi, uint8_t vector, unsigned int flags);
/* Trigger/polarity of an ISA IRQ after the MADT's overrides. */
unsigned int kvm_ioapic_isa_flags(unsigned int *irq);

/* PCI (pci.c): 1 if there is a PCI host bridge (pc, q35; not microvm). */
int kvm_pci_present(void);

/*
 * QEMU's TCG (tcg.c): the loader's map says RAM [ram_start, ram_end) is
 * followed by memory the BIOS keeps; the BIOS ran code just below it.
 * kvm_tcg_avoid_fw_code(), once RAM is mapped and before the allocator
 * takes it, keeps the allocator off the pages that code sits in (see
 * tcg.c).
 */
void kvm_tcg_note_fw_high(uint64_t ram_start, uint64_t ram_end);
void kvm_tcg_avoid_fw_code(void);

/* Clock (clock.c): the TSC value at monotonic time ns. */
uint64_t kvm_ns_to_tsc(uint64_t ns);
/* Starts measuring the TSC rate against the APIC timer (see clock.c). */
void kvm_clock_calibration_start(void);

#endif
