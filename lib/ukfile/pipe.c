/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pipes and FIFOs.  A read waits for bytes, or for the last writer to
 * close (then it returns 0); a write waits for room, never interleaves
 * writes of up to UK_PIPE_ATOMIC bytes with others, and fails with EPIPE
 * once no reader is left (no SIGPIPE: as for sockets, a signal whose
 * default ends the program would end the VM).  Both ends wake poll() and
 * select().  Each end is an open file of its own: pipe() makes two, every
 * open of a FIFO one more (a FIFO's pipe belongs to its file system node,
 * which holds a reference; its bytes are dropped when no end is left).
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

struct uk_pipe {
	struct uk_waitq wq;	/* readers waiting for bytes, writers for room,
				 * FIFO opens for the other side */
	struct uk_pollq pq;
	size_t head, len;	/* the bytes held: buf[head..head+len) mod size */
	int readers, writers;	/* ends open for reading, for writing */
	unsigned int r_opens, w_opens;	/* such ends ever opened */
	int refs;		/* ends, and a FIFO's node */
	char buf[UK_PIPE_SIZE];
};

struct pipe_end {
	struct uk_file f;
	struct uk_pipe *p;
	int rd, wr;		/* what this end counts for */
};

static struct uk_pipe *pipe_of(struct uk_file *f)
{
	return ((struct pipe_end *)f->priv)->p;
}

static void changed(struct uk_pipe *p)
{
	uk_waitq_wake_all(&p->wq);
	uk_pollq_wake(&p->pq);
}

/* Copies n bytes out of the ring (n <= p->len). */
static void take(struct uk_pipe *p, char *to, size_t n)
{
	size_t first = UK_MIN(n, UK_PIPE_SIZE - p->head);

	memcpy(to, p->buf + p->head, first);
	memcpy(to + first, p->buf, n - first);
	p->head = (p->head + n) % UK_PIPE_SIZE;
	p->len -= n;
}

/* Copies n bytes into the ring (n <= the room left). */
static void put(struct uk_pipe *p, const char *from, size_t n)
{
	size_t tail = (p->head + p->len) % UK_PIPE_SIZE;
	size_t first = UK_MIN(n, UK_PIPE_SIZE - tail);

	memcpy(p->buf + tail, from, first);
	memcpy(p->buf, from + first, n - first);
	p->len += n;
}

