/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Waiting for several files at once (poll, select).
 *
 * A file that can become ready later (a socket, the console) embeds a
 * struct uk_pollq and calls uk_pollq_wake() whenever its readiness may
 * have changed (from any thread or an interrupt handler).  Its poll
 * operation (struct uk_file_ops.poll) returns the POLL* events ready now
 * and, when given a table, adds itself with uk_poll_wait() so that the
 * next wake-up reaches the waiting thread:
 *
 *	static unsigned int sock_poll(struct uk_file *f,
 *				      struct uk_poll_table *pt)
 *	{
 *		struct sock *s = f->priv;
 *
 *		uk_poll_wait(pt, &s->pollq);
 *		return (s->rx_ready ? POLLIN : 0) | (s->tx_room ? POLLOUT : 0);
 *	}
 *
 * Files that never block (regular files) leave poll NULL: always ready.
 */
#ifndef __UK_POLL_H__
#define __UK_POLL_H__

#include <stdint.h>
#include <uk/list.h>

struct uk_pollq {
	struct uk_list_head waiters;
};

#define UK_POLLQ_INIT(name) { UK_LIST_HEAD_INIT((name).waiters) }

static inline void uk_pollq_init(struct uk_pollq *q)
{
	uk_list_init(&q->waiters);
}

/* Wakes every poll() and select() waiting on q.  Any context. */
void uk_pollq_wake(struct uk_pollq *q);

struct uk_poll_table;

/* Registers the waiting thread on q; does nothing when pt is NULL. */
void uk_poll_wait(struct uk_poll_table *pt, struct uk_pollq *q);

/*
 * A standing watch on file f, for epoll: registers on the queues f's poll
 * operation adds, and from then on calls fn(arg) on every wake-up of any
 * of them (in any context, with interrupts off: fn must not block), until
 * uk_poll_watch_stop().  A file without a poll operation adds no queue.
 * NULL when out of memory.  uk_poll_watch_complete() is 0 if f added more
 * queues than a watch holds: those wake-ups are missed.
 */
struct uk_file;
struct uk_poll_watch;
struct uk_poll_watch *uk_poll_watch_start(struct uk_file *f,
					  void (*fn)(void *arg), void *arg);
int uk_poll_watch_complete(const struct uk_poll_watch *w);
void uk_poll_watch_stop(struct uk_poll_watch *w);

/*
 * poll() and select() with a relative timeout in nanoseconds (-1: none).
 * Return the POSIX results or a negative errno.
 */
struct pollfd;
int uk_poll(struct pollfd *fds, unsigned long nfds, int64_t timeout_ns);

#endif
