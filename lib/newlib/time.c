/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks and sleeping.  CLOCK_REALTIME is the platform's wall clock (RTC
 * or hypervisor), CLOCK_MONOTONIC its monotonic clock.  Every sleep ends
 * in newlib_wait_until(): a thread sleep with uksched, otherwise the CPU
 * halts until the platform timer fires at the deadline.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#if CONFIG_LIBUKSCHED
#include <uk/sched.h>
#endif
#include "glue.h"

#define NSEC_PER_SEC	UK_NSEC_PER_SEC
#define NSEC_PER_USEC	1000ULL

void newlib_wait_until(uint64_t deadline_ns)
{
#if CONFIG_LIBUKSCHED
	uk_sched_sleep_until(deadline_ns);
#else
	/* The only thread: idle means halted, woken by the timer. */
	while (uk_plat_monotonic_ns() < deadline_ns) {
		uk_plat_timer_set(deadline_ns);
		uk_plat_halt();
	}
	uk_plat_timer_set(0);
#endif
}

static void ns_to_timespec(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
}

/* A timespec as nanoseconds, saturating; -1 if it is not valid. */
static int64_t timespec_to_ns(const struct timespec *ts)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
	    (uint64_t)ts->tv_nsec >= NSEC_PER_SEC)
		return -1;
	if ((uint64_t)ts->tv_sec >= INT64_MAX / NSEC_PER_SEC)
		return INT64_MAX;
	return (int64_t)ts->tv_sec * (int64_t)NSEC_PER_SEC + ts->tv_nsec;
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

time_t time(time_t *t)
{
	time_t now = (time_t)(uk_plat_wall_ns() / NSEC_PER_SEC);

	if (t)
		*t = now;
	return now;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ns = uk_plat_wall_ns();

	if (tv) {
		tv->tv_sec = (time_t)(ns / NSEC_PER_SEC);
		tv->tv_usec = (suseconds_t)(ns % NSEC_PER_SEC / NSEC_PER_USEC);
	}
	if (tz) {
		/* UTC; the obsolete time zone argument is all zeros on Linux */
		((struct timezone *)tz)->tz_minuteswest = 0;
		((struct timezone *)tz)->tz_dsttime = 0;
	}
	return 0;
}

int settimeofday(const struct timeval *tv, const struct timezone *tz)
{
	return glue_err(EPERM);	/* the wall clock belongs to the host */
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	switch (clk) {
	case CLOCK_REALTIME:
		ns_to_timespec(uk_plat_wall_ns(), ts);
		return 0;
	case CLOCK_MONOTONIC:
		ns_to_timespec(uk_plat_monotonic_ns(), ts);
		return 0;
	default:
		return glue_err(EINVAL);
	}
}

int clock_getres(clockid_t clk, struct timespec *res)
{
	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC)
		return glue_err(EINVAL);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

int clock_settime(clockid_t clk, const struct timespec *ts)
{
	if (clk != CLOCK_REALTIME)
		return glue_err(EINVAL);
	return glue_err(EPERM);
}

/* Processor time: one program owns the CPU, so the time since boot. */
clock_t clock(void)
{
	return (clock_t)(uk_plat_monotonic_ns() / (NSEC_PER_SEC / CLOCKS_PER_SEC));
}

clock_t times(struct tms *buf)
{
	clock_t ticks = (clock_t)(uk_plat_monotonic_ns() /
				  (NSEC_PER_SEC / NEWLIB_CLK_TCK));

	if (buf) {
		buf->tms_utime = ticks;
		buf->tms_stime = 0;
		buf->tms_cutime = 0;
		buf->tms_cstime = 0;
	}
	return ticks;
}

/* Returns 0 or an error number (clock_nanosleep's convention). */
static int sleep_ns(clockid_t clk, int flags, const struct timespec *req)
{
	int64_t ns = timespec_to_ns(req);
	uint64_t now, deadline;

	if (ns < 0)
		return EINVAL;
	if (clk != CLOCK_MONOTONIC && clk != CLOCK_REALTIME)
		return EINVAL;
	if (flags & TIMER_ABSTIME) {
		/* as a monotonic deadline: the wall clock does not jump here */
		now = clk == CLOCK_REALTIME ? uk_plat_wall_ns()
					    : uk_plat_monotonic_ns();
		if ((uint64_t)ns <= now)
			return 0;
		ns = (int64_t)((uint64_t)ns - now);
	}
	deadline = add_sat(uk_plat_monotonic_ns(), (uint64_t)ns);
	newlib_wait_until(deadline);
	return 0;
}

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	int rc = sleep_ns(clk, flags, req);

	/* nothing interrupts a sleep: no time remains */
	if (!rc && rem && !(flags & TIMER_ABSTIME))
		rem->tv_sec = rem->tv_nsec = 0;
	return rc;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	int rc = clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);

	return rc ? glue_err(rc) : 0;
}

int usleep(useconds_t us)
{
	struct timespec ts = {
		.tv_sec = us / 1000000,
		.tv_nsec = (long)(us % 1000000) * 1000,
	};

	return nanosleep(&ts, NULL);
}

unsigned int sleep(unsigned int seconds)
{
	struct timespec ts = { .tv_sec = seconds, .tv_nsec = 0 };

	nanosleep(&ts, NULL);
	return 0;
}
