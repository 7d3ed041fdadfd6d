/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * timerfd, as Linux's: a timer as a file.  A read of 8 bytes waits for an
 * expiry and returns how many happened since the last read; the file is
 * readable while that count is not zero, so timers sit in poll and epoll
 * beside sockets.  uksched's timer thread (uk/timer.h) counts expiries,
 * periods it slept through included.  Absolute CLOCK_REALTIME times are
 * turned into the monotonic clock when set (a later change of the wall
 * clock does not move them).  State changes with interrupts off (the
 * wait-queue rule).
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
#include <uk/timer.h>
#include <uk/wait.h>

struct timerfd {
	struct uk_file file;
	struct uk_waitq wq;	/* readers waiting for an expiry */
	struct uk_pollq pq;
	struct uk_timer timer;
	uint64_t expired;	/* expiries not read yet */
	clockid_t clock;	/* what absolute times are on */
};

/* Every period counts, those the timer thread came late for too. */
static void tick(struct uk_timer *tm, uint64_t periods)
{
	struct timerfd *t = uk_container_of(tm, struct timerfd, timer);
	unsigned long f = uk_irq_save();

	t->expired += periods;
	uk_waitq_wake_all(&t->wq);
	uk_pollq_wake(&t->pq);
	uk_irq_restore(f);
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

	uk_timer_disarm(&t->timer);
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
	uk_timer_init(&t->timer, tick);
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

/* What t has left and reloads with. */
static void current(struct timerfd *t, struct itimerspec *v)
{
	uint64_t left, interval;

	uk_timer_get(&t->timer, &left, &interval);
	ns_ts(left, &v->it_value);
	ns_ts(interval, &v->it_interval);
}

int timerfd_gettime(int fd, struct itimerspec *v)
{
	struct timerfd *t;
	int err = 0;

	t = timerfd_get(fd, &err);
	if (!t)
		return fail(err);
	current(t, v);
	uk_file_put(&t->file);
	return 0;
}

int timerfd_settime(int fd, int flags, const struct itimerspec *v,
		    struct itimerspec *old)
{
	struct timerfd *t;
	unsigned long f;
	uint64_t value;
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
	if (old)
		current(t, old);
	uk_timer_disarm(&t->timer);
	f = uk_irq_save();
	t->expired = 0;		/* arming starts the count anew, as on Linux */
	uk_irq_restore(f);
	value = ts_ns(&v->it_value);
	if (value && uk_timer_set(&t->timer,
				  flags & TFD_TIMER_ABSTIME ?
				  uk_timer_monotonic_of(value,
							t->clock == CLOCK_REALTIME) :
				  uk_plat_monotonic_ns() + value,
				  ts_ns(&v->it_interval)) < 0)
		err = ENOMEM;
	uk_file_put(&t->file);
	return err ? fail(err) : 0;
}
