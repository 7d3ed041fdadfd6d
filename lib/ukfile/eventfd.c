/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * eventfd, as Linux's: a 64-bit counter as a file, for one thread (or an
 * event loop) to wake another.  A write of 8 bytes adds to it, waiting
 * while the sum would pass 2^64 - 2; a read of 8 bytes waits for it to be
 * non-zero, then returns it and sets it to 0 (EFD_SEMAPHORE: returns 1
 * and takes 1).  Readable while non-zero, writable while 1 can be added.
 * The counter changes with interrupts off, as the wait-queue rule asks.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uk/alloc.h>
#include <uk/arch/irq.h>
#include <uk/file.h>
#include <uk/poll.h>
#include <uk/wait.h>

#define COUNT_MAX	(UINT64_MAX - 1)

struct eventfd {
	struct uk_file file;
	struct uk_waitq wq;
	struct uk_pollq pq;
	uint64_t count;
	int semaphore;
};

static void changed(struct eventfd *e)
{
	uk_waitq_wake_all(&e->wq);
	uk_pollq_wake(&e->pq);
}

static ssize_t efd_read(struct uk_file *f, void *buf, size_t len)
{
	struct eventfd *e = f->priv;
	unsigned long fl;
	uint64_t v;

	if (len < sizeof(v))
		return -EINVAL;
	fl = uk_irq_save();
	while (!e->count) {
		if (f->flags & O_NONBLOCK) {
			uk_irq_restore(fl);
			return -EAGAIN;
		}
		uk_waitq_wait(&e->wq, 0);
	}
	v = e->semaphore ? 1 : e->count;
	e->count -= v;
	changed(e);
	uk_irq_restore(fl);
	memcpy(buf, &v, sizeof(v));
	return sizeof(v);
}

static ssize_t efd_write(struct uk_file *f, const void *buf, size_t len)
{
	struct eventfd *e = f->priv;
	unsigned long fl;
	uint64_t v;

	if (len < sizeof(v))
		return -EINVAL;
	memcpy(&v, buf, sizeof(v));
	if (v == UINT64_MAX)
		return -EINVAL;
	fl = uk_irq_save();
	while (COUNT_MAX - e->count < v) {
		if (f->flags & O_NONBLOCK) {
			uk_irq_restore(fl);
			return -EAGAIN;
		}
		uk_waitq_wait(&e->wq, 0);
	}
	e->count += v;
	if (v)
		changed(e);
	uk_irq_restore(fl);
	return sizeof(v);
}

static unsigned int efd_poll(struct uk_file *f, struct uk_poll_table *pt)
{
	struct eventfd *e = f->priv;

	uk_poll_wait(pt, &e->pq);
	return (e->count ? POLLIN | POLLRDNORM : 0) |
	       (e->count < COUNT_MAX ? POLLOUT | POLLWRNORM : 0);
}

static int efd_release(struct uk_file *f)
{
	uk_free(f->priv);
	return 0;
}

static const struct uk_file_ops eventfd_ops = {
	.read = efd_read,
	.write = efd_write,
	.poll = efd_poll,
	.fstat = uk_file_anon_fstat,
	.release = efd_release,
};

int eventfd(unsigned int initval, int flags)
{
	struct eventfd *e;

	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK)) {
		errno = EINVAL;
		return -1;
	}
	e = uk_calloc(1, sizeof(*e));
	if (!e) {
		errno = ENOMEM;
		return -1;
	}
	e->count = initval;
	e->semaphore = !!(flags & EFD_SEMAPHORE);
	uk_waitq_init(&e->wq);
	uk_pollq_init(&e->pq);
	uk_file_init(&e->file, &eventfd_ops, e, O_RDWR | (flags & O_NONBLOCK));
	return uk_fd_install_new(&e->file, flags & EFD_CLOEXEC);
}

int eventfd_read(int fd, eventfd_t *value)
{
	return read(fd, value, sizeof(*value)) == sizeof(*value) ? 0 : -1;
}

int eventfd_write(int fd, eventfd_t value)
{
	return write(fd, &value, sizeof(value)) == sizeof(value) ? 0 : -1;
}