static ssize_t pipe_read(struct uk_file *f, void *buf, size_t len)
{
	struct uk_pipe *p = pipe_of(f);
	unsigned long fl;
	size_t done = 0;

	if (!len)
		return 0;
	fl = uk_irq_save();
	while (!p->len && p->writers) {
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
	struct uk_pipe *p = pipe_of(f);
	unsigned long fl;
	size_t done = 0;

	fl = uk_irq_save();
	while (done < len) {
		size_t left = len - done, n;
		/* a short write goes in one piece; a long one as room allows */
		size_t need = len <= UK_PIPE_ATOMIC ? left : 1;

		while (p->readers && UK_PIPE_SIZE - p->len < need) {
			if (f->flags & O_NONBLOCK) {
				uk_irq_restore(fl);
				return done ? (ssize_t)done : -EAGAIN;
			}
			uk_waitq_wait(&p->wq, 0);
		}
		if (!p->readers) {
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

static unsigned int pipe_poll(struct uk_file *f, struct uk_poll_table *pt)
{
	struct pipe_end *e = f->priv;
	struct uk_pipe *p = e->p;
	unsigned int ev = 0;

	uk_poll_wait(pt, &p->pq);
	if (e->rd)
		ev |= (p->len ? POLLIN : 0) | (p->writers ? 0 : POLLHUP);
	if (e->wr)
		ev |= !p->readers ? POLLERR :
		      UK_PIPE_SIZE - p->len >= UK_PIPE_ATOMIC ? POLLOUT : 0;
	return ev;
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
	struct uk_pipe *p = pipe_of(f);
	int n;

	if (req != UK_FIONREAD)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	n = (int)p->len;
	memcpy(arg, &n, sizeof(n));
	return 0;
}

/* Drops a reference; the last one frees.  Interrupts off. */
static int unref(struct uk_pipe *p)
{
	return --p->refs == 0;
}

/* An end is gone: the other side sees EOF or EPIPE; a FIFO with no end
 * left drops what it held. */
static int pipe_release(struct uk_file *f)
{
	struct pipe_end *e = f->priv;
	struct uk_pipe *p = e->p;
	unsigned long fl = uk_irq_save();
	int last;

	p->readers -= e->rd;
	p->writers -= e->wr;
	if (!p->readers && !p->writers)
		p->head = p->len = 0;
	changed(p);
	last = unref(p);
	uk_irq_restore(fl);
	if (last)
		uk_free(p);
	uk_free(e);
	return 0;
}

static const struct uk_file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.fstat = pipe_fstat,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.release = pipe_release,
};

static struct uk_pipe *pipe_new(void)
{
	struct uk_pipe *p = uk_malloc(sizeof(*p));

	if (!p)
		return NULL;
	p->head = p->len = 0;
	p->readers = p->writers = 0;
	p->r_opens = p->w_opens = 0;
	p->refs = 0;
	uk_waitq_init(&p->wq);
	uk_pollq_init(&p->pq);
	return p;
}

/* A new end of p (counted in by the caller, interrupts off). */
static struct pipe_end *end_new(struct uk_pipe *p, int acc, int flags)
{
	struct pipe_end *e = uk_malloc(sizeof(*e));

	if (!e)
		return NULL;
	e->p = p;
	e->rd = acc != O_WRONLY;
	e->wr = acc != O_RDONLY;
	uk_file_init(&e->f, &pipe_ops, e, acc | (flags & O_NONBLOCK));
	return e;
}

/* Counts e in (interrupts off). */
static void end_open(struct pipe_end *e)
{
	struct uk_pipe *p = e->p;

	p->refs++;
	p->readers += e->rd;
	p->writers += e->wr;
	p->r_opens += e->rd;
	p->w_opens += e->wr;
	changed(p);
}

int uk_pipe_create(struct uk_file **rd, struct uk_file **wr, int flags)
{
	struct uk_pipe *p = pipe_new();
	struct pipe_end *r = NULL, *w = NULL;
	unsigned long fl;

	if (p) {
		r = end_new(p, O_RDONLY, flags);
		w = end_new(p, O_WRONLY, flags);
	}
	if (!p || !r || !w) {
		uk_free(r);
		uk_free(w);
		uk_free(p);
		return -ENOMEM;
	}
	fl = uk_irq_save();
	end_open(r);
	end_open(w);
	uk_irq_restore(fl);
	*rd = &r->f;
	*wr = &w->f;
	return 0;
}

struct uk_pipe *uk_fifo_new(void)
{
	struct uk_pipe *p = pipe_new();

	if (p)
		p->refs = 1;	/* the node's */
	return p;
}

void uk_fifo_put(struct uk_pipe *p)
{
	unsigned long fl = uk_irq_save();
	int last = unref(p);

	uk_irq_restore(fl);
	if (last)
		uk_free(p);
}

/*
 * As Linux: a reader waits for a writer and a writer for a reader (each
 * end opened on the other side counts, even if closed since); with
 * O_NONBLOCK a reader does not wait and a writer fails with ENXIO; an end
 * for both never waits.
 */
int uk_fifo_open(struct uk_pipe *p, int flags, struct uk_file **out)
{
	int acc = flags & O_ACCMODE;
	struct pipe_end *e;
	unsigned long fl;
	unsigned int seen;

	if (acc != O_RDONLY && acc != O_WRONLY && acc != O_RDWR)
		return -EINVAL;
	e = end_new(p, acc, flags);
	if (!e)
		return -ENOMEM;
	fl = uk_irq_save();
	if (acc == O_WRONLY && !p->readers && (flags & O_NONBLOCK)) {
		uk_irq_restore(fl);
		uk_free(e);
		return -ENXIO;
	}
	end_open(e);
	if (acc == O_RDONLY && !(flags & O_NONBLOCK)) {
		seen = p->w_opens;
		while (!p->writers && p->w_opens == seen)
			uk_waitq_wait(&p->wq, 0);
	} else if (acc == O_WRONLY) {
		seen = p->r_opens;
		while (!p->readers && p->r_opens == seen)
			uk_waitq_wait(&p->wq, 0);
	}
	uk_irq_restore(fl);
	*out = &e->f;
	return 0;
}
