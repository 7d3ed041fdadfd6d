/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pipes.  A read waits for bytes, or for the last writer to close (then it
 * returns 0); a write waits for room, never interleaves writes of up to
 * UK_PIPE_ATOMIC bytes with others, and fails with EPIPE once no reader
 * is left (no SIGPIPE: as for sockets, a signal whose default ends the
 * program would end the VM).  Both ends wake poll() and select().
 *
 * The ring's state changes with interrupts off, the wait-queue rule (see
 * uk/wait.h); copies go in steps of at most UK_PIPE_ATOMIC bytes so that
 * interrupts are never off for long.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/arch/irq.h>
#include <uk/essentials.h>
#include <uk/file.h>
#include <uk/pipe.h>
#include <uk/poll.h>
#include <uk/wait.h>

struct pipe {
	struct uk_file rd, wr;
	struct uk_waitq wq;	/* readers waiting for bytes, writers for room */
	struct uk_pollq pq;
	size_t head, len;	/* the bytes held: buf[head..head+len) mod size */
	int reader, writer;	/* each end still open */
	char buf[UK_PIPE_SIZE];
};

static void changed(struct pipe *p)
{
	uk_waitq_wake_all(&p->wq);
	uk_pollq_wake(&p->pq);
}

/* Copies n bytes out of the ring (n <= p->len). */
static void take(struct pipe *p, char *to, size_t n)
{
	size_t first = UK_MIN(n, UK_PIPE_SIZE - p->head);

	memcpy(to, p->buf + p->head, first);
	memcpy(to + first, p->buf, n - first);
	p->head = (p->head + n) % UK_PIPE_SIZE;
	p->len -= n;
}

/* Copies n bytes into the ring (n <= the room left). */
static void put(struct pipe *p, const char *from, size_t n)
{
	size_t tail = (p->head + p->len) % UK_PIPE_SIZE;
	size_t first = UK_MIN(n, UK_PIPE_SIZE - tail);

	memcpy(p->buf + tail, from, first);
	memcpy(p->buf, from + first, n - first);
	p->len += n;
}

static ssize_t pipe_read(struct uk_file *f, void *buf, size_t len)
{
	struct pipe *p = f->priv;
	unsigned long fl;
	size_t done = 0;

	if (!len)
		return 0;
	fl = uk_irq_save();
	while (!p->len && p->writer) {
		if (f->flags & O_NONBLOCK) {
			uk_irq_restore(fl);
			return -EAGAIN;
		}
		uk_waitq_wait(&p->wq, 0);
	}
	while (done < len && p->len) {
		size_t n = UK_MIN(UK_MIN(len - done, p->len),
				  (size_t)UK_PIPE_ATOMIC);

		take(p, (char *)buf + done, n);
		done += n;
		changed(p);
		uk_irq_restore(fl);	/* a moment with interrupts on */
		fl = uk_irq_save();
	}
	uk_irq_restore(fl);
	return (ssize_t)done;	/* 0: no writer left, nothing held */
}

static ssize_t pipe_write(struct uk_file *f, const void *buf, size_t len)
{
	struct pipe *p = f->priv;
	unsigned long fl;
	size_t done = 0;

	fl = uk_irq_save();
	while (done < len) {
		size_t left = len - done, n;
		/* a short write goes in one piece; a long one as room allows */
		size_t need = len <= UK_PIPE_ATOMIC ? left : 1;

		while (p->reader && UK_PIPE_SIZE - p->len < need) {
			if (f->flags & O_NONBLOCK) {
				uk_irq_restore(fl);
				return done ? (ssize_t)done : -EAGAIN;
			}
			uk_waitq_wait(&p->wq, 0);
		}
		if (!p->reader) {
			uk_irq_restore(fl);
			return done ? (ssize_t)done : -EPIPE;
		}
		n = UK_MIN(UK_MIN(left, UK_PIPE_SIZE - p->len),
			   (size_t)UK_PIPE_ATOMIC);
		put(p, (const char *)buf + done, n);
		done += n;
		changed(p);
		uk_irq_restore(fl);
		fl = uk_irq_save();
	}
	uk_irq_restore(fl);
	return (ssize_t)done;
}

static unsigned int pipe_poll_rd(struct uk_file *f, struct uk_poll_table *pt)
{
	struct pipe *p = f->priv;

	uk_poll_wait(pt, &p->pq);
	return (p->len ? POLLIN : 0) | (p->writer ? 0 : POLLHUP);
}

static unsigned int pipe_poll_wr(struct uk_file *f, struct uk_poll_table *pt)
{
	struct pipe *p = f->priv;

	uk_poll_wait(pt, &p->pq);
	if (!p->reader)
		return POLLERR;
	return UK_PIPE_SIZE - p->len >= UK_PIPE_ATOMIC ? POLLOUT : 0;
}

static int pipe_fstat(struct uk_file *f, struct stat *st)
{
	st->st_mode = S_IFIFO | 0600;
	st->st_blksize = UK_PIPE_ATOMIC;
	st->st_nlink = 1;
	return 0;
}

static int pipe_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	struct pipe *p = f->priv;
	int n;

	if (req != UK_FIONREAD)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	n = (int)p->len;
	memcpy(arg, &n, sizeof(n));
	return 0;
}

/* One end is gone: the other sees EOF or EPIPE; the last one frees. */
static int end_closed(struct pipe *p, int *end)
{
	unsigned long fl = uk_irq_save();
	int last;

	*end = 0;
	last = !p->reader && !p->writer;
	changed(p);
	uk_irq_restore(fl);
	if (last)
		uk_free(p);
	return 0;
}

static int pipe_release_rd(struct uk_file *f)
{
	struct pipe *p = f->priv;

	return end_closed(p, &p->reader);
}

static int pipe_release_wr(struct uk_file *f)
{
	struct pipe *p = f->priv;

	return end_closed(p, &p->writer);
}

static const struct uk_file_ops pipe_rd_ops = {
	.read = pipe_read,
	.fstat = pipe_fstat,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll_rd,
	.release = pipe_release_rd,
};

static const struct uk_file_ops pipe_wr_ops = {
	.write = pipe_write,
	.fstat = pipe_fstat,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll_wr,
	.release = pipe_release_wr,
};

int uk_pipe_create(struct uk_file **rd, struct uk_file **wr, int flags)
{
	struct pipe *p = uk_malloc(sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->head = p->len = 0;
	p->reader = p->writer = 1;
	uk_waitq_init(&p->wq);
	uk_pollq_init(&p->pq);
	flags &= O_NONBLOCK;
	uk_file_init(&p->rd, &pipe_rd_ops, p, O_RDONLY | flags);
	uk_file_init(&p->wr, &pipe_wr_ops, p, O_WRONLY | flags);
	*rd = &p->rd;
	*wr = &p->wr;
	return 0;
}
