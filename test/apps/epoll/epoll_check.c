/*
 * epoll and eventfd, seen from a program: test_sched.py runs this in the
 * VM and on the host (Linux) and wants the same output.  Only outcomes
 * are printed (counts, events, errno names), never times or addresses.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static const char *err(void)
{
	switch (errno) {
	case EBADF: return "EBADF";
	case EEXIST: return "EEXIST";
	case ENOENT: return "ENOENT";
	case EINVAL: return "EINVAL";
	case EAGAIN: return "EAGAIN";
	case ELOOP: return "ELOOP";
	case EPERM: return "EPERM";
	default: return strerror(errno);
	}
}

/* The call first, then errno: C leaves the order of arguments open. */
#define TRY(label, call)						\
	do {								\
		long rc_ = (long)(call);				\
		printf("%s: %ld%s%s\n", label, rc_, rc_ < 0 ? " " : "",	\
		       rc_ < 0 ? err() : "");				\
	} while (0)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int add(int ep, int fd, uint32_t events, uint64_t cookie)
{
	struct epoll_event ev = { .events = events, .data.u64 = cookie };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* Waits and prints what came back, in a fixed order. */
static int show(const char *what, int ep, int max, int timeout)
{
	struct epoll_event evs[8];
	int n = epoll_wait(ep, evs, max, timeout), i;

	printf("%s: %d", what, n);
	if (n < 0)
		printf(" (%s)", err());
	for (i = 0; i < n; i++)
		printf(" [%llu:%s%s%s%s]", (unsigned long long)evs[i].data.u64,
		       evs[i].events & EPOLLIN ? "in" : "",
		       evs[i].events & EPOLLOUT ? "out" : "",
		       evs[i].events & EPOLLHUP ? "hup" : "",
		       evs[i].events & EPOLLERR ? "err" : "");
	printf("\n");
	return n;
}

static void drain(int fd)
{
	char buf[4096];
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	fcntl(fd, F_SETFL, fl);
}

static int later_fd;

/* Writes one byte to later_fd after 50 ms. */
static void *write_later(void *arg)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	uint64_t one = 1;

	nanosleep(&ts, NULL);
	if (arg)
		write(later_fd, &one, sizeof(one));
	else
		write(later_fd, "x", 1);
	return NULL;
}

