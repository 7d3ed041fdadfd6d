/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * First C code of a KVM/QEMU guest, called by arch/x86_64/entry32.S in
 * long mode on the boot stack.  Order matters: CPU and traps first (so
 * every later fault is reported), the console next (so it can be), then
 * what the loader handed over, the final page tables, the boot thread's
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
	uintptr_t ram_top;

	x86_cpu_init();
	x86_traps_init();
	kvm_pic_mask();
	kvm_serial_init();
	kvm_bootinfo_parse(magic, info);
	ram_top = plat_memregion_ram_top();
	x86_paging_init(ram_top, NULL);
	kvm_tcg_avoid_fw_code();
	x86_tls_boot_init();
	uk_boot_entry();
}
