/* SPDX-License-Identifier: BSD-3-Clause */
/* <sys/statvfs.h> (POSIX), with Linux's fields: lib/ukvfs answers it.
 * fsblkcnt_t and fsfilcnt_t are newlib's (<sys/types.h>). */
#ifndef _UK_SYS_STATVFS_H
#define _UK_SYS_STATVFS_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ST_RDONLY	1
#define ST_NOSUID	2

struct statvfs {
	unsigned long f_bsize;		/* preferred I/O size */
	unsigned long f_frsize;		/* unit of f_blocks, f_bfree, f_bavail */
	fsblkcnt_t f_blocks, f_bfree, f_bavail;
	fsfilcnt_t f_files, f_ffree, f_favail;
	unsigned long f_fsid;
	unsigned long f_flag;		/* ST_RDONLY... */
	unsigned long f_namemax;
	int __f_spare[6];
};

int statvfs(const char *__restrict path, struct statvfs *__restrict buf);
int fstatvfs(int fd, struct statvfs *buf);

#ifdef __cplusplus
}
#endif

#endif
