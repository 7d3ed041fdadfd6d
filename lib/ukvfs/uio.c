/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * readv/writev and their positioned forms, on any descriptor.  Files of
 * ukvfs are served one buffer after another (a regular file never blocks
 * for long); for anything else (sockets, the console) the buffers are
 * gathered into one read or write, so a socket's readv returns as soon as
 * some data is there, and a writev is one write, as POSIX requires.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef SSIZE_MAX
#define SSIZE_MAX LONG_MAX
#endif

/* The most a gathered non-file readv/writev moves in one call. */
#define GATHER_MAX	(256 * 1024)

static ssize_t iov_total(const struct iovec *iov, int cnt)
{
	size_t t = 0;
	int i;

	if (cnt < 0 || cnt > IOV_MAX) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < cnt; i++) {
		if (iov[i].iov_len > (size_t)SSIZE_MAX - t) {
			errno = EINVAL;
			return -1;
		}
		t += iov[i].iov_len;
	}
	return (ssize_t)t;
}

static int is_regular(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 &&
	       (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) ||
		S_ISLNK(st.st_mode));
}

static ssize_t one_by_one(int fd, const struct iovec *iov, int cnt, off_t off,
			  int pos, int wr)
{
	ssize_t done = 0, n;
	int i;

	for (i = 0; i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		if (wr)
			n = pos ? pwrite(fd, iov[i].iov_base, iov[i].iov_len,
					 off + done)
				: write(fd, iov[i].iov_base, iov[i].iov_len);
		else
			n = pos ? pread(fd, iov[i].iov_base, iov[i].iov_len,
					off + done)
				: read(fd, iov[i].iov_base, iov[i].iov_len);
		if (n < 0)
			return done ? done : -1;
		done += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	return done;
}

static ssize_t gathered(int fd, const struct iovec *iov, int cnt, off_t off,
			int pos, int wr, size_t total)
{
	size_t len = total < GATHER_MAX ? total : GATHER_MAX, c = 0;
	char *buf = malloc(len ? len : 1);
	ssize_t n;
	int i;

	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	if (wr) {
		for (i = 0; i < cnt && c < len; i++) {
			size_t k = iov[i].iov_len < len - c ? iov[i].iov_len
							    : len - c;

			memcpy(buf + c, iov[i].iov_base, k);
			c += k;
		}
		n = pos ? pwrite(fd, buf, len, off) : write(fd, buf, len);
	} else {
		n = pos ? pread(fd, buf, len, off) : read(fd, buf, len);
		for (i = 0; n > 0 && i < cnt && c < (size_t)n; i++) {
			size_t k = iov[i].iov_len < (size_t)n - c ?
				   iov[i].iov_len : (size_t)n - c;

			memcpy(iov[i].iov_base, buf + c, k);
			c += k;
		}
	}
	free(buf);
	return n;
}

static ssize_t vio(int fd, const struct iovec *iov, int cnt, off_t off,
		   int pos, int wr)
{
	ssize_t total = iov_total(iov, cnt);

	if (total < 0)
		return -1;
	if (total == 0)
		return wr ? write(fd, "", 0) : read(fd, NULL, 0);
	if (is_regular(fd))
		return one_by_one(fd, iov, cnt, off, pos, wr);
	return gathered(fd, iov, cnt, off, pos, wr, (size_t)total);
}

ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
	return vio(fd, iov, cnt, 0, 0, 0);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	return vio(fd, iov, cnt, 0, 0, 1);
}

ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return vio(fd, iov, cnt, off, 1, 0);
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return vio(fd, iov, cnt, off, 1, 1);
}
