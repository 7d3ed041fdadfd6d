/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The process: there is one, the program, with process ID 1 and no
 * children (its user: users.c).  sysconf() describes the VM.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uk/essentials.h>
#include <uk/file.h>
#if CONFIG_LIBUKALLOC
#include <uk/alloc.h>
#endif
#include "glue.h"

pid_t getpid(void)
{
	return 1;
}

pid_t getppid(void)
{
	return 0;
}

/* One address space: no other process can be made. */
pid_t fork(void)
{
	return glue_err(ENOSYS);
}

pid_t vfork(void)
{
	return glue_err(ENOSYS);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return glue_err(ENOSYS);
}

/* popen() starts a shell: like fork(), it cannot. */
FILE *popen(const char *command, const char *mode)
{
	errno = ENOSYS;
	return NULL;
}

/*
 * No command processor: system(NULL) says so (0).  newlib's own, built
 * as for Unix, would answer 1 and then fail to fork.
 */
int system(const char *command)
{
	if (!command)
		return 0;
	return glue_err(ENOSYS);
}

/* No stream came from popen(), so none has a child to wait for. */
int pclose(FILE *stream)
{
	return glue_err(ECHILD);
}

pid_t wait(int *status)
{
	return glue_err(ECHILD);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return glue_err(ECHILD);
}

int getpagesize(void)
{
	return __UK_PAGE_SIZE;
}

#if CONFIG_LIBUKALLOC
static long mem_pages(int avail)
{
	struct uk_alloc_stats st;

	uk_alloc_stats_get(&st);
	return (long)((avail ? st.free : st.total) / __UK_PAGE_SIZE);
}
#endif

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return __UK_PAGE_SIZE;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return 1;
	case _SC_CLK_TCK:
		return NEWLIB_CLK_TCK;
	case _SC_OPEN_MAX:
		return uk_fd_max();
	case _SC_CHILD_MAX:
		return 1;
	case _SC_ARG_MAX:
		return ARG_MAX;
	case _SC_IOV_MAX:
		return 1024;
	case _SC_LINE_MAX:
		return 2048;
	case _SC_HOST_NAME_MAX:
		return 64;
	case _SC_GETPW_R_SIZE_MAX:
	case _SC_GETGR_R_SIZE_MAX:
		return -1;	/* no fixed limit (POSIX: errno unchanged) */
#if CONFIG_LIBUKALLOC
	case _SC_PHYS_PAGES:
		return mem_pages(0);
	case _SC_AVPHYS_PAGES:
		return mem_pages(1);
#endif
	default:
		return glue_err(EINVAL);
	}
}
