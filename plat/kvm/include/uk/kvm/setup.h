/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal interfaces between the files of plat/kvm. */
#ifndef __UK_KVM_SETUP_H__
#define __UK_KVM_SETUP_H__

#include <stddef.h>
#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002
#define PVH_START_MAGIC			0x336ec578

void kvm_serial_init(void);
void kvm_serial_flush(void);

/* Reads the loader's structures: memory map, command line, initrd. */
void kvm_bootinfo_parse(uint32_t magic, uint32_t info);

/* RSDP address given by the loader (PVH), or 0. */
extern uintptr_t kvm_rsdp_hint;

/* Memory regions (memregion.c). */
void kvm_memregion_add_ram(uint64_t base, uint64_t len);
void kvm_memregion_reserve(uint64_t base, uint64_t len, unsigned int flags);
/* Computes the final list; returns the top of RAM. */
uintptr_t kvm_memregion_finish(void);

/* ACPI (acpi.c): powers off through the FADT's sleep registers. */
void kvm_acpi_poweroff(void);

#endif
