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
	printf("done\n");
	return 0;
}