static void levels_and_edges(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC), p[2], q[2];

	pipe(p);
	pipe(q);
	printf("create1: %s\n", ep >= 0 ? "ok" : err());
	printf("cloexec: %d\n", (fcntl(ep, F_GETFD) & FD_CLOEXEC) != 0);
	printf("add level: %d\n", add(ep, p[0], EPOLLIN, 1));
	printf("add edge: %d\n", add(ep, q[0], EPOLLIN | EPOLLET, 2));
	show("nothing yet", ep, 8, 0);
	write(p[1], "ab", 2);
	write(q[1], "cd", 2);
	show("both", ep, 8, 0);
	show("level again, edge not", ep, 8, 0);
	write(q[1], "e", 1);
	show("edge after more data", ep, 8, 0);
	drain(p[0]);
	drain(q[0]);
	show("drained", ep, 8, 0);
	write(q[1], "f", 1);
	show("edge after drain", ep, 8, 0);

	printf("-- oneshot\n");
	struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT, .data.u64 = 3 };
	printf("mod oneshot: %d\n", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	write(p[1], "g", 1);
	show("oneshot", ep, 8, 0);
	show("oneshot disabled", ep, 8, 0);
	ev.data.u64 = 4;
	printf("mod rearm: %d\n", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	show("rearmed", ep, 8, 0);

	printf("-- writable and hang-up\n");
	drain(p[0]);
	drain(q[0]);
	printf("add write end: %d\n", add(ep, p[1], EPOLLOUT, 5));
	show("pipe writable", ep, 8, 0);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	while (write(p[1], "0123456789abcdef", 16) == 16)
		;
	printf("full: %s\n", err());
	show("full pipe", ep, 8, 0);
	drain(p[0]);
	show("room again", ep, 8, 0);
	printf("del write end: %d\n", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
	close(q[1]);
	show("writer of q closed", ep, 8, 0);
	close(q[0]);
	close(p[0]);
	close(p[1]);
	show("all closed", ep, 8, 0);
	close(ep);
}

static void errors(void)
{
	int ep = epoll_create(1), p[2], ep2;
	struct epoll_event ev = { .events = EPOLLIN };

	pipe(p);
	printf("-- errors\n");
	TRY("create(0)", epoll_create(0));
	TRY("create1(bad flag)", epoll_create1(1));
	printf("add: %d\n", add(ep, p[0], EPOLLIN, 1));
	TRY("add again", add(ep, p[0], EPOLLIN, 1));
	TRY("mod unknown", epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev));
	TRY("del unknown", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], &ev));
	TRY("bad op", epoll_ctl(ep, 99, p[0], &ev));
	TRY("itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
	TRY("bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev));
	TRY("not an epoll", epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &ev));
	TRY("wait maxevents 0", epoll_wait(ep, &ev, 0, 0));
	TRY("wait on a pipe", epoll_wait(p[0], &ev, 1, 0));
	{
		sigset_t usr2, now;

		sigemptyset(&usr2);
		sigaddset(&usr2, SIGUSR2);
		TRY("pwait with a mask", epoll_pwait(ep, &ev, 1, 0, &usr2));
		sigprocmask(SIG_BLOCK, NULL, &now);
		printf("mask as before: %d\n", !sigismember(&now, SIGUSR2));
	}
	ep2 = epoll_create1(0);
	printf("ep2 holds ep: %d\n", add(ep2, ep, EPOLLIN, 9));
	TRY("ep holds ep2", add(ep, ep2, EPOLLIN, 10));
	write(p[1], "x", 1);
	show("nested: ep2 sees ep", ep2, 8, 0);
	show("ep itself", ep, 8, 0);
	/* Closing the last descriptor of a file takes it out of the set. */
	close(p[0]);
	show("read end closed", ep, 8, 0);
	TRY("del closed", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], &ev));
	close(p[1]);
	close(ep2);
	close(ep);
}

static void dups(void)
{
	int ep = epoll_create1(0), p[2], d;

	pipe(p);
	printf("-- dup keeps the file in the set\n");
	d = dup(p[0]);
	printf("add: %d\n", add(ep, p[0], EPOLLIN, 7));
	close(p[0]);
	write(p[1], "x", 1);
	show("original closed, dup open", ep, 8, 0);
	close(d);
	show("dup closed too", ep, 8, 0);
	close(p[1]);
	close(ep);
}

static void blocking(void)
{
	int ep = epoll_create1(0), p[2], i;
	pthread_t t;
	double t0;

	pipe(p);
	printf("-- blocking waits\n");
	add(ep, p[0], EPOLLIN, 1);
	t0 = now();
	show("timeout 100 ms", ep, 8, 100);
	printf("waited at least 90 ms: %d\n", now() - t0 >= 0.09);
	later_fd = p[1];
	pthread_create(&t, NULL, write_later, NULL);
	t0 = now();
	show("woken by a writer thread", ep, 8, -1);
	printf("waited at least 40 ms: %d\n", now() - t0 >= 0.04);
	pthread_join(t, NULL);
	drain(p[0]);
	/* maxevents smaller than what is ready: the rest come next */
	int more[3][2];
	for (i = 0; i < 3; i++) {
		pipe(more[i]);
		add(ep, more[i][0], EPOLLIN, 20 + i);
		write(more[i][1], "y", 1);
	}
	show("max 2", ep, 2, 0);
	show("max 2, again", ep, 2, 0);
	for (i = 0; i < 3; i++) {
		close(more[i][0]);
		close(more[i][1]);
	}
	close(p[0]);
	close(p[1]);
	close(ep);
}

