/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The console as a file: descriptors 0, 1 and 2 at boot.  A terminal, so
 * that stdio line-buffers stdout as on Linux (newlib asks isatty()).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <uk/file.h>
#include <uk/init.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>
#include "glue.h"

/* How often a blocking read looks for input (no console interrupt). */
#define CONSOLE_POLL_NS	(10 * 1000 * 1000ULL)

static struct uk_file console;

/*
 * What tcgetattr() says of the console, and tcsetattr() changes.  Reads
 * never wait for a line (ICANON off) nor echo (ECHO off): that is what
 * the console does.  The input flags that map CR and NL are honoured, so
 * a program in raw mode (cfmakeraw) reads CR for Enter.
 */
static struct termios tios = {
	.c_iflag = ICRNL,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = CS8 | CREAD | CLOCAL | B115200,
	.c_lflag = 0,
	.c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21,
		  [VEOF] = 4, [VMIN] = 1, [VTIME] = 0, [VSTART] = 17,
		  [VSTOP] = 19, [VSUSP] = 26 },
	.c_ispeed = B115200,
	.c_ospeed = B115200,
};

struct termios *newlib_console_termios(void)
{
	return &tios;
}

static ssize_t console_read(struct uk_file *f, void *buf, size_t len)
{
	char *p = buf;
	int n, i, j;

	if (!len)
		return 0;
	for (;;) {
		while ((n = uk_plat_console_read(p, len)) <= 0) {
			if (f->flags & O_NONBLOCK)
				return -EAGAIN;
			newlib_wait_until(uk_plat_monotonic_ns() +
					  CONSOLE_POLL_NS);
		}
		/* Enter sends CR: with ICRNL (the default) read sees NL */
		for (i = 0, j = 0; i < n; i++) {
			char c = p[i];

			if (c == '\r' && (tios.c_iflag & IGNCR))
				continue;
			if (c == '\r' && (tios.c_iflag & ICRNL))
				c = '\n';
			else if (c == '\n' && (tios.c_iflag & INLCR))
				c = '\r';
			p[j++] = c;
		}
		if (j)
			return j;
		if (f->flags & O_NONBLOCK)	/* only ignored CRs came */
			return -EAGAIN;
	}
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
