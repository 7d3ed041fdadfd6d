/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * First C code of a KVM/QEMU guest, called by arch/x86_64/entry32.S in
 * long mode on the boot stack.  Order matters: CPU and traps first (so
 * every later fault is reported), the console next (so it can be), then
 * the protocol and command line the loader handed over (its memory map
 * is read at the first allocation: plat_memory_load), the boot thread's
 * TLS, and the generic boot sequence.
 */
#include <stdint.h>
#include <uk/arch/cpu.h>
#include <uk/arch/traps.h>
#include <uk/arch/paging.h>
#include <uk/arch/tls.h>
#include <uk/boot.h>
#include <uk/plat_common.h>
#include <uk/kvm/setup.h>

void x86_plat_start(uint32_t magic, uint32_t info)
{
	x86_traps_init();
	kvm_pic_mask();
	kvm_serial_init();
	kvm_bootinfo_parse(magic, info);
	x86_tls_boot_init();
	uk_boot_entry();
}
