/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/newlib: helpers shared by the glue files. */
#ifndef __NEWLIB_GLUE_H__
#define __NEWLIB_GLUE_H__

#include <errno.h>
#include <signal.h>
#include <stdint.h>

/*
 * The uk* libraries return 0/positive or a negative errno; POSIX calls
 * return -1 with errno set.
 */
static inline long glue_ret(long rc)
{
	if (rc < 0) {
		errno = (int)-rc;
		return -1;
	}
	return rc;
}

/* times() and sysconf(_SC_CLK_TCK): ticks per second, as on Linux. */
#define NEWLIB_CLK_TCK 100

/* Sets errno to err and returns -1. */
static inline int glue_err(int err)
{
	errno = err;
	return -1;
}

/*
 * Waits until the monotonic clock reaches deadline_ns (time.c).  The one
 * place where the C library blocks for time; uksched replaces its body
 * with a thread sleep.
 */
void newlib_wait_until(uint64_t deadline_ns);

/* Delivers sig to the application as raise() does (signal.c). */
int newlib_signal_raise(int sig);
/* Sends sig to the process as kill() does, saying code and value to an
 * SA_SIGINFO handler or sigwaitinfo (timers: SI_TIMER). */
int newlib_signal_send(int sig, int code, union sigval value);
/* For signalfd.c: the pending signals; takes the lowest of set (waiting
 * for one unless nowait: then 0 if none); the queue woken when one
 * becomes pending. */
struct uk_pollq;
sigset_t newlib_signal_pending(void);
int newlib_signal_take(sigset_t set, siginfo_t *info, int nowait);
struct uk_pollq *newlib_signal_pollq(void);

/* 0 if fd is a terminal (the console), else EBADF or ENOTTY (file.c). */
int newlib_tty_check(int fd);

/* The console's terminal settings (console.c), for termios.c. */
struct termios;
struct termios *newlib_console_termios(void);

#endif /* __NEWLIB_GLUE_H__ */
