/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ending the domain.  Xen only knows reasons, not exit codes: status 0 is
 * a poweroff; any other status is printed and the domain ends as crashed,
 * like a real crash, so that xl (on_crash, "xl list") and tests can tell
 * a failure from a success.  The console is drained first, so the last
 * lines reach xenconsoled.
 */
#include <uk/arch/cpu.h>
#include <uk/arch/irq.h>
#include <uk/print.h>
#include <uk/plat/terminate.h>
#include "xen.h"

static void __uk_noreturn shutdown(unsigned int reason)
{
	struct sched_shutdown s = { .reason = reason };

	uk_irq_disable();
	if (!xen_hypercalls_ready)	/* not on Xen, or too early to ask */
		x86_halt_forever();
	xen_console_flush();
	for (;;) {
		xen_hc_sched_op(SCHEDOP_shutdown, &s);
		/* Only returns if Xen refused: do not run on. */
		x86_halt_forever();
	}
}

void uk_plat_terminate(int code)
{
	if (code) {
		uk_pr_err("exit status %d: the domain ends as crashed\n", code);
		shutdown(SHUTDOWN_crash);
	}
	shutdown(SHUTDOWN_poweroff);
}

void uk_plat_crash(void)
{
	shutdown(SHUTDOWN_crash);
}
