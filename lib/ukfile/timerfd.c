/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * timerfd, as Linux's: a timer as a file.  A read of 8 bytes waits for an
 * expiry and returns how many happened since the last read; the file is
 * readable while that count is not zero, so timers sit in poll and epoll
 * beside sockets.  One thread of ours (made at the first arming) sleeps
 * until the soonest armed timer and counts expiries, periods it slept
 * through included.  Absolute CLOCK_REALTIME times are turned into the
 * monotonic clock when set (a later change of the wall clock does not
 * move them).  State changes with interrupts off (the wait-queue rule).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <uk/alloc.h>
#include <uk/arch/irq.h>
#include <uk/file.h>
#include <uk/list.h>
#include <uk/plat/time.h>
#include <uk/poll.h>
#include <uk/sched.h>
#include <uk/wait.h>

struct timerfd {
	struct uk_file file;
	struct uk_waitq wq;	/* readers waiting for an expiry */
	struct uk_pollq pq;
	uint64_t next;		/* monotonic ns of the next expiry; 0: off */
	uint64_t interval;	/* ns; 0: once */
	uint64_t expired;	/* expiries not read yet */
	clockid_t clock;	/* what absolute times are on */
	struct uk_list_head link;	/* in armed while next != 0 */
};

static UK_LIST_HEAD(armed);
static struct uk_waitq rearmed = UK_WAITQ_INIT(rearmed);
static struct uk_thread *ticker;

static void ticker_main(void *arg)
{
	for (;;) {
		unsigned long f = uk_irq_save();
		uint64_t now = uk_plat_monotonic_ns(), soonest = 0;
		struct uk_list_head *p, *n;

		for (p = armed.next; p != &armed; p = n) {
			struct timerfd *t = uk_list_entry(p, struct timerfd, link);
			uint64_t periods;

			n = p->next;
			if (t->next > now) {
				if (!soonest || t->next < soonest)
					soonest = t->next;
				continue;
			}
			periods = t->interval ? 1 + (now - t->next) / t->interval : 1;
			t->expired += periods;
			if (t->interval) {
				t->next += periods * t->interval;
				if (!soonest || t->next < soonest)
					soonest = t->next;
			} else {
				t->next = 0;
				uk_list_del(&t->link);
			}
			uk_waitq_wake_all(&t->wq);
			uk_pollq_wake(&t->pq);
		}
		uk_waitq_wait(&rearmed, soonest);	/* 0: until one is armed */
		uk_irq_restore(f);
	}
}

static ssize_t tfd_read(struct uk_file *f, void *buf, size_t len)
{
	struct timerfd *t = f->priv;
	unsigned long fl;
	uint64_t v;

	if (len < sizeof(v))
		return -EINVAL;
	fl = uk_irq_save();
	while (!t->expired) {
		if (f->flags & O_NONBLOCK) {
			uk_irq_restore(fl);
			return -EAGAIN;
		}
		uk_waitq_wait(&t->wq, 0);
	}
	v = t->expired;
	t->expired = 0;
	uk_irq_restore(fl);
	memcpy(buf, &v, sizeof(v));
	return sizeof(v);
}

static unsigned int tfd_poll(struct uk_file *f, struct uk_poll_table *pt)
{
	struct timerfd *t = f->priv;

	uk_poll_wait(pt, &t->pq);
	return t->expired ? POLLIN | POLLRDNORM : 0;
}

static int tfd_release(struct uk_file *f)
{
	struct timerfd *t = f->priv;
	unsigned long fl = uk_irq_save();

	if (t->next)
		uk_list_del(&t->link);
	uk_irq_restore(fl);
	uk_free(t);
	return 0;
}

static const struct uk_file_ops timerfd_ops = {
	.read = tfd_read,
	.poll = tfd_poll,
	.fstat = uk_file_anon_fstat,
	.release = tfd_release,
};

