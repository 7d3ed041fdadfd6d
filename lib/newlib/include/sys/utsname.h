/* SPDX-License-Identifier: BSD-3-Clause */
/* uname() (lib/newlib/system.c; newlib has no <sys/utsname.h>). */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

#ifdef __cplusplus
extern "C" {
#endif

#define _UTSNAME_LENGTH 65

struct utsname {
	char sysname[_UTSNAME_LENGTH];	/* "Unikit" */
	char nodename[_UTSNAME_LENGTH];	/* gethostname(): the application */
	char release[_UTSNAME_LENGTH];
	char version[_UTSNAME_LENGTH];
	char machine[_UTSNAME_LENGTH];	/* "x86_64" */
};

int uname(struct utsname *buf);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_UTSNAME_H */
