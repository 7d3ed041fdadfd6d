/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals.  Nothing outside the program ever sends one (there are no
 * other processes, no terminal job control), so handlers only run when
 * the program raises a signal itself: raise(), kill(getpid(), ...),
 * sigqueue(), abort(), or one of its timers (itimer.c, posix_timer.c); a
 * thread in sigsuspend(), pause() or sigwait() gets the process's signals
 * sent by another thread.  Handlers, the mask and pending signals are
 * kept as POSIX says (a pending signal keeps what its last sending said,
 * for SA_SIGINFO handlers and sigwaitinfo); a signal whose action is the
 * default ends the VM with a crash report, except those ignored by
 * default.
 *
 * Per-process state: with uksched, blocked masks stay process-wide (one
 * program, and no asynchronous delivery to choose a thread for).
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <uk/crash.h>
#include <uk/plat/time.h>
#if CONFIG_LIBUKSCHED
#include <sys/epoll.h>
#include <uk/arch/irq.h>
#include <uk/poll.h>
#include <uk/wait.h>
#endif
#include "glue.h"

static struct sigaction actions[NSIG];
static sigset_t blocked;
static sigset_t pending;
static siginfo_t infos[NSIG];	/* what the last sending of each said */

#if CONFIG_LIBUKSCHED
/* Threads in sigsuspend(), pause(), sigwait(): woken by a sending. */
static struct uk_waitq signal_waiters = UK_WAITQ_INIT(signal_waiters);
/* signalfd files in poll() and epoll, likewise (signalfd.c). */
static struct uk_pollq signal_pollq = UK_POLLQ_INIT(signal_pollq);

struct uk_pollq *newlib_signal_pollq(void)
{
	return &signal_pollq;
}
#endif

sigset_t newlib_signal_pending(void)
{
	return pending;
}

/* Pending-set changes, with interrupts off where threads can race. */
static unsigned long sig_lock(void)
{
#if CONFIG_LIBUKSCHED
	return uk_irq_save();
#else
	return 0;
#endif
}

static void sig_unlock(unsigned long f)
{
#if CONFIG_LIBUKSCHED
	uk_irq_restore(f);
#endif
}

static void make_pending(int sig)
{
	unsigned long f = sig_lock();

	pending |= 1UL << sig;
#if CONFIG_LIBUKSCHED
	uk_waitq_wake_all(&signal_waiters);
	uk_pollq_wake(&signal_pollq);
#endif
	sig_unlock(f);
}

static int valid(int sig)
{
	return sig > 0 && sig < NSIG;
}

static int ignored_by_default(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
	case SIGCONT:
	/* stopping has no meaning without a shell to resume us */
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return 1;
	default:
		return 0;
	}
}

static void deliver(int sig)
{
	struct sigaction a = actions[sig];
	_sig_func_ptr h = a.sa_handler;
	sigset_t saved = blocked;

	if (h == SIG_IGN || (h == SIG_DFL && ignored_by_default(sig)))
		return;
	if (h == SIG_DFL) {
		if (sig == SIGABRT)
			uk_panic("abort() called");
		/* (not strsignal(): it links 9 KiB of printf for its
		 * "Unknown signal" message) */
		uk_panic("terminated by signal %d", sig);
	}
	/* SA_RESETHAND: this delivery is the handler's last */
	if (a.sa_flags & SA_RESETHAND) {
		actions[sig].sa_handler = SIG_DFL;
		actions[sig].sa_flags &= ~SA_SIGINFO;
	}
	/* sa_mask, and the signal itself unless SA_NODEFER, are blocked
	 * while the handler runs */
	blocked |= a.sa_mask;
	if (!(a.sa_flags & SA_NODEFER))
		blocked |= 1UL << sig;
	if (a.sa_flags & SA_SIGINFO) {
		siginfo_t info = infos[sig];

		a.sa_sigaction(sig, &info, NULL);
	} else {
		h(sig);
	}
	blocked = saved;
}

static void set_info(int sig, int code, union sigval value)
{
	infos[sig] = (siginfo_t){
		.si_signo = sig,
		.si_code = code,
		.si_value = value,
		/* every signal here is the program's own */
		.si_pid = getpid(),
		.si_uid = getuid(),
	};
}

