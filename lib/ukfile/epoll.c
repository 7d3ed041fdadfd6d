/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * epoll, as Linux's: an epoll instance is a file holding a set of items
 * (file, descriptor, events asked, user data).  Each item keeps a standing
 * watch on its file's poll queues (uk_poll_watch_start); a wake-up of any
 * of them puts the item on the instance's ready list, from any context.
 * epoll_wait takes items off that list, asks each file for its events
 * now, reports the ones asked for, and puts level-triggered items that
 * were ready back at the end of the list, so they are asked again next
 * time; edge-triggered items come back only with the next wake-up, and
 * one-shot items not before EPOLL_CTL_MOD.  A wait costs the items that
 * may be ready, not the whole set.
 *
 * Items hold no reference on their file: as on Linux, closing the last
 * descriptor of a file (dups count) removes it from every set, which
 * uk_file_put does by calling uk_epoll_forget; a socket in a set still
 * closes.  A per-instance (recursive) mutex serialises epoll_ctl, the
 * collecting part of epoll_wait and those removals; the ready list
 * itself changes with interrupts off.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/arch/irq.h>
#include <uk/essentials.h>
#include <uk/file.h>
#include <uk/list.h>
#include <uk/mutex.h>
#include <uk/plat/time.h>
#include <uk/poll.h>
#include "epoll.h"

/* Reported whether asked for or not. */
#define ALWAYS		(EPOLLERR | EPOLLHUP)
/* What a file's poll operation can say; the rest of events are flags. */
#define EVENTS		(EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLRDNORM | \
			 EPOLLRDBAND | EPOLLWRNORM | EPOLLWRBAND | EPOLLMSG | \
			 EPOLLRDHUP | ALWAYS)
/* How often items whose wake-ups may be missed are looked at. */
#define POLL_PERIOD_NS	10000000LL

/* What a file without a poll operation is: always ready. */
#define NO_POLL_OP	(EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM)

struct epoll {
	struct uk_file file;
	struct uk_mutex lock;
	struct uk_pollq pq;		/* epoll_wait, and poll() of the epoll */
	struct uk_list_head items;
	struct uk_list_head ready;	/* items that may be ready */
	int npolled;			/* items whose watch is incomplete */
};

struct uk_epoll_item {
	struct epoll *ep;
	struct uk_file *file;		/* no reference: see above */
	int fd;
	uint32_t events;		/* as given, with EPOLLET etc. */
	epoll_data_t data;
	int disabled;			/* EPOLLONESHOT, reported once */
	int queued;			/* on ep->ready */
	int polled;			/* watch incomplete: looked at by time */
	struct uk_poll_watch *watch;
	struct uk_epoll_item *next_on_file;
	struct uk_list_head link;	/* in ep->items */
	struct uk_list_head rlink;	/* in ep->ready */
};

static const struct uk_file_ops epoll_ops;

static int fail(int err)
{
	errno = err;
	return -1;
}

/* Interrupts off. */
static void enqueue(struct uk_epoll_item *it)
{
	if (!it->queued && !it->disabled) {
		uk_list_add_tail(&it->rlink, &it->ep->ready);
		it->queued = 1;
	}
}

static void dequeue(struct uk_epoll_item *it)
{
	if (it->queued) {
		uk_list_del(&it->rlink);
		it->queued = 0;
	}
}

/* One of the item's file's queues was woken: any context, irqs off. */
static void item_woken(void *arg)
{
	struct uk_epoll_item *it = arg;

	enqueue(it);
	uk_pollq_wake(&it->ep->pq);
}

/* Queues it for a look by the next epoll_wait, and wakes that. */
static void kick(struct uk_epoll_item *it)
{
	unsigned long f = uk_irq_save();

	enqueue(it);
	uk_irq_restore(f);
	uk_pollq_wake(&it->ep->pq);
}

/* Takes it out of its set and frees it; ep->lock held. */
static void item_remove(struct uk_epoll_item *it)
{
	struct uk_epoll_item **pp;
	unsigned long f;

	uk_poll_watch_stop(it->watch);
	it->ep->npolled -= it->polled;
	f = uk_irq_save();
	dequeue(it);
	uk_irq_restore(f);
	uk_list_del(&it->link);
	for (pp = &it->file->epoll_items; *pp; pp = &(*pp)->next_on_file)
		if (*pp == it) {
			*pp = it->next_on_file;
			break;
		}
	uk_free(it);
}

void uk_epoll_forget(struct uk_file *f)
{
	while (f->epoll_items) {
		struct epoll *ep = f->epoll_items->ep;

		uk_mutex_lock(&ep->lock);
		item_remove(f->epoll_items);
		uk_mutex_unlock(&ep->lock);
	}
}

