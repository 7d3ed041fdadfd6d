/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <sys/sendfile.h> (Linux): copies count bytes of in_fd (from *offset,
 * or from its position, which then advances) to out_fd.  To a TCP
 * socket, the bytes of initrd and ramfs files are sent from where they
 * sit, without a copy (lib/uknet).
 */
#if defined(UK_HOST_TEST)
/* host unit tests get the host's */
#include_next <sys/sendfile.h>
#else
#ifndef _UK_SYS_SENDFILE_H
#define _UK_SYS_SENDFILE_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count);

#ifdef __cplusplus
}
#endif

#endif
#endif /* UK_HOST_TEST */