static int raise_info(int sig, int code, union sigval value)
{
	if (!valid(sig))
		return glue_err(EINVAL);
	set_info(sig, code, value);
	if (blocked & (1UL << sig) && sig != SIGKILL && sig != SIGSTOP) {
		make_pending(sig);
		return 0;
	}
	deliver(sig);
	return 0;
}

int newlib_signal_raise(int sig)
{
	return raise_info(sig, SI_USER, (union sigval){ 0 });
}

/* Delivers the pending signals that are no longer blocked; how many. */
static int deliver_pending(void)
{
	int sig, n = 0;

	for (sig = 1; sig < NSIG; sig++) {
		if ((pending & (1UL << sig)) && !(blocked & (1UL << sig))) {
			pending &= ~(1UL << sig);
			deliver(sig);
			n++;
		}
	}
	return n;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	if (!valid(sig))
		return glue_err(EINVAL);
	if (old)
		*old = actions[sig];
	if (act) {
		if ((sig == SIGKILL || sig == SIGSTOP) &&
		    act->sa_handler != SIG_DFL)
			return glue_err(EINVAL);
		actions[sig] = *act;
		/* a signal now ignored is discarded even while pending */
		if (act->sa_handler == SIG_IGN ||
		    (act->sa_handler == SIG_DFL && ignored_by_default(sig)))
			pending &= ~(1UL << sig);
	}
	return 0;
}

_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
	struct sigaction act, old;

	memset(&act, 0, sizeof(act));
	act.sa_handler = handler;
	if (sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	sigset_t unblockable = (1UL << SIGKILL) | (1UL << SIGSTOP);

	if (old)
		*old = blocked;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK:
		blocked |= *set;
		break;
	case SIG_UNBLOCK:
		blocked &= ~*set;
		break;
	case SIG_SETMASK:
		blocked = *set;
		break;
	default:
		return glue_err(EINVAL);
	}
	blocked &= ~unblockable;
	/* POSIX: at least one unblocked pending signal is delivered before
	 * sigprocmask returns */
	deliver_pending();
	return 0;
}

/* The mask is the process's (see above): a thread's is that one. */
int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	int saved = errno, rc;

	rc = sigprocmask(how, set, old) < 0 ? errno : 0;
	errno = saved;
	return rc;
}

int sigpending(sigset_t *set)
{
	*set = pending;
	return 0;
}

int raise(int sig)
{
	return newlib_signal_raise(sig);
}

/*
 * Threads waiting in sigsuspend() or pause().  A signal sent to the
 * process (kill) while one waits goes to it, as Linux gives a process's
 * signal to a thread that does not block it: it is made pending and the
 * waiters woken.  Otherwise the sender runs the handler itself (or, if
 * the signal is blocked, makes it pending: a thread in sigwait() takes
 * it).
 */
static int suspended;

int newlib_signal_send(int sig, int code, union sigval value)
{
	if (!valid(sig))
		return glue_err(EINVAL);
#if CONFIG_LIBUKSCHED
	if (suspended) {
		set_info(sig, code, value);
		make_pending(sig);
		return 0;
	}
#endif
	return raise_info(sig, code, value);
}

/* The program is process 1 (see getpid()); there is no other. */
int kill(pid_t pid, int sig)
{
	if (pid != 1 && pid != 0 && pid != -1)
		return glue_err(ESRCH);
	if (sig == 0)
		return 0;	/* only checks that the process exists */
	return newlib_signal_send(sig, SI_USER, (union sigval){ 0 });
}

int sigqueue(pid_t pid, int sig, const union sigval value)
{
	if (pid != 1 && pid != 0)
		return glue_err(ESRCH);
	if (sig == 0)
		return 0;
	return newlib_signal_send(sig, SI_QUEUE, value);
}

/*
 * Takes the lowest signal of set off the pending ones, waiting until
 * monotonic time deadline (0: for ever; a past time: not at all) for one
 * to be sent (by another thread, or a timer).  The signal's handler does
 * not run.  Returns the signal, or 0 at the deadline.
 */
