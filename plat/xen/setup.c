/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * First C code of a Xen PVH guest, called by arch/x86_64/entry32.S in
 * long mode on the boot stack.  Order matters: CPU and traps first (so
 * every later fault is reported), then the hypercall page and the shared
 * info page (the console's waits need its event bits and clock), the
 * console ring (until then output goes to port 0xe9), the clock and the
 * event channel upcall, what the domain builder handed over, the final
 * page tables, the boot thread's TLS, and the generic boot sequence.
 * Grant tables and xenstore wait for their first use.
 */
#include <stdint.h>
#include <uk/arch/cpu.h>
#include <uk/arch/traps.h>
#include <uk/arch/paging.h>
#include <uk/arch/tls.h>
#include <uk/boot.h>
#include <uk/crash.h>
#include <uk/plat_common.h>
#include "xen.h"

void x86_plat_start(uint32_t magic, uint32_t info)
{
	x86_traps_init();
	if (xen_hypervisor_init())
		uk_panic("not running on Xen (no Xen CPUID leaves)");
	xen_shared_info_init();
	xen_console_init();
	xen_time_init();
	xen_evtchn_init();
	xen_bootinfo_parse(magic, info);
	plat_memregion_map_ram();
	x86_tls_boot_init();
	uk_boot_entry();
}
