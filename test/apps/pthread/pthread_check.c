/*
 * POSIX threads check (issue 4): the same program runs on the host with
 * Linux pthreads and in Unikit; the boot test compares their output.
 * Only facts that must hold everywhere are printed.
 */
#define _GNU_SOURCE	/* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/time.h>

#define NTHREADS	8
#define INCREMENTS	20000
#define TURNS		1000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *adder(void *arg)
{
	long id = (long)arg;
	int i;

	for (i = 0; i < INCREMENTS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (i % 100 == 0)
			sched_yield();
	}
	return (void *)(id * 10);
}

static pthread_mutex_t pp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cond = PTHREAD_COND_INITIALIZER;
static int turn, turns;

static void *player(void *arg)
{
	int me = (int)(long)arg, i;

	for (i = 0; i < TURNS / 2; i++) {
		pthread_mutex_lock(&pp_lock);
		while (turn != me)
			pthread_cond_wait(&pp_cond, &pp_lock);
		turns++;
		turn = !me;
		pthread_cond_signal(&pp_cond);
		pthread_mutex_unlock(&pp_lock);
	}
	return NULL;
}

static __thread int tls_value = 42;
static __thread char tls_name[16];

static void *tls_worker(void *arg)
{
	long id = (long)arg;
	int ok = (tls_value == 42 && tls_name[0] == 0);
	int i;

	tls_value = (int)id;
	snprintf(tls_name, sizeof(tls_name), "t%ld", id);
	for (i = 0; i < 20; i++)
		sched_yield();
	ok = ok && tls_value == (int)id && tls_name[0] == 't' &&
	     tls_name[1] == '0' + id && tls_name[2] == 0;
	return (void *)(long)ok;
}

static pthread_key_t key;
static int destructed;

static void key_destructor(void *v)
{
	destructed += (int)(long)v;
}

static void *key_worker(void *arg)
{
	pthread_setspecific(key, arg);
	return pthread_getspecific(key);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_count;

static void once_fn(void)
{
	once_count++;
}

static void *once_worker(void *arg)
{
	pthread_once(&once, once_fn);
	return NULL;
}

static void *try_other(void *arg)
{
	return (void *)(long)pthread_mutex_trylock(&lock);
}

static volatile sig_atomic_t usr1_count;

static void on_usr1(int sig)
{
	usr1_count++;
}

/* Sends SIGUSR1 to the process after 50 ms, with it blocked here. */
static void *signaller(void *arg)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	kill(getpid(), SIGUSR1);
	return NULL;
}

/*
 * sigsuspend() in main wakes for a signal another thread sends to the
 * process: SIGUSR1 is blocked in both threads but for main's wait, so
 * Linux too can only give it to main.
 */
static void suspend_for_signal(void)
{
	struct sigaction sa;
	sigset_t usr1, none, now;
	pthread_t t;
	int rc, e;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);
	pthread_sigmask(SIG_BLOCK, &usr1, NULL);
	pthread_create(&t, NULL, signaller, NULL);
	rc = sigsuspend(&none);
	e = errno;
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	printf("sigsuspend: %d %s, handler ran %d time(s), SIGUSR1 blocked "
	       "again: %s\n", rc, e == EINTR ? "EINTR" : strerror(e),
	       (int)usr1_count, sigismember(&now, SIGUSR1) ? "yes" : "no");
	pthread_join(t, NULL);
	pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
}

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1e3 + (b->tv_nsec - a->tv_nsec) / 1e6;
}

/* 200 writes of 1000 bytes into a pipe, then the write end closed */
static volatile sig_atomic_t alrm_count;

static void on_alrm(int sig)
{
	alrm_count++;
}

/* setitimer/getitimer/alarm: the timer's SIGALRM wakes pause() and
 * sigsuspend() in main. */
