/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The console as a file: descriptors 0, 1 and 2 at boot.  A terminal, so
 * that stdio line-buffers stdout as on Linux (newlib asks isatty()).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <uk/file.h>
#include <uk/init.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>
#include "glue.h"

/* How often a blocking read looks for input (no console interrupt). */
#define CONSOLE_POLL_NS	(10 * 1000 * 1000ULL)

static struct uk_file console;

static ssize_t console_read(struct uk_file *f, void *buf, size_t len)
{
	char *p = buf;
	int n, i;

	if (!len)
		return 0;
	while ((n = uk_plat_console_read(p, len)) <= 0) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		newlib_wait_until(uk_plat_monotonic_ns() + CONSOLE_POLL_NS);
	}
	/* As a terminal in canonical mode does: Enter sends CR, read sees NL */
	for (i = 0; i < n; i++)
		if (p[i] == '\r')
			p[i] = '\n';
	return n;
}

static ssize_t console_write(struct uk_file *f, const void *buf, size_t len)
{
	return uk_plat_console_write(buf, len);
}

static int console_fstat(struct uk_file *f, struct stat *st)
{
	st->st_mode = S_IFCHR | 0620;
	st->st_nlink = 1;
	st->st_blksize = 1024;	/* stdio's buffer size, as for a Linux tty */
	return 0;
}

static const struct uk_file_ops console_ops = {
	.read = console_read,
	.write = console_write,
	.fstat = console_fstat,
	.tty = 1,
};

/* First of all init functions, so that printf works in any of them. */
static int console_fds_init(void)
{
	int fd, rc;

	/* our reference is never dropped: the console is never released */
	uk_file_init(&console, &console_ops, NULL, O_RDWR);
	for (fd = 0; fd <= 2; fd++) {
		rc = uk_fd_install_at(&console, fd, 0);
		if (rc < 0)
			return rc;
	}
	return 0;
}
UK_INIT_EARLY_PRIO(console_fds_init, 0);
