/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * poll() over the descriptor table.  One pass asks every file for its
 * readiness and registers the thread on the files' poll queues; if
 * nothing is ready, the thread blocks until a queue is woken or the
 * timeout ends, and asks again.  One CPU: a wake-up between the last
 * check and blocking is seen because both happen with interrupts off.
 */
#include <errno.h>
#include <poll.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/file.h>
#include <uk/poll.h>
#include <uk/sched.h>
#include <uk/arch/irq.h>
#include <uk/plat/time.h>

#define STATIC_ENTRIES 16

struct poll_entry {
	struct uk_list_head link;	/* in the queue's waiters */
	struct uk_poll_table *pt;
};

struct uk_poll_table {
	struct uk_thread *thread;
	/* a standing watch (uk_poll_watch_start) calls this instead */
	void (*fn)(void *arg);
	void *arg;
	int triggered;
	unsigned int n, cap;
	struct poll_entry *entries;
	struct poll_entry small[STATIC_ENTRIES];
	int failed;			/* out of entries: poll by timer */
};

void uk_pollq_wake(struct uk_pollq *q)
{
	unsigned long f = uk_irq_save();
	struct uk_list_head *p;

	uk_list_for_each(p, &q->waiters) {
		struct poll_entry *e = uk_list_entry(p, struct poll_entry, link);

		if (e->pt->fn) {
			e->pt->fn(e->pt->arg);
		} else if (!e->pt->triggered) {
			e->pt->triggered = 1;
			uk_thread_wake(e->pt->thread);
		}
	}
	uk_irq_restore(f);
}

void uk_poll_wait(struct uk_poll_table *pt, struct uk_pollq *q)
{
	struct poll_entry *e;
	unsigned long f;

	if (!pt)
		return;
	if (pt->n == pt->cap) {
		pt->failed = 1;
		return;
	}
	e = &pt->entries[pt->n++];
	e->pt = pt;
	f = uk_irq_save();
	uk_list_add_tail(&e->link, &q->waiters);
	uk_irq_restore(f);
}

static void unregister_all(struct uk_poll_table *pt)
{
	unsigned long f = uk_irq_save();
	unsigned int i;

	for (i = 0; i < pt->n; i++)
		uk_list_del(&pt->entries[i].link);
	pt->n = 0;
	uk_irq_restore(f);
}

/* One pass over fds; registers on queues when pt is given. */
static int scan(struct pollfd *fds, unsigned long nfds,
		struct uk_poll_table *pt)
{
	unsigned long i;
	int ready = 0;

	for (i = 0; i < nfds; i++) {
		struct uk_file *f;
		unsigned int ev;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		f = uk_fd_get(fds[i].fd);
		if (!f) {
			fds[i].revents = POLLNVAL;
			ready++;
			continue;
		}
		ev = f->ops->poll ? f->ops->poll(f, pt) : (POLLIN | POLLOUT |
							  POLLRDNORM | POLLWRNORM);
		uk_file_put(f);
		/* Errors and hang-ups are reported whether asked for or not. */
		fds[i].revents = ev & (fds[i].events | POLLERR | POLLHUP | POLLNVAL);
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

int uk_poll(struct pollfd *fds, unsigned long nfds, int64_t timeout_ns)
{
	struct uk_poll_table pt = { 0 };
	uint64_t deadline = 0;
	unsigned long f;
	int ready;

	if (timeout_ns > 0)
		deadline = uk_plat_monotonic_ns() + timeout_ns;
	pt.thread = uk_thread_current();
	pt.entries = pt.small;
	pt.cap = STATIC_ENTRIES;
	if (nfds * 2 > STATIC_ENTRIES) {
		struct poll_entry *e = uk_malloc(nfds * 2 * sizeof(*e));

		if (e) {
			pt.entries = e;
			pt.cap = nfds * 2;
		}
	}

	ready = scan(fds, nfds, timeout_ns ? &pt : NULL);
	while (!ready && timeout_ns != 0) {
		uint64_t until = deadline;

		/* Queues we could not register on are polled every 10 ms. */
		if (pt.failed) {
			uint64_t soon = uk_plat_monotonic_ns() + 10000000ULL;

			until = (!until || soon < until) ? soon : until;
		}
		f = uk_irq_save();
		if (!pt.triggered) {
			uk_sched_set_deadline(pt.thread, until);
			uk_sched_block();
			uk_sched_set_deadline(pt.thread, 0);
		}
		pt.triggered = 0;
		uk_irq_restore(f);
		ready = scan(fds, nfds, NULL);
		if (!ready && deadline && uk_plat_monotonic_ns() >= deadline)
			break;
	}
	unregister_all(&pt);
	if (pt.entries != pt.small)
		uk_free(pt.entries);
	return ready;
}

/* A standing registration: a poll table that outlives the call. */
#define WATCH_ENTRIES 4

struct uk_poll_watch {
	struct uk_poll_table pt;
	struct poll_entry e[WATCH_ENTRIES];
};

struct uk_poll_watch *uk_poll_watch_start(struct uk_file *f,
					  void (*fn)(void *arg), void *arg)
{
	struct uk_poll_watch *w = uk_calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->pt.fn = fn;
	w->pt.arg = arg;
	w->pt.entries = w->e;
	w->pt.cap = WATCH_ENTRIES;
	if (f->ops->poll)
		f->ops->poll(f, &w->pt);
	return w;
}

int uk_poll_watch_complete(const struct uk_poll_watch *w)
{
	return !w->pt.failed;
}

void uk_poll_watch_stop(struct uk_poll_watch *w)
{
	unregister_all(&w->pt);
	uk_free(w);
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	int rc = uk_poll(fds, nfds, timeout < 0 ? -1 :
			 (int64_t)timeout * 1000000LL);

	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return rc;
}