static void eventfds(void)
{
	uint64_t v = 0;
	int e = eventfd(3, EFD_NONBLOCK), s, ep;
	struct pollfd pfd;
	pthread_t t;

	printf("-- eventfd\n");
	TRY("read", read(e, &v, 8));
	printf("value: %llu\n", (unsigned long long)v);
	TRY("read empty", read(e, &v, 8));
	TRY("short read", read(e, &v, 4));
	v = UINT64_MAX;
	TRY("write max", write(e, &v, 8));
	v = UINT64_MAX - 1;
	TRY("write max - 1", write(e, &v, 8));
	v = 1;
	TRY("one more", write(e, &v, 8));
	pfd.fd = e;
	pfd.events = POLLIN | POLLOUT;
	TRY("poll full", poll(&pfd, 1, 0));
	printf("in %d out %d\n", !!(pfd.revents & POLLIN), !!(pfd.revents & POLLOUT));
	TRY("eventfd_read", eventfd_read(e, &v));
	printf("value: %llu\n", (unsigned long long)v);
	close(e);

	s = eventfd(0, EFD_SEMAPHORE | EFD_NONBLOCK);
	eventfd_write(s, 2);
	TRY("semaphore read", read(s, &v, 8));
	printf("value: %llu\n", (unsigned long long)v);
	TRY("semaphore read", read(s, &v, 8));
	printf("value: %llu\n", (unsigned long long)v);
	TRY("semaphore read", read(s, &v, 8));
	close(s);

	e = eventfd(0, 0);
	ep = epoll_create1(0);
	add(ep, e, EPOLLIN | EPOLLET, 42);
	later_fd = e;
	pthread_create(&t, NULL, write_later, &e);
	show("eventfd in epoll, blocking read side", ep, 8, -1);
	TRY("blocking read", read(e, &v, 8));
	printf("value: %llu\n", (unsigned long long)v);
	pthread_join(t, NULL);
	close(ep);
	close(e);
}

static void timerfds(void)
{
	int t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK), ep, r, p[2];
	struct itimerspec its, cur;
	struct timespec rt, pause = { 0, 55 * 1000 * 1000 };
	uint64_t n = 0;
	double t0;

	printf("-- timerfd\n");
	memset(&its, 0, sizeof(its));
	TRY("read unarmed", read(t, &n, 8));
	its.it_value.tv_nsec = 30 * 1000 * 1000;
	TRY("settime 30 ms", timerfd_settime(t, 0, &its, NULL));
	timerfd_gettime(t, &cur);
	printf("left at most 30 ms: %d\n", cur.it_value.tv_sec == 0 &&
	       cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 30000000);
	ep = epoll_create1(0);
	add(ep, t, EPOLLIN, 77);
	t0 = now();
	show("timer in epoll", ep, 8, -1);
	printf("waited at least 20 ms: %d\n", now() - t0 >= 0.02);
	TRY("read", read(t, &n, 8));
	printf("expirations: %llu\n", (unsigned long long)n);
	TRY("read again", read(t, &n, 8));
	its.it_value.tv_nsec = its.it_interval.tv_nsec = 10 * 1000 * 1000;
	timerfd_settime(t, 0, &its, NULL);
	nanosleep(&pause, NULL);
	TRY("read after 55 ms of a 10 ms period", read(t, &n, 8));
	printf("at least 4 expirations: %d\n", n >= 4);
	timerfd_gettime(t, &cur);
	printf("interval: %ld ns\n", cur.it_interval.tv_nsec);
	memset(&its, 0, sizeof(its));
	timerfd_settime(t, 0, &its, &cur);
	printf("disarming returns the old interval: %ld ns\n", cur.it_interval.tv_nsec);
	timerfd_gettime(t, &cur);
	printf("disarmed: %d\n", !cur.it_value.tv_sec && !cur.it_value.tv_nsec);
	show("disarmed timer in epoll", ep, 8, 0);
	close(t);
	/* absolute, on the wall clock, 20 ms ahead; a blocking read */
	r = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC);
	clock_gettime(CLOCK_REALTIME, &rt);
	rt.tv_nsec += 20 * 1000 * 1000;
	if (rt.tv_nsec >= 1000000000) {
		rt.tv_sec++;
		rt.tv_nsec -= 1000000000;
	}
	its.it_value = rt;
	TRY("absolute settime", timerfd_settime(r, TFD_TIMER_ABSTIME, &its, NULL));
	TRY("blocking read", read(r, &n, 8));
	printf("expirations: %llu\n", (unsigned long long)n);
	TRY("short read", read(r, &n, 4));
	its.it_value.tv_nsec = 1000000000;
	TRY("nsec 1e9", timerfd_settime(r, 0, &its, NULL));
	TRY("bad flags", timerfd_settime(r, 8, &its, NULL));
	close(r);
	TRY("bad clock", timerfd_create(12345, 0));
	TRY("bad create flags", timerfd_create(CLOCK_MONOTONIC, 999));
	pipe(p);
	TRY("gettime on a pipe", timerfd_gettime(p[0], &cur));
	close(p[0]);
	close(p[1]);
	close(ep);
}

