/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * signalfd, as Linux's: a file from which the process's pending signals
 * of a set are read (and taken), one struct signalfd_siginfo each; it is
 * readable while one is pending, so it sits in poll and epoll.  As on
 * Linux, only signals the program blocks stay pending long enough to be
 * read: an unblocked one runs its handler (signal.c).  Needs uksched (a
 * read waits for another thread or a timer to send one).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <uk/alloc.h>
#include <uk/file.h>
#include <uk/poll.h>
#include "glue.h"

struct sigfd {
	struct uk_file file;
	sigset_t mask;
};

static const struct uk_file_ops sigfd_ops;

static ssize_t sigfd_read(struct uk_file *f, void *buf, size_t len)
{
	struct sigfd *s = f->priv;
	struct signalfd_siginfo *out = buf;
	size_t n = 0;
	siginfo_t si;
	int sig;

	if (len < sizeof(*out))
		return -EINVAL;
	while (n < len / sizeof(*out)) {
		sig = newlib_signal_take(s->mask, &si,
					 n || (f->flags & O_NONBLOCK));
		if (sig <= 0)
			break;
		memset(&out[n], 0, sizeof(out[n]));
		out[n].ssi_signo = sig;
		out[n].ssi_code = si.si_code;
		out[n].ssi_pid = si.si_pid;
		out[n].ssi_uid = si.si_uid;
		out[n].ssi_int = si.si_value.sival_int;
		out[n].ssi_ptr = (uint64_t)(uintptr_t)si.si_value.sival_ptr;
		n++;
	}
	return n ? (ssize_t)(n * sizeof(*out)) : -EAGAIN;
}

static unsigned int sigfd_poll(struct uk_file *f, struct uk_poll_table *pt)
{
	struct sigfd *s = f->priv;

	uk_poll_wait(pt, newlib_signal_pollq());
	return newlib_signal_pending() & s->mask ? POLLIN | POLLRDNORM : 0;
}

static int sigfd_release(struct uk_file *f)
{
	uk_free(f->priv);
	return 0;
}

static const struct uk_file_ops sigfd_ops = {
	.read = sigfd_read,
	.poll = sigfd_poll,
	.fstat = uk_file_anon_fstat,
	.release = sigfd_release,
};

int signalfd(int fd, const sigset_t *mask, int flags)
{
	/* SIGKILL and SIGSTOP are never taken this way, as on Linux */
	sigset_t m = *mask & ~((1UL << SIGKILL) | (1UL << SIGSTOP));
	struct uk_file *f;
	struct sigfd *s;

	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return glue_err(EINVAL);
	if (fd != -1) {
		f = uk_fd_get(fd);
		if (!f)
			return glue_err(EBADF);
		if (f->ops != &sigfd_ops) {
			uk_file_put(f);
			return glue_err(EINVAL);
		}
		((struct sigfd *)f->priv)->mask = m;
		uk_file_put(f);
		return fd;
	}
	s = uk_calloc(1, sizeof(*s));
	if (!s)
		return glue_err(ENOMEM);
	s->mask = m;
	uk_file_init(&s->file, &sigfd_ops, s, O_RDONLY | (flags & O_NONBLOCK));
	return uk_fd_install_new(&s->file, flags & SFD_CLOEXEC);
}