static int fail(int err)
{
	errno = err;
	return -1;
}

int timerfd_create(clockid_t clockid, int flags)
{
	struct timerfd *t;

	if (clockid != CLOCK_MONOTONIC && clockid != CLOCK_REALTIME)
		return fail(EINVAL);
	if (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK))
		return fail(EINVAL);
	t = uk_calloc(1, sizeof(*t));
	if (!t)
		return fail(ENOMEM);
	uk_waitq_init(&t->wq);
	uk_pollq_init(&t->pq);
	t->clock = clockid;
	uk_file_init(&t->file, &timerfd_ops, t, O_RDONLY | (flags & O_NONBLOCK));
	return uk_fd_install_new(&t->file, flags & TFD_CLOEXEC);
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec;
}

static void ns_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000ULL);
	ts->tv_nsec = (long)(ns % 1000000000ULL);
}

/* The timerfd at fd, with a reference (uk_file_put it), or NULL. */
static struct timerfd *timerfd_get(int fd, int *err)
{
	struct uk_file *f = uk_fd_get(fd);

	if (!f) {
		*err = EBADF;
		return NULL;
	}
	if (f->ops != &timerfd_ops) {
		uk_file_put(f);
		*err = EINVAL;
		return NULL;
	}
	return f->priv;
}

/* What t has left and reloads with; interrupts off. */
static void current(struct timerfd *t, uint64_t now, struct itimerspec *v)
{
	ns_ts(t->next > now ? t->next - now : t->next ? 1 : 0, &v->it_value);
	ns_ts(t->interval, &v->it_interval);
}

int timerfd_gettime(int fd, struct itimerspec *v)
{
	struct timerfd *t;
	unsigned long f;
	int err = 0;

	t = timerfd_get(fd, &err);
	if (!t)
		return fail(err);
	f = uk_irq_save();
	current(t, uk_plat_monotonic_ns(), v);
	uk_irq_restore(f);
	uk_file_put(&t->file);
	return 0;
}

int timerfd_settime(int fd, int flags, const struct itimerspec *v,
		    struct itimerspec *old)
{
	uint64_t now, value, start;
	struct timerfd *t;
	unsigned long f;
	int err = 0;

	if (flags & ~TFD_TIMER_ABSTIME)
		return fail(EINVAL);
	if (!v)
		return fail(EFAULT);
	if (v->it_value.tv_nsec < 0 || v->it_value.tv_nsec > 999999999 ||
	    v->it_interval.tv_nsec < 0 || v->it_interval.tv_nsec > 999999999 ||
	    v->it_value.tv_sec < 0 || v->it_interval.tv_sec < 0)
		return fail(EINVAL);
	t = timerfd_get(fd, &err);
	if (!t)
		return fail(err);
	value = ts_ns(&v->it_value);
	now = uk_plat_monotonic_ns();
	start = now + value;
	if (value && (flags & TFD_TIMER_ABSTIME)) {
		uint64_t clock_now = t->clock == CLOCK_REALTIME ?
				     uk_plat_wall_ns() : now;

		/* a time already past expires at once */
		start = now + (value > clock_now ? value - clock_now : 0);
	}
	if (value && !ticker) {
		ticker = uk_thread_create("timerfd", 0, ticker_main, NULL);
		if (!ticker) {
			uk_file_put(&t->file);
			return fail(ENOMEM);
		}
	}
	f = uk_irq_save();
	if (old)
		current(t, now, old);
	if (t->next)
		uk_list_del(&t->link);
	t->expired = 0;		/* arming starts the count anew, as on Linux */
	t->next = value ? start : 0;
	t->interval = value ? ts_ns(&v->it_interval) : 0;
	if (t->next) {
		uk_list_add_tail(&t->link, &armed);
		uk_waitq_wake_all(&rearmed);
	}
	uk_irq_restore(f);
	uk_file_put(&t->file);
	return 0;
}
