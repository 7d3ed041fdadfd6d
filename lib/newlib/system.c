/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The system as a program asks about it: its name (uname, gethostname),
 * its resource limits and its resource usage.  One program owns the VM:
 * its limits are the VM's (the descriptor table, the memory), and its
 * processor time is the time since boot, as clock() and times() say.
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <uk/file.h>
#include <uk/plat/time.h>
#if CONFIG_LIBUKALLOC
#include <uk/alloc.h>
#endif
#include "glue.h"

#ifndef UK_APPNAME
#define UK_APPNAME "unikit"
#endif

/* The host name is the application's name. */
int gethostname(char *name, size_t len)
{
	size_t n = strlen(UK_APPNAME);

	if (!name)
		return glue_err(EFAULT);
	if (n >= len)
		return glue_err(ENAMETOOLONG);
	memcpy(name, UK_APPNAME, n + 1);
	return 0;
}

int uname(struct utsname *u)
{
	if (!u)
		return glue_err(EFAULT);
	memset(u, 0, sizeof(*u));
	strcpy(u->sysname, "Unikit");
	strncpy(u->nodename, UK_APPNAME, sizeof(u->nodename) - 1);
	strcpy(u->release, "0.1");
	strcpy(u->version, "unikernel");
	strcpy(u->machine, "x86_64");
	return 0;
}

/* --- resource limits ----------------------------------------------------- */

/*
 * The hard limits are what the VM has.  A program may lower a soft or
 * hard limit; the new value is reported back by getrlimit() but, as no
 * library checks it yet, not enforced.
 */
static struct rlimit lowered[RLIMIT_NLIMITS];
static unsigned int lowered_set;	/* bit per resource */

static rlim_t memory_bytes(void)
{
#if CONFIG_LIBUKALLOC
	struct uk_alloc_stats st;

	uk_alloc_stats_get(&st);
	return st.total ? (rlim_t)st.total : RLIM_INFINITY;
#else
	return RLIM_INFINITY;
#endif
}

static int vm_limit(int res, struct rlimit *rl)
{
	rlim_t v;

	switch (res) {
	case RLIMIT_NOFILE:
		v = (rlim_t)uk_fd_max();
		break;
	case RLIMIT_STACK:
#ifdef CONFIG_LIBUKSCHED_STACK_SIZE_KB
		v = (rlim_t)CONFIG_LIBUKSCHED_STACK_SIZE_KB << 10;
#else
		v = RLIM_INFINITY;
#endif
		break;
	case RLIMIT_DATA:
	case RLIMIT_AS:
	case RLIMIT_RSS:
	case RLIMIT_MEMLOCK:
		v = memory_bytes();
		break;
	case RLIMIT_NPROC:
		v = 1;
		break;
	case RLIMIT_CORE:
		v = 0;		/* a crash prints a dump, writes no core file */
		break;
	case RLIMIT_CPU:
	case RLIMIT_FSIZE:
		v = RLIM_INFINITY;
		break;
	default:
		return -EINVAL;
	}
	rl->rlim_cur = rl->rlim_max = v;
	return 0;
}

int getrlimit(int res, struct rlimit *rl)
{
	int rc;

	if (!rl)
		return glue_err(EFAULT);
	rc = vm_limit(res, rl);
	if (rc < 0)
		return glue_ret(rc);
	if (lowered_set & (1U << res))
		*rl = lowered[res];
	return 0;
}

int setrlimit(int res, const struct rlimit *rl)
{
	struct rlimit now;
	int rc;

	if (!rl)
		return glue_err(EFAULT);
	rc = getrlimit(res, &now);
	if (rc < 0)
		return rc;
	if (rl->rlim_cur > rl->rlim_max)
		return glue_err(EINVAL);
	if (rl->rlim_max > now.rlim_max)
		return glue_err(EPERM);		/* above what the VM has */
	lowered[res] = *rl;
	lowered_set |= 1U << res;
	return 0;
}

/* --- resource usage ------------------------------------------------------ */

int getrusage(int who, struct rusage *ru)
{
	uint64_t ns = uk_plat_monotonic_ns();

	if (!ru)
		return glue_err(EFAULT);
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN)
		return glue_err(EINVAL);
	memset(ru, 0, sizeof(*ru));
	if (who == RUSAGE_SELF) {
		ru->ru_utime.tv_sec = (time_t)(ns / 1000000000ULL);
		ru->ru_utime.tv_usec = (suseconds_t)(ns % 1000000000ULL / 1000);
	}
	return 0;
}