static void interval_timers(void)
{
	struct itimerval v = { { 0, 0 }, { 0, 50000 } }, off = { { 0, 0 }, { 0, 0 } },
			 got;
	struct timespec t0, t1;
	struct sigaction sa;
	sigset_t alrm, none;
	int rc, e, i;
	unsigned int left;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alrm;
	sigaction(SIGALRM, &sa, NULL);
	getitimer(ITIMER_REAL, &got);
	printf("timer off at first: %s\n", !got.it_value.tv_sec &&
	       !got.it_value.tv_usec ? "yes" : "no");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	setitimer(ITIMER_REAL, &v, NULL);
	getitimer(ITIMER_REAL, &got);
	printf("armed for at most 50 ms: %s\n", !got.it_value.tv_sec &&
	       got.it_value.tv_usec > 0 && got.it_value.tv_usec <= 50000 ?
	       "yes" : "no");
	rc = pause();
	e = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("pause: %d %s, SIGALRM %d, after 40 ms or more: %s\n", rc,
	       e == EINTR ? "EINTR" : strerror(e), (int)alrm_count,
	       elapsed_ms(&t0, &t1) >= 40 ? "yes" : "no");
	/* every 20 ms, blocked but while waiting: one signal per wait */
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &alrm, NULL);
	v.it_value.tv_usec = v.it_interval.tv_usec = 20000;
	setitimer(ITIMER_REAL, &v, NULL);
	for (i = 0; i < 3; i++)
		sigsuspend(&none);
	setitimer(ITIMER_REAL, &off, &got);
	sigprocmask(SIG_UNBLOCK, &alrm, NULL);
	printf("periodic: %d more SIGALRM, interval was %ld us\n",
	       (int)alrm_count - 1, (long)got.it_interval.tv_usec);
	alarm(10);
	left = alarm(0);
	printf("alarm(0) after alarm(10): %u\n", left);
	errno = 0;
	rc = setitimer(99, &v, NULL);
	e = errno;
	printf("setitimer(99): %d %s\n", rc, e == EINVAL ? "EINVAL" : strerror(e));
}

static volatile sig_atomic_t info_code, info_value, info_count;

static void on_rt_info(int sig, siginfo_t *si, void *ctx)
{
	info_code = si->si_code;
	info_value = si->si_value.sival_int;
	info_count++;
}

static pthread_mutex_t notify_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t notify_cond = PTHREAD_COND_INITIALIZER;
static int notify_count, notify_value;

static void on_notify(union sigval v)
{
	pthread_mutex_lock(&notify_lock);
	notify_count++;
	notify_value = v.sival_int;
	pthread_cond_signal(&notify_cond);
	pthread_mutex_unlock(&notify_lock);
}

static const char *code_name(int code)
{
	return code == SI_TIMER ? "SI_TIMER" : code == SI_QUEUE ? "SI_QUEUE" :
	       code == SI_USER ? "SI_USER" : "other";
}

