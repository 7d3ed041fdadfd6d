/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scatter/gather I/O (newlib has no <sys/uio.h>).  readv and writev are
 * lib/ukvfs/uio.c and work on any descriptor.  Host unit tests get the
 * host's.
 */
#if defined(UK_HOST_TEST)
#include_next <sys/uio.h>
#else
#ifndef __UK_SYS_UIO_H__
#define __UK_SYS_UIO_H__

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct iovec {
	void *iov_base;
	size_t iov_len;
};

#ifndef IOV_MAX
#define IOV_MAX 1024
#endif
#ifndef UIO_MAXIOV
#define UIO_MAXIOV IOV_MAX
#endif

ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);
ssize_t preadv(int fd, const struct iovec *iov, int iovcnt, off_t off);
ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t off);

#ifdef __cplusplus
}
#endif

#endif /* __UK_SYS_UIO_H__ */
#endif
