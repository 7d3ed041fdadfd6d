/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ioctl() and the requests Unikit's files answer, with Linux's numbers
 * (newlib has no <sys/ioctl.h>; lib/newlib/file.c implements the call).
 *
 *   FIONREAD    int *: bytes ready to read (sockets, pipes; UK_FIONREAD)
 *   FIONBIO     int *: nonzero sets O_NONBLOCK, zero clears it (any file)
 *   TIOCGWINSZ  struct winsize *: terminals (the console); a serial line
 *               has no size, so rows and columns are 0, as on Linux
 *
 * Anything else fails with ENOTTY.
 */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#ifdef __cplusplus
extern "C" {
#endif

#define TIOCGWINSZ	0x5413
#define FIONREAD	0x541B
#define FIONBIO		0x5421

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

int ioctl(int fd, unsigned long request, ...);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_IOCTL_H */
