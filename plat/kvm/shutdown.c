/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ending the VM.  QEMU's isa-debug-exit device turns a port write into the
 * QEMU process's exit status, which is how tests and scripts learn main's
 * return value; without it we power off through ACPI.
 */
#include <uk/arch/io.h>
#include <uk/arch/cpu.h>
#include <uk/arch/irq.h>
#include <uk/print.h>
#include <uk/plat/terminate.h>
#include <uk/kvm/setup.h>

#define DEBUG_EXIT_PORT	CONFIG_PLAT_KVM_DEBUG_EXIT_PORT
#define PVPANIC_PORT	0x505

void uk_plat_terminate(int code)
{
	uk_irq_disable();
	kvm_serial_flush();
	outl(DEBUG_EXIT_PORT, code);	/* QEMU exits here if it can */
	kvm_acpi_poweroff();
	uk_pr_crit("the VM could not power off; halting\n");
	x86_halt_forever();
}

void uk_plat_crash(void)
{
	static int attempts;

	uk_irq_disable();
	kvm_serial_flush();
	outl(DEBUG_EXIT_PORT, UK_PLAT_CRASH_CODE);
	/*
	 * No isa-debug-exit: tell a pvpanic device, if any (QEMU can then
	 * exit with a failure: -action panic=exit-failure), and power off.
	 * Only once: if powering off faults, we come back here and stop.
	 */
	outb(PVPANIC_PORT, 1);
	if (attempts++ == 0)
		kvm_acpi_poweroff();
	x86_halt_forever();
}
