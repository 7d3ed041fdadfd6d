/* SPDX-License-Identifier: BSD-3-Clause */
/* The boot sequence: from the platform's hand-over to main() and back. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/cmdline.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/plat/bootinfo.h>
#include <uk/plat/memory.h>
#include <uk/plat/terminate.h>
#include <uk/plat/time.h>
#include <uk/arch/cpu.h>
#if CONFIG_LIBUKALLOC
#include <uk/alloc.h>
#endif
#if CONFIG_LIBUKSCHED
#include <uk/sched.h>
#endif

#ifndef UK_APPNAME
#define UK_APPNAME "app"
#endif

#define MAXARGS CONFIG_LIBUKBOOT_MAXARGS

extern int main(int argc, char *argv[]);
extern void exit(int status) __uk_noreturn;
typedef void (*uk_ctor_t)(void);
extern const uk_ctor_t __init_array_start[], __init_array_end[];

static char *words[MAXARGS + 1];
static char *argv[MAXARGS + 2];
static int argc;
static int report_boottime;
UK_LIBPARAM_BOOL("ukboot.boottime", report_boottime);

/*
 * ukboot.boottime=1 also times each init function, in TSC ticks: the
 * clock's calibration must not run before main is timed, so the figures
 * are printed after.  (The common case keeps the plain loop.)
 */
#define TRACE_MAX 64
static struct {
	const char *name;
	uint64_t ticks;
} trace[TRACE_MAX];
static int ntrace;

static int trace_init(const struct uk_init_entry **failed)
{
	const struct uk_init_entry *e;
	int rc;

	for (e = __uk_inittab_start; e < __uk_inittab_end; e++) {
		uint64_t t0 = x86_rdtsc();

		rc = e->fn();
		if (ntrace < TRACE_MAX) {
			trace[ntrace].name = e->name;
			trace[ntrace++].ticks = x86_rdtsc() - t0;
		}
		if (rc < 0) {
			*failed = e;
			return rc;
		}
	}
	return 0;
}

static void set_option(char *opt)
{
	const struct uk_libparam *p;
	int rc;

	p = uk_libparam_find(__uk_libparam_start, __uk_libparam_end, opt);
	if (!p) {
		uk_pr_warn("unknown option '%s' ignored\n", opt);
		return;
	}
	if (!strchr(opt, '=')) {
		uk_pr_warn("option '%s' needs a value (%s=...)\n", opt, opt);
		return;
	}
	rc = uk_libparam_set(p, strchr(opt, '=') + 1);
	if (rc < 0)
		uk_pr_warn("bad value in '%s' (error %d), ignored\n", opt, -rc);
}

/*
 * Library options come before "--", the application's arguments after.
 * Without "--", words naming a registered option are options and the
 * rest are arguments.
 */
static void parse_cmdline(void)
{
	int n, dd, i;

	argv[0] = UK_APPNAME;
	argc = 1;
	n = uk_cmdline_split(uk_plat_cmdline(), words, MAXARGS, &dd);
	if (n < 0) {
		uk_pr_err("command line: unbalanced quote or more than %d words;"
			  " ignored\n", MAXARGS);
		return;
	}
	for (i = 0; i < n; i++) {
		if (dd >= 0 ? i < dd :
		    uk_libparam_find(__uk_libparam_start, __uk_libparam_end,
				     words[i]) != NULL)
			set_option(words[i]);
		else
			argv[argc++] = words[i];
	}
	argv[argc] = NULL;
}

#if CONFIG_LIBUKALLOC
static void *alloc_pt_page(void)
{
	return uk_palloc(1);
}

/*
 * Called by ukalloc on the first allocation (see uk/alloc.h).  Page
 * tables may take pages from it from then on (before, paging.c has a
 * pool of its own).
 */
static int give_memory(void)
{
	int i, n = uk_plat_memregion_count(), added = 0;

	uk_plat_set_page_allocator(alloc_pt_page);

	for (i = 0; i < n; i++) {
		const struct uk_memregion *r = uk_plat_memregion_get(i);

		if (r->flags & UK_MEMREGION_FREE)
			added += uk_alloc_add_memory((void *)r->base, r->len) == 0;
	}
	if (!added)
		uk_panic("no free memory for the allocator");
	return 0;
}

static void setup_allocator(void)
{
	uk_alloc_set_memory_source(give_memory);
}
#endif

void uk_boot_shutdown(int status)
{
	uk_plat_terminate(status);
}

static void run_main(void)
{
	const uk_ctor_t *c;

	for (c = __init_array_start; c < __init_array_end; c++)
		(*c)();

#if CONFIG_LIBUKBOOT_REPORT_BOOTTIME
	report_boottime = 1;	/* asked for in Kconfig, not on the line */
#endif
	if (report_boottime) {
		uint64_t now = x86_rdtsc(), hz = uk_plat_tsc_hz();
		uint64_t start = uk_plat_boot_tsc();
		int i;

		for (i = 0; hz && i < ntrace; i++)
			uk_pr_info("init %s: %lu us\n", trace[i].name,
				   (unsigned long)(trace[i].ticks * 1000000 / hz));
		if (hz && start)
			uk_pr_info("first instruction to main: %lu us\n",
				   (unsigned long)((now - start) * 1000000 / hz));
	}
	exit(main(argc, argv));
}

void uk_boot_entry(void)
{
	const struct uk_init_entry *failed = NULL;
	int rc;

#if CONFIG_LIBUKALLOC
	setup_allocator();
#endif
	parse_cmdline();
#if CONFIG_LIBUKBOOT_BANNER
	uk_pr_info("Unikit booting %s\n", UK_APPNAME);
#endif
	if (report_boottime)
		rc = trace_init(&failed);
	else
		rc = uk_init_run(__uk_inittab_start, __uk_inittab_end, &failed);
	if (rc < 0) {
		uk_pr_crit("boot failed: %s returned error %d\n", failed->name,
			   -rc);
		uk_plat_terminate(UK_BOOT_FAIL_CODE);
	}
#if CONFIG_LIBUKSCHED
	uk_sched_start(run_main);
#else
	run_main();
#endif
	UK_BUILD_BUG_ON(MAXARGS < 1);
	for (;;)
		;
}
