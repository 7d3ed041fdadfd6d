/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's <sys/stat.h>, plus what it declares only for some targets
 * although the glue implements it (lib/newlib/file.c, lib/ukvfs).
 */
#ifndef __UK_NEWLIB_SYS_STAT_H__
#define __UK_NEWLIB_SYS_STAT_H__

#include_next <sys/stat.h>

#ifdef __cplusplus
extern "C" {
#endif

int lstat(const char *__restrict path, struct stat *__restrict st);

/* futimens/utimensat's special tv_nsec values (Linux's numbers); newlib
 * defines them for Cygwin only. */
#ifndef UTIME_NOW
#define UTIME_NOW	((1L << 30) - 1L)
#define UTIME_OMIT	((1L << 30) - 2L)
#endif

#ifdef __cplusplus
}
#endif

#endif /* __UK_NEWLIB_SYS_STAT_H__ */