static void *usr2_sender(void *arg)
{
	struct timespec ts = { 0, 30 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	kill(getpid(), SIGUSR2);
	return NULL;
}

/*
 * POSIX timers (timer_create and friends), sigwait/sigwaitinfo/
 * sigtimedwait and sigqueue: signals carry SI_TIMER or SI_QUEUE and the
 * value to an SA_SIGINFO handler or to sigwaitinfo.
 */
static void posix_timers(void)
{
	struct itimerspec its = { { 0, 0 }, { 0, 30 * 1000 * 1000 } }, got;
	struct timespec t0, t1, zero = { 0, 0 }, short_wait = { 0, 20000000 };
	struct sigevent ev;
	struct sigaction sa;
	sigset_t usr1, usr2;
	siginfo_t si;
	timer_t id, id2;
	pthread_t th;
	int rc, e, sig, i;

	/* SIGEV_SIGNAL with a value, to an SA_SIGINFO handler */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_rt_info;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 4242;
	rc = timer_create(CLOCK_MONOTONIC, &ev, &id);
	printf("timer_create: %d\n", rc);
	timer_gettime(id, &got);
	printf("new timer disarmed: %s\n", !got.it_value.tv_sec &&
	       !got.it_value.tv_nsec ? "yes" : "no");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = timer_settime(id, 0, &its, NULL);
	timer_gettime(id, &got);
	printf("timer_settime: %d, armed for at most 30 ms: %s\n", rc,
	       !got.it_value.tv_sec && got.it_value.tv_nsec > 0 &&
	       got.it_value.tv_nsec <= 30000000 ? "yes" : "no");
	sigemptyset(&usr1);
	while (!info_count)
		sigsuspend(&usr1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("expiry: handler with %s, value %d, after 25 ms or more: %s\n",
	       code_name(info_code), (int)info_value,
	       elapsed_ms(&t0, &t1) >= 25 ? "yes" : "no");
	timer_gettime(id, &got);
	printf("one-shot disarmed after: %s, overrun %d\n",
	       !got.it_value.tv_sec && !got.it_value.tv_nsec ? "yes" : "no",
	       timer_getoverrun(id));

	/* periodic, blocked, taken with sigwaitinfo */
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	its.it_value.tv_nsec = its.it_interval.tv_nsec = 10 * 1000 * 1000;
	timer_settime(id, 0, &its, NULL);
	for (i = 0; i < 3; i++) {
		sig = sigwaitinfo(&usr1, &si);
		printf("sigwaitinfo: %s, %s, value %d\n",
		       sig == SIGUSR1 ? "SIGUSR1" : "other", code_name(si.si_code),
		       si.si_value.sival_int);
	}
	timer_gettime(id, &got);
	printf("periodic: interval %ld ns\n", (long)got.it_interval.tv_nsec);
	memset(&its, 0, sizeof(its));
	timer_settime(id, 0, &its, &got);
	printf("disarmed; it had interval %ld ns\n", (long)got.it_interval.tv_nsec);
	/* anything sent before the disarm is still pending: drop it */
	while (sigtimedwait(&usr1, NULL, &zero) == SIGUSR1)
		;
	errno = 0;
	rc = sigtimedwait(&usr1, &si, &short_wait);
	e = errno;
	printf("sigtimedwait with none coming: %d %s\n", rc,
	       e == EAGAIN ? "EAGAIN" : strerror(e));
	rc = timer_delete(id);
	printf("timer_delete: %d\n", rc);
	errno = 0;
	rc = timer_delete(id);
	e = errno;
	printf("timer_delete again: %d %s\n", rc,
	       e == EINVAL ? "EINVAL" : strerror(e));

	/* sigqueue, blocked, taken with sigwaitinfo; then to the handler */
	rc = sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 77 });
	sig = sigwaitinfo(&usr1, &si);
	printf("sigqueue: %d, sigwaitinfo %s, %s, value %d\n", rc,
	       sig == SIGUSR1 ? "SIGUSR1" : "other", code_name(si.si_code),
	       si.si_value.sival_int);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	info_count = 0;
	sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 78 });
	printf("sigqueue unblocked: handler %d time(s), %s, value %d\n",
	       (int)info_count, code_name(info_code), (int)info_value);

	/* sigwait for a signal another thread sends */
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &usr2, NULL);
	pthread_create(&th, NULL, usr2_sender, NULL);
	rc = sigwait(&usr2, &sig);
	printf("sigwait: %d, %s\n", rc, sig == SIGUSR2 ? "SIGUSR2" : "other");
	pthread_join(th, NULL);
	pthread_sigmask(SIG_UNBLOCK, &usr2, NULL);

	/* SIGEV_THREAD: the function runs on a thread with the value */
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = on_notify;
	ev.sigev_value.sival_int = 99;
	timer_create(CLOCK_REALTIME, &ev, &id2);
	clock_gettime(CLOCK_REALTIME, &t0);
	its.it_interval.tv_sec = its.it_interval.tv_nsec = 0;
	its.it_value.tv_sec = t0.tv_sec;
	its.it_value.tv_nsec = t0.tv_nsec + 20 * 1000 * 1000;
	if (its.it_value.tv_nsec >= 1000000000) {
		its.it_value.tv_sec++;
		its.it_value.tv_nsec -= 1000000000;
	}
	rc = timer_settime(id2, TIMER_ABSTIME, &its, NULL);
	pthread_mutex_lock(&notify_lock);
	while (!notify_count)
		pthread_cond_wait(&notify_cond, &notify_lock);
	pthread_mutex_unlock(&notify_lock);
	printf("SIGEV_THREAD at an absolute CLOCK_REALTIME time: %d, called "
	       "%d time(s) with %d\n", rc, notify_count, notify_value);
	timer_delete(id2);

	/* SIGEV_NONE only counts; errors */
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_NONE;
	timer_create(CLOCK_MONOTONIC, &ev, &id2);
	its.it_value.tv_sec = 5;
	its.it_value.tv_nsec = 0;
	timer_settime(id2, 0, &its, NULL);
	timer_gettime(id2, &got);
	printf("SIGEV_NONE armed for 5 s: %s\n",
	       got.it_value.tv_sec == 4 || got.it_value.tv_sec == 5 ? "yes" : "no");
	its.it_value.tv_nsec = 1000000000;
	errno = 0;
	rc = timer_settime(id2, 0, &its, NULL);
	e = errno;
	printf("timer_settime(1e9 ns): %d %s\n", rc,
	       e == EINVAL ? "EINVAL" : strerror(e));
	timer_delete(id2);
	errno = 0;
	rc = timer_create(12345, NULL, &id2);
	e = errno;
	printf("timer_create(bad clock): %d %s\n", rc,
	       e == EINVAL ? "EINVAL" : strerror(e));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 1000;
	errno = 0;
	rc = timer_create(CLOCK_MONOTONIC, &ev, &id2);
	e = errno;
	printf("timer_create(bad signal): %d %s\n", rc,
	       e == EINVAL ? "EINVAL" : strerror(e));
}

