/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's <sys/stat.h>, plus what it declares only for some targets
 * although the glue implements it (lib/newlib/file.c).
 */
#ifndef __UK_NEWLIB_SYS_STAT_H__
#define __UK_NEWLIB_SYS_STAT_H__

#include_next <sys/stat.h>

#ifdef __cplusplus
extern "C" {
#endif

int lstat(const char *__restrict path, struct stat *__restrict st);

#ifdef __cplusplus
}
#endif

#endif /* __UK_NEWLIB_SYS_STAT_H__ */
