/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ending the domain.  Xen only knows reasons, not exit codes: status 0 is
 * a poweroff; any other status is printed and the domain ends as crashed,
 * like a real crash, so that xl (on_crash, "xl list") and tests can tell
 * a failure from a success.  The console is drained first, so the last
 * lines reach xenconsoled.
 *
 * The toolstack asks for a shutdown ("xl shutdown", "xl reboot") by
 * writing the reason into our control/shutdown key.  A watch notes the
 * change; xenstore cannot be read from the watch's interrupt context, so
 * the key is read, acknowledged (emptied) and obeyed when the CPU next
 * goes idle (xen_shutdown_check, from uk_plat_halt).
 */
#include <errno.h>
#include <string.h>
#include <uk/arch/cpu.h>
#include <uk/arch/irq.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/terminate.h>
#include <uk/xen/xenstore.h>
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

#if CONFIG_PLAT_XEN_SHUTDOWN_WATCH
static volatile int requested;
static struct uk_xs_watch watch;

/* Interrupt context: only note it. */
static void changed(struct uk_xs_watch *w, const char *path)
{
	requested = 1;
}

void xen_shutdown_check(void)
{
	char what[16];
	unsigned int reason;
	int n;

	if (!requested)
		return;
	requested = 0;
	n = uk_xs_read(UK_XS_NO_TX, "control/shutdown", what, sizeof(what));
	if (n == 0 || n == -ENOENT)
		return;		/* our own acknowledgement, or nothing */
	if (n < 0) {
		uk_pr_warn("cannot read the shutdown request (%d)\n", n);
		return;
	}
	/* Emptied to say we took it, as every Xen guest does. */
	uk_xs_write(UK_XS_NO_TX, "control/shutdown", "");
	if (!strcmp(what, "poweroff") || !strcmp(what, "halt")) {
		reason = SHUTDOWN_poweroff;
	} else if (!strcmp(what, "reboot")) {
		reason = SHUTDOWN_reboot;
	} else {
		uk_pr_warn("shutdown request \"%s\" not supported;"
			   " ignored\n", what);
		return;
	}
	uk_pr_info("%s requested by the toolstack\n", what);
	shutdown(reason);
}

static int shutdown_watch_init(void)
{
	int rc;

	watch.fn = changed;
	rc = uk_xs_watch_add(&watch, "control/shutdown");
	if (rc)
		uk_pr_warn("cannot watch control/shutdown (%d): xl shutdown"
			   " will not reach this domain\n", rc);
	return 0;
}
UK_INIT_PLAT(shutdown_watch_init);
#endif
