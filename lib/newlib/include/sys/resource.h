/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's <sys/resource.h> (getrusage) plus the resource limits it lacks,
 * with Linux's numbers (lib/newlib/system.c).
 */
#ifndef __UK_NEWLIB_SYS_RESOURCE_H__
#define __UK_NEWLIB_SYS_RESOURCE_H__

#include_next <sys/resource.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RLIMIT_CPU	0
#define RLIMIT_FSIZE	1
#define RLIMIT_DATA	2
#define RLIMIT_STACK	3
#define RLIMIT_CORE	4
#define RLIMIT_RSS	5
#define RLIMIT_NPROC	6
#define RLIMIT_NOFILE	7
#define RLIMIT_MEMLOCK	8
#define RLIMIT_AS	9
#define RLIMIT_NLIMITS	10

typedef unsigned long rlim_t;
#define RLIM_INFINITY	(~0UL)
#define RLIM_SAVED_MAX	RLIM_INFINITY
#define RLIM_SAVED_CUR	RLIM_INFINITY

struct rlimit {
	rlim_t rlim_cur;	/* soft limit */
	rlim_t rlim_max;	/* hard limit */
};

int getrlimit(int resource, struct rlimit *rl);
int setrlimit(int resource, const struct rlimit *rl);

#ifdef __cplusplus
}
#endif

#endif /* __UK_NEWLIB_SYS_RESOURCE_H__ */