static void *send_usr2_later(void *arg)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	kill(getpid(), SIGUSR2);
	return NULL;
}

static const char *code(int c)
{
	return c == SI_USER ? "SI_USER" : c == SI_QUEUE ? "SI_QUEUE" : "other";
}

static void signalfds(void)
{
	struct signalfd_siginfo si[2];
	sigset_t set, old;
	pthread_t th;
	int s, ep, p[2];

	printf("-- signalfd\n");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	s = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	printf("signalfd: %d\n", s >= 0);
	TRY("read with none pending", read(s, si, sizeof(si)));
	ep = epoll_create1(0);
	add(ep, s, EPOLLIN, 5);
	show("none pending in epoll", ep, 8, 0);
	kill(getpid(), SIGUSR1);
	show("SIGUSR1 pending in epoll", ep, 8, 0);
	TRY("read", read(s, si, sizeof(si)));
	printf("signal %s, %s\n", si[0].ssi_signo == SIGUSR1 ? "SIGUSR1" : "other",
	       code(si[0].ssi_code));
	show("taken", ep, 8, 0);
	sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 31 });
	TRY("short read", read(s, si, 100));
	TRY("read", read(s, si, sizeof(si)));
	printf("signal %s, %s, value %d\n",
	       si[0].ssi_signo == SIGUSR1 ? "SIGUSR1" : "other",
	       code(si[0].ssi_code), si[0].ssi_int);
	/* a new mask, with SIGUSR2 sent by a thread while a read blocks */
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	TRY("new mask, same descriptor", signalfd(s, &set, 0) == s);
	fcntl(s, F_SETFL, 0);
	pthread_create(&th, NULL, send_usr2_later, NULL);
	TRY("blocking read", read(s, si, sizeof(si)));
	printf("signal %s\n", si[0].ssi_signo == SIGUSR2 ? "SIGUSR2" : "other");
	pthread_join(th, NULL);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR2);
	TRY("two pending, room for two", read(s, si, sizeof(si)));
	printf("signals %s %s\n", si[0].ssi_signo == SIGUSR1 ? "SIGUSR1" : "other",
	       si[1].ssi_signo == SIGUSR2 ? "SIGUSR2" : "other");
	pipe(p);
	TRY("on a pipe", signalfd(p[0], &set, 0));
	TRY("bad flags", signalfd(-1, &set, 12345));
	TRY("bad descriptor", signalfd(999, &set, 0));
	close(p[0]);
	close(p[1]);
	close(ep);
	close(s);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	levels_and_edges();
	errors();
	dups();
	blocking();
	eventfds();
	timerfds();
	signalfds();
	printf("done\n");
	return 0;
}
