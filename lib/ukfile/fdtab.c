/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The descriptor table: descriptor -> open file, shared by the console,
 * files and sockets (see uk/file.h).  Pure bookkeeping: it never calls
 * anything but a file's release operation, so it is unit-tested on the
 * host (test/unit/test_ukfile_fdtab.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>
#include <uk/file.h>
#include "epoll.h"
#include "flock.h"

#ifndef CONFIG_LIBUKFILE_MAXFDS
#define CONFIG_LIBUKFILE_MAXFDS 1024
#endif
#define MAXFDS CONFIG_LIBUKFILE_MAXFDS

struct fd_entry {
	struct uk_file *file;
	int fdflags;
};

static struct fd_entry fdtab[MAXFDS];

void uk_file_init(struct uk_file *f, const struct uk_file_ops *ops,
		  void *priv, int flags)
{
	f->ops = ops;
	f->priv = priv;
	f->flags = flags;
	f->refs = 1;
	f->epoll_items = NULL;
	f->flocked = 0;
}

void uk_file_get(struct uk_file *f)
{
	__atomic_add_fetch(&f->refs, 1, __ATOMIC_ACQ_REL);
}

int uk_file_put(struct uk_file *f)
{
	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return 0;
#if CONFIG_LIBUKSCHED
	/* As on Linux: a file leaves every epoll set when it is closed for
	 * good (epoll holds no reference, so a socket still closes). */
	if (f->epoll_items)
		uk_epoll_forget(f);
#endif
#if CONFIG_LIBUKALLOC
	/* flock() locks belong to the open file description: they go too */
	if (f->flocked)
		uk_flock_forget(f);
#endif
	return f->ops->release ? f->ops->release(f) : 0;
}

static int fd_valid(int fd)
{
	return fd >= 0 && fd < MAXFDS;
}

int uk_fd_install(struct uk_file *f, int minfd, int fdflags)
{
	int fd;

	if (minfd < 0)
		return -EINVAL;
	for (fd = minfd; fd < MAXFDS; fd++) {
		if (!fdtab[fd].file) {
			uk_file_get(f);
			fdtab[fd].file = f;
			fdtab[fd].fdflags = fdflags & FD_CLOEXEC;
			return fd;
		}
	}
	/* POSIX: F_DUPFD with minfd beyond the limit is EINVAL, else EMFILE */
	return minfd >= MAXFDS ? -EINVAL : -EMFILE;
}

int uk_fd_install_new(struct uk_file *f, int cloexec)
{
	int fd = uk_fd_install(f, 0, cloexec ? FD_CLOEXEC : 0);

	uk_file_put(f);
	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	return fd;
}

int uk_file_anon_fstat(struct uk_file *f, struct stat *st)
{
	st->st_mode = S_IRUSR | S_IWUSR;
	st->st_nlink = 1;
	return 0;
}

int uk_fd_install_at(struct uk_file *f, int fd, int fdflags)
{
	struct uk_file *old;

	if (!fd_valid(fd))
		return -EBADF;
	uk_file_get(f);
	old = fdtab[fd].file;
	fdtab[fd].file = f;
	fdtab[fd].fdflags = fdflags & FD_CLOEXEC;
	/* dup2 ignores errors from closing the descriptor it replaces */
	if (old)
		uk_file_put(old);
	return fd;
}

struct uk_file *uk_fd_get(int fd)
{
	struct uk_file *f;

	if (!fd_valid(fd))
		return NULL;
	f = fdtab[fd].file;
	if (f)
		uk_file_get(f);
	return f;
}

int uk_fd_close(int fd)
{
	struct uk_file *f;

	if (!fd_valid(fd) || !fdtab[fd].file)
		return -EBADF;
	f = fdtab[fd].file;
	fdtab[fd].file = NULL;
	fdtab[fd].fdflags = 0;
	return uk_file_put(f);
}

int uk_fd_getflags(int fd)
{
	if (!fd_valid(fd) || !fdtab[fd].file)
		return -EBADF;
	return fdtab[fd].fdflags;
}

int uk_fd_setflags(int fd, int fdflags)
{
	if (!fd_valid(fd) || !fdtab[fd].file)
		return -EBADF;
	fdtab[fd].fdflags = fdflags & FD_CLOEXEC;
	return 0;
}

int uk_fd_max(void)
{
	return MAXFDS;
}
