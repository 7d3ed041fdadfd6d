/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flock(): BSD's whole-file locks.  Unlike fcntl's record locks (which
 * belong to the process, so one program never meets its own), they
 * belong to an open file description, a struct uk_file: two open()s of
 * one file conflict even in one thread, dup()s share.  Files are told
 * apart by fstat's st_dev and st_ino.  A lock goes with the last close of
 * its description (uk_file_put calls uk_flock_forget).
 *
 * A blocking request waits for the holders with uksched; without it there
 * is one thread, the holder is that thread itself, and waiting would never
 * end: it fails with EDEADLK instead.  State changes with interrupts off
 * (one CPU), as the wait-queue rule asks.
 */
#include <errno.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <stdint.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/arch/irq.h>
#include <uk/file.h>
#include <uk/list.h>
#if CONFIG_LIBUKSCHED
#include <uk/wait.h>
#endif
#include "flock.h"

struct flock_held {
	struct uk_list_head link;
	dev_t dev;
	ino_t ino;
	struct uk_file *owner;	/* no reference: forgotten at its last close */
	int exclusive;
};

static UK_LIST_HEAD(held);
#if CONFIG_LIBUKSCHED
static struct uk_waitq released = UK_WAITQ_INIT(released);
#endif

/* The lock owner holds on dev/ino, or NULL; interrupts off. */
static struct flock_held *find(dev_t dev, ino_t ino, struct uk_file *owner)
{
	struct uk_list_head *p;

	uk_list_for_each(p, &held) {
		struct flock_held *h = uk_list_entry(p, struct flock_held, link);

		if (h->dev == dev && h->ino == ino && h->owner == owner)
			return h;
	}
	return NULL;
}

/* Does another description hold dev/ino in a way that excludes us? */
static int conflicts(dev_t dev, ino_t ino, struct uk_file *owner,
		     int exclusive)
{
	struct uk_list_head *p;

	uk_list_for_each(p, &held) {
		struct flock_held *h = uk_list_entry(p, struct flock_held, link);

		if (h->dev == dev && h->ino == ino && h->owner != owner &&
		    (exclusive || h->exclusive))
			return 1;
	}
	return 0;
}

static void drop(struct flock_held *h)
{
	uk_list_del(&h->link);
	uk_free(h);
#if CONFIG_LIBUKSCHED
	uk_waitq_wake_all(&released);
#endif
}

void uk_flock_forget(struct uk_file *f)
{
	unsigned long fl = uk_irq_save();
	struct uk_list_head *p, *n;

	for (p = held.next; p != &held; p = n) {
		struct flock_held *h = uk_list_entry(p, struct flock_held, link);

		n = p->next;
		if (h->owner == f)
			drop(h);
	}
	f->flocked = 0;
	uk_irq_restore(fl);
}

static int lock(struct uk_file *f, int op)
{
	struct stat st;
	struct flock_held *h, *fresh;
	unsigned long fl;
	int exclusive = (op & ~LOCK_NB) == LOCK_EX, rc = 0;

	memset(&st, 0, sizeof(st));
	if (f->ops->fstat && f->ops->fstat(f, &st) < 0)
		return -EINVAL;
	if (!st.st_ino) {
		/* no inode (sockets, pipes): the description is the file */
		st.st_dev = -1;
		st.st_ino = (ino_t)(uintptr_t)f;
	}
	/* allocated before interrupts go off; freed if not needed */
	fresh = uk_malloc(sizeof(*fresh));
	fl = uk_irq_save();
	h = find(st.st_dev, st.st_ino, f);
	if ((op & ~LOCK_NB) == LOCK_UN) {
		if (h)
			drop(h);
		goto out;
	}
	/* Converting a lock may let another in first, as on Linux. */
	if (h && h->exclusive != exclusive) {
		drop(h);
		h = NULL;
	}
	while (!h && conflicts(st.st_dev, st.st_ino, f, exclusive)) {
		if (op & LOCK_NB) {
			rc = -EWOULDBLOCK;
			goto out;
		}
#if CONFIG_LIBUKSCHED
		uk_waitq_wait(&released, 0);
#else
		rc = -EDEADLK;
		goto out;
#endif
	}
	if (!h) {
		if (!fresh) {
			rc = -ENOLCK;
			goto out;
		}
		fresh->dev = st.st_dev;
		fresh->ino = st.st_ino;
		fresh->owner = f;
		fresh->exclusive = exclusive;
		uk_list_add_tail(&fresh->link, &held);
		f->flocked = 1;
		fresh = NULL;
	}
out:
	uk_irq_restore(fl);
	uk_free(fresh);
	return rc;
}

int flock(int fd, int op)
{
	struct uk_file *f;
	int rc;

	switch (op & ~LOCK_NB) {
	case LOCK_SH:
	case LOCK_EX:
	case LOCK_UN:
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	f = uk_fd_get(fd);
	if (!f) {
		errno = EBADF;
		return -1;
	}
	rc = lock(f, op);
	uk_file_put(f);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}