static int pfd[2];

static void *pipe_writer(void *arg)
{
	char b[1000];
	int i, k;

	for (i = 0; i < 200; i++) {
		for (k = 0; k < 1000; k++)
			b[k] = (char)(i + k);
		if (write(pfd[1], b, sizeof(b)) != sizeof(b))
			break;
	}
	close(pfd[1]);
	return arg;
}

static void pipes(void)
{
	struct pollfd pp;
	pthread_t t;
	char b[3000];
	long total = 0, sum = 0, cap = 0;
	ssize_t n;
	int avail = -1, k;

	signal(SIGPIPE, SIG_IGN);
	if (pipe(pfd) < 0) {
		printf("pipe: %s\n", strerror(errno));
		return;
	}
	pp.fd = pfd[0];
	pp.events = POLLIN;
	printf("pipe: poll when empty: %d\n", poll(&pp, 1, 0));
	n = write(pfd[1], "x", 1);
	k = poll(&pp, 1, 0);
	printf("pipe: poll after a byte: %d, POLLIN: %s\n", k,
	       (pp.revents & POLLIN) ? "yes" : "no");
	ioctl(pfd[0], FIONREAD, &avail);
	printf("pipe: FIONREAD %d, read %zd\n", avail, read(pfd[0], b, 1));
	pthread_create(&t, NULL, pipe_writer, NULL);
	while ((n = read(pfd[0], b, sizeof(b))) > 0) {
		total += n;
		for (k = 0; k < n; k++)
			sum += (unsigned char)b[k];
	}
	pthread_join(t, NULL);
	printf("pipe: %ld bytes through between threads, sum %ld, then read "
	       "returns %zd\n", total, sum, n);
	close(pfd[0]);

	if (pipe(pfd) == 0) {
		close(pfd[0]);
		errno = 0;
		n = write(pfd[1], "x", 1);
		printf("pipe: write with no reader: %zd, EPIPE: %s\n", n,
		       errno == EPIPE ? "yes" : "no");
		close(pfd[1]);
	}
	if (pipe2(pfd, O_NONBLOCK) == 0) {
		errno = 0;
		n = read(pfd[0], b, 1);
		printf("pipe: empty non-blocking read: %zd, EAGAIN: %s\n", n,
		       errno == EAGAIN ? "yes" : "no");
		memset(b, 'z', sizeof(b));
		while ((n = write(pfd[1], b, 2048)) > 0)
			cap += n;
		printf("pipe: a non-blocking pipe takes %ld bytes, then %s\n",
		       cap, errno == EAGAIN ? "EAGAIN" : strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
	}
}

int main(void)
{
	pthread_t t[NTHREADS];
	pthread_attr_t attr;
	struct timespec t0, t1, req = { 0, 50 * 1000 * 1000 }, abs;
	pthread_mutex_t rec;
	pthread_mutexattr_t ma;
	long i, sum = 0;
	void *ret;
	int ok;

	/* 8 threads, 20000 increments each, under one mutex */
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, adder, (void *)i);
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], &ret);
		sum += (long)ret;
	}
	printf("counter: %ld (expected %d)\n", counter, NTHREADS * INCREMENTS);
	printf("join values sum: %ld\n", sum);

	/* condition-variable ping-pong */
	pthread_create(&t[0], NULL, player, (void *)0L);
	pthread_create(&t[1], NULL, player, (void *)1L);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	printf("ping-pong turns: %d\n", turns);

	/* thread-local storage */
	ok = 1;
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, tls_worker, (void *)i);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &ret);
		ok = ok && (long)ret;
	}
	printf("__thread values private: %s, main's untouched: %s\n",
	       ok ? "yes" : "no", tls_value == 42 ? "yes" : "no");

	/* nanosleep of 50 ms */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	nanosleep(&req, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("nanosleep(50ms) within [49, 500] ms: %s\n",
	       elapsed_ms(&t0, &t1) >= 49 && elapsed_ms(&t0, &t1) <= 500 ?
	       "yes" : "no");

	/* attributes, detach, keys, once, recursive mutexes, timed waits */
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	pthread_key_create(&key, key_destructor);
	pthread_create(&t[0], &attr, key_worker, (void *)7L);
	pthread_join(t[0], &ret);
	pthread_create(&t[0], &attr, key_worker, (void *)5L);
	pthread_join(t[0], &ret);
	printf("key value returned: %ld, destructor saw: %d\n", (long)ret,
	       destructed);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, once_worker, NULL);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("once ran: %d time(s)\n", once_count);

	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rec, &ma);
	ok = pthread_mutex_lock(&rec);
	ok |= pthread_mutex_lock(&rec);
	ok |= pthread_mutex_unlock(&rec);
	ok |= pthread_mutex_unlock(&rec);
	printf("recursive mutex locked and unlocked twice: %s\n",
	       ok ? "no" : "yes");
	ok = pthread_mutex_trylock(&lock);
	printf("trylock on a free mutex: %d\n", ok);
	/* a held one, from another thread */
	pthread_create(&t[0], NULL, try_other, NULL);
	pthread_join(t[0], &ret);
	printf("trylock on a held mutex: %s\n",
	       (long)ret == EBUSY ? "EBUSY" : "?");
	pthread_mutex_unlock(&lock);

	pthread_mutex_lock(&pp_lock);
	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_nsec += 20 * 1000 * 1000;
	if (abs.tv_nsec >= 1000000000L) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000L;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ok = pthread_cond_timedwait(&pp_cond, &pp_lock, &abs);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	pthread_mutex_unlock(&pp_lock);
	printf("cond_timedwait(20ms): %s after >= 19 ms: %s\n",
	       ok == ETIMEDOUT ? "ETIMEDOUT" : "?",
	       elapsed_ms(&t0, &t1) >= 19 ? "yes" : "no");
	printf("pthread_equal(self, self): %d\n",
	       pthread_equal(pthread_self(), pthread_self()) != 0);

	pipes();

	/* select() on a descriptor past newlib's own FD_SETSIZE of 64 */
	fflush(stdout);
	if (dup2(1, 100) == 100) {
		struct timeval tv = { 0, 0 };
		fd_set w;

		FD_ZERO(&w);
		FD_SET(100, &w);
		ok = select(101, NULL, &w, NULL, &tv);
		printf("select() on descriptor 100: %d ready, in the set: %s\n",
		       ok, FD_ISSET(100, &w) ? "yes" : "no");
		close(100);
	}
	suspend_for_signal();
	interval_timers();
	posix_timers();
	printf("done\n");
	return 0;
}
