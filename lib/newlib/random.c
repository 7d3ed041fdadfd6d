/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * getrandom() and getentropy(): the generator behind /dev/urandom
 * (ukvfs's devfs, seeded at boot from RDSEED/RDRAND or timing jitter), so
 * neither call ever blocks.  Without devfs in the image they fail with
 * ENOSYS, as on a kernel without the system call.
 */
#include <errno.h>
#include <sys/random.h>
#include <unistd.h>
#if CONFIG_LIBUKVFS_DEVFS
#include <uk/vfs.h>
#endif
#include "glue.h"

#define GETENTROPY_MAX	256	/* as POSIX and Linux say */

static int fill(void *buf, size_t len)
{
#if CONFIG_LIBUKVFS_DEVFS
	return uk_vfs_random(buf, len);
#else
	(void)buf;
	(void)len;
	return -ENOSYS;
#endif
}

ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
	int rc;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return glue_err(EINVAL);
	if (len && !buf)
		return glue_err(EFAULT);
	if (len > 0x1ffffff)
		len = 0x1ffffff;	/* Linux's cap on one call */
	rc = fill(buf, len);
	if (rc < 0)
		return glue_ret(rc);
	return (ssize_t)len;
}

int getentropy(void *buf, size_t len)
{
	if (len > GETENTROPY_MAX)
		return glue_err(EINVAL);	/* POSIX (glibc says EIO) */
	if (len && !buf)
		return glue_err(EFAULT);
	return (int)glue_ret(fill(buf, len));
}