static int take(sigset_t set, siginfo_t *info, uint64_t deadline)
{
	for (;;) {
		unsigned long f = sig_lock();
		sigset_t ready = pending & set;
		int sig;

		if (ready) {
			for (sig = 1; !(ready & (1UL << sig)); sig++)
				;
			pending &= ~(1UL << sig);
			sig_unlock(f);
			if (info)
				*info = infos[sig];
			return sig;
		}
		if (deadline && uk_plat_monotonic_ns() >= deadline) {
			sig_unlock(f);
			return 0;
		}
#if CONFIG_LIBUKSCHED
		uk_waitq_wait(&signal_waiters, deadline);
#else
		/* nothing else runs: only the deadline can end this wait */
		if (!deadline)
			uk_panic("sigwait() with no signal pending and no thread"
				 " to send one");
		newlib_wait_until(deadline);
#endif
		sig_unlock(f);
	}
}

int newlib_signal_take(sigset_t set, siginfo_t *info, int nowait)
{
	return take(set, info, nowait);	/* 1: a time long past */
}

int sigwait(const sigset_t *set, int *sig)
{
	*sig = take(*set, NULL, 0);
	return 0;
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	return take(*set, info, 0);
}

int sigtimedwait(const sigset_t *set, siginfo_t *info,
		 const struct timespec *timeout)
{
	uint64_t deadline = 0;
	int sig;

	if (timeout) {
		if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 ||
		    timeout->tv_nsec >= 1000000000L)
			return glue_err(EINVAL);
		deadline = uk_plat_monotonic_ns() +
			   (uint64_t)timeout->tv_sec * 1000000000ULL +
			   (uint64_t)timeout->tv_nsec;
	}
	sig = take(*set, info, deadline);
	return sig ? sig : glue_err(EAGAIN);
}

/*
 * Waits until a signal the mask lets through is delivered, then restores
 * the mask and fails with EINTR, as POSIX says.  Only the program sends
 * signals here: without another thread to send one, a wait with none
 * pending never ends (the CPU idles, as for pause() on Linux when no one
 * signals).
 */
int sigsuspend(const sigset_t *mask)
{
	sigset_t saved = blocked;

	blocked = *mask & ~((1UL << SIGKILL) | (1UL << SIGSTOP));
	suspended++;
	while (!deliver_pending()) {
#if CONFIG_LIBUKSCHED
		unsigned long f = uk_irq_save();

		if (!(pending & ~blocked))
			uk_waitq_wait(&signal_waiters, 0);
		uk_irq_restore(f);
#else
		newlib_wait_until(uk_plat_monotonic_ns() + 1000000000ULL);
#endif
	}
	suspended--;
	blocked = saved;
	return glue_err(EINTR);
}

int pause(void)
{
	sigset_t now = blocked;

	return sigsuspend(&now);
}

/*
 * The alternate signal stack is kept and reported; no handler ever runs
 * on it, as every handler runs where its signal is raised.
 */
static stack_t alt_stack = { .ss_flags = SS_DISABLE };

int sigaltstack(const stack_t *ss, stack_t *old)
{
	if (old)
		*old = alt_stack;
	if (!ss)
		return 0;
	if (ss->ss_flags & ~SS_DISABLE)
		return glue_err(EINVAL);
	if (!(ss->ss_flags & SS_DISABLE) && ss->ss_size < MINSIGSTKSZ)
		return glue_err(ENOMEM);
	alt_stack = *ss;
	return 0;
}

/* sigsetjmp is a macro in our <setjmp.h>; this is its other half. */
void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__saved)
		sigprocmask(SIG_SETMASK, &env->__mask, NULL);
	longjmp(env->__env, val ? val : 1);
}

#if CONFIG_LIBUKSCHED
/* lib/ukfile's epoll_wait under a signal mask for its duration. */
int epoll_pwait(int epfd, struct epoll_event *events, int maxevents,
		int timeout, const sigset_t *mask)
{
	sigset_t old;
	int rc, e;

	if (mask)
		sigprocmask(SIG_SETMASK, mask, &old);
	rc = epoll_wait(epfd, events, maxevents, timeout);
	e = errno;
	if (mask)
		sigprocmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return rc;
}
#endif
