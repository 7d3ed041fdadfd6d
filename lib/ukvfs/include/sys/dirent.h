/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Directory entries, for newlib's <dirent.h> (which includes this file;
 * newlib's own for our target is an #error).  opendir, readdir and
 * friends are lib/ukvfs/dirent.c.  Host unit tests get the host's.
 */
#if defined(UK_HOST_TEST)
#include_next <sys/dirent.h>
#else
#ifndef __UK_SYS_DIRENT_H__
#define __UK_SYS_DIRENT_H__

#include <sys/types.h>

/* d_type values: Linux's */
#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#define _DIRENT_HAVE_D_TYPE	1
#define _DIRENT_HAVE_D_OFF	1
#define _DIRENT_HAVE_D_RECLEN	1

#define MAXNAMLEN	255

struct dirent {
	ino_t d_ino;
	off_t d_off;		/* telldir() value after this entry */
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[MAXNAMLEN + 1];
};

typedef struct __uk_dirstream DIR;

#endif /* __UK_SYS_DIRENT_H__ */
#endif