static struct uk_epoll_item *item_find(struct epoll *ep, struct uk_file *f,
				       int fd)
{
	struct uk_epoll_item *it;

	for (it = f->epoll_items; it; it = it->next_on_file)
		if (it->ep == ep && it->fd == fd)
			return it;
	return NULL;
}

/* Files epoll refuses, as Linux does: regular files and folders. */
static int pollable(struct uk_file *f)
{
	struct stat st;

	if (f->ops->poll)
		return 1;
	memset(&st, 0, sizeof(st));
	if (f->ops->fstat && f->ops->fstat(f, &st) == 0 &&
	    (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
		return 0;
	return 1;
}

static int item_add(struct epoll *ep, struct uk_file *f, int fd,
		    const struct epoll_event *ev)
{
	struct uk_epoll_item *it;

	if (!pollable(f))
		return -EPERM;
	if (f->ops == &epoll_ops) {
		/* An epoll in an epoll: refuse a set that holds itself
		 * through the other (deeper loops are not looked for). */
		struct uk_epoll_item *i;

		for (i = ep->file.epoll_items; i; i = i->next_on_file)
			if (i->ep == f->priv)
				return -ELOOP;
	}
	it = uk_calloc(1, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->ep = ep;
	it->file = f;
	it->fd = fd;
	it->events = ev->events;
	it->data = ev->data;
	it->watch = uk_poll_watch_start(f, item_woken, it);
	if (!it->watch) {
		uk_free(it);
		return -ENOMEM;
	}
	/* A file on more queues than a watch holds: some wake-ups would be
	 * missed, so waits look at it every POLL_PERIOD_NS instead. */
	it->polled = !uk_poll_watch_complete(it->watch);
	ep->npolled += it->polled;
	uk_list_add_tail(&it->link, &ep->items);
	it->next_on_file = f->epoll_items;
	f->epoll_items = it;
	kick(it);
	return 0;
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	struct uk_file *ef, *f = NULL;
	struct uk_epoll_item *it;
	struct epoll *ep;
	int rc = 0;

	ef = uk_fd_get(epfd);
	if (!ef)
		return fail(EBADF);
	f = uk_fd_get(fd);
	if (!f) {
		uk_file_put(ef);
		return fail(EBADF);
	}
	if (ef->ops != &epoll_ops || f == ef) {
		rc = -EINVAL;
		goto out;
	}
	if (op != EPOLL_CTL_DEL && !ev) {
		rc = -EFAULT;
		goto out;
	}
	ep = ef->priv;
	uk_mutex_lock(&ep->lock);
	it = item_find(ep, f, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		rc = it ? -EEXIST : item_add(ep, f, fd, ev);
		break;
	case EPOLL_CTL_MOD:
		if (!it) {
			rc = -ENOENT;
			break;
		}
		it->events = ev->events;
		it->data = ev->data;
		it->disabled = 0;
		kick(it);
		break;
	case EPOLL_CTL_DEL:
		if (it)
			item_remove(it);
		else
			rc = -ENOENT;
		break;
	default:
		rc = -EINVAL;
	}
	uk_mutex_unlock(&ep->lock);
out:
	uk_file_put(f);
	uk_file_put(ef);
	return rc < 0 ? fail(-rc) : 0;
}

/* Puts the items that are looked at by time on the ready list. */
static void kick_polled(struct epoll *ep)
{
	struct uk_list_head *p;

	uk_mutex_lock(&ep->lock);
	uk_list_for_each(p, &ep->items) {
		struct uk_epoll_item *it =
			uk_list_entry(p, struct uk_epoll_item, link);

		if (it->polled)
			kick(it);
	}
	uk_mutex_unlock(&ep->lock);
}

/*
 * Looks at the items queued now (those woken again during the pass wait
 * for the next one) and reports up to max of them.  The pass works on a
 * list of its own: an item leaving the set meanwhile (its file's last
 * close) just leaves that list, and no item can come up twice in one
 * batch.  Items stay marked queued while on it, so a wake-up then is not
 * lost: the item's poll below sees it; those not looked at (out full)
 * go back to the front of the ready list.
 */
static int collect(struct epoll *ep, struct epoll_event *out, int max)
{
	struct uk_list_head pass;
	unsigned long fl;
	int n = 0;

	uk_mutex_lock(&ep->lock);
	uk_list_init(&pass);
	fl = uk_irq_save();
	uk_list_splice_init(&ep->ready, &pass);
	uk_irq_restore(fl);
	while (n < max) {
		struct uk_epoll_item *it;
		struct uk_file *f;
		uint32_t ev;

		fl = uk_irq_save();
		if (uk_list_empty(&pass)) {
			uk_irq_restore(fl);
			break;
		}
		it = uk_list_entry(pass.next, struct uk_epoll_item, rlink);
		dequeue(it);
		uk_irq_restore(fl);
		f = it->file;
		/* Held across the call: the file cannot go (nor the item). */
		uk_file_get(f);
		ev = f->ops->poll ? f->ops->poll(f, NULL) : NO_POLL_OP;
		ev &= (it->events | ALWAYS) & EVENTS;
		if (ev && !it->disabled) {
			out[n].events = ev;
			out[n].data = it->data;
			n++;
			if (it->events & EPOLLONESHOT) {
				it->disabled = 1;
			} else if (!(it->events & EPOLLET)) {
				fl = uk_irq_save();
				enqueue(it);
				uk_irq_restore(fl);
			}
		}
		uk_file_put(f);
	}
	fl = uk_irq_save();
	uk_list_splice_init(&pass, &ep->ready);
	uk_irq_restore(fl);
	uk_mutex_unlock(&ep->lock);
	/* Another thread may wait on this set for what is left. */
	if (!uk_list_empty(&ep->ready))
		uk_pollq_wake(&ep->pq);
	return n;
}

/* epoll_pwait, which needs the C library's signal mask, is lib/newlib's. */
int epoll_wait(int epfd, struct epoll_event *events, int maxevents,
	       int timeout)
{
	uint64_t deadline = 0;
	struct uk_file *ef;
	int n;

	if (maxevents <= 0)
		return fail(EINVAL);
	if (!events)
		return fail(EFAULT);
	ef = uk_fd_get(epfd);
	if (!ef)
		return fail(EBADF);
	if (ef->ops != &epoll_ops) {
		uk_file_put(ef);
		return fail(EINVAL);
	}
	if (timeout > 0)
		deadline = uk_plat_monotonic_ns() + (uint64_t)timeout * 1000000ULL;
	for (;;) {
		struct pollfd pfd = { .fd = epfd, .events = POLLIN };
		struct epoll *ep = ef->priv;
		int64_t left = -1;

		if (ep->npolled)
			kick_polled(ep);
		n = collect(ep, events, maxevents);
		if (n || timeout == 0)
			break;
		if (deadline) {
			uint64_t now = uk_plat_monotonic_ns();

			if (now >= deadline)
				break;
			left = (int64_t)(deadline - now);
		}
		if (ep->npolled && (left < 0 || left > POLL_PERIOD_NS))
			left = POLL_PERIOD_NS;
		/* Until the ready list is not empty (epoll_poll below). */
		if (uk_poll(&pfd, 1, left) < 0 || (pfd.revents & POLLNVAL))
			break;
	}
	uk_file_put(ef);
	return n;
}

/*
 * Readable when items may be ready: an epoll in another epoll, or in
 * poll(), may thus wake for an item that turns out not to be (the wait
 * then finds nothing and waits again).
 */
static unsigned int epoll_poll(struct uk_file *f, struct uk_poll_table *pt)
{
	struct epoll *ep = f->priv;

	uk_poll_wait(pt, &ep->pq);
	return uk_list_empty(&ep->ready) ? 0 : POLLIN | POLLRDNORM;
}

static int epoll_release(struct uk_file *f)
{
	struct epoll *ep = f->priv;

	uk_mutex_lock(&ep->lock);
	while (!uk_list_empty(&ep->items))
		item_remove(uk_list_entry(ep->items.next,
					  struct uk_epoll_item, link));
	uk_mutex_unlock(&ep->lock);
	uk_free(ep);
	return 0;
}

static const struct uk_file_ops epoll_ops = {
	.poll = epoll_poll,
	.fstat = uk_file_anon_fstat,
	.release = epoll_release,
};

int epoll_create1(int flags)
{
	struct epoll *ep;

	if (flags & ~EPOLL_CLOEXEC)
		return fail(EINVAL);
	ep = uk_calloc(1, sizeof(*ep));
	if (!ep)
		return fail(ENOMEM);
	uk_mutex_init(&ep->lock, 1);
	uk_pollq_init(&ep->pq);
	uk_list_init(&ep->items);
	uk_list_init(&ep->ready);
	uk_file_init(&ep->file, &epoll_ops, ep, O_RDWR);
	return uk_fd_install_new(&ep->file, flags & EPOLL_CLOEXEC);
}

int epoll_create(int size)
{
	if (size <= 0)
		return fail(EINVAL);
	return epoll_create1(0);
}
