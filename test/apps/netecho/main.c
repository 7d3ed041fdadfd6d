/*
 * A plain BSD-socket TCP echo server, the acceptance program of lib/uknet
 * (test/boot/test_net.py builds it as the main.c of a helloworld copy).
 *
 * Listens on port 7777 (or argv[1]) and echoes whatever each connection
 * sends until the peer closes.  A connection whose first bytes are
 * "quit" gets "bye\n" back and ends the program: main returns 0 once
 * the client has closed (so that "bye" surely left).
 *
 *   echo [PORT] [poll|epoll]
 *
 * "poll" serves every connection at once from one poll() loop (with
 * non-blocking sockets), "epoll" from one epoll_wait() loop (the listener
 * level-triggered, connections edge-triggered); without either,
 * connections are served one after the other with blocking calls.
 *
 *   echo clockrate
 *
 * prints the monotonic clock five times, 250 ms apart, and returns: the
 * host compares it with its own clock (the TSC rate is measured at boot,
 * in part while the network device comes up).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#define BUF 65536
#define MAXCONN 1100		/* poll mode: connections served at once */
#define CONNBUF 4096		/* poll mode: bytes in flight per connection */

static char buf[BUF];

static int is_quit(const char *b, ssize_t n)
{
	return n >= 4 && !memcmp(b, "quit", 4);
}

static int write_all(int fd, const char *b, size_t n);

/* Says bye and waits (at most 5 s) for the client to close. */
static void bye(int fd)
{
	struct timeval tv = { 5, 0 };
	char tmp[64];

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	write_all(fd, "bye\n", 4);
	shutdown(fd, SHUT_WR);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (read(fd, tmp, sizeof(tmp)) > 0)
		;
	close(fd);
}

static int write_all(int fd, const char *b, size_t n)
{
	while (n) {
		ssize_t w = write(fd, b, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Serves one connection with blocking calls; 1 when told to quit. */
static int serve_one(int c)
{
	int first = 1;

	for (;;) {
		ssize_t n = read(c, buf, sizeof(buf));

		if (n < 0) {
			printf("echo: read: %s\n", strerror(errno));
			return 0;
		}
		if (n == 0)
			return 0;
		if (first && is_quit(buf, n)) {
			bye(c);
			return 1;
		}
		first = 0;
		if (write_all(c, buf, (size_t)n) < 0) {
			printf("echo: write: %s\n", strerror(errno));
			return 0;
		}
	}
}

static int serve_blocking(int l)
{
	unsigned long conns = 0;

	for (;;) {
		struct sockaddr_in peer;
		socklen_t plen = sizeof(peer);
		int c = accept(l, (struct sockaddr *)&peer, &plen);
		int quit;

		if (c < 0) {
			printf("echo: accept: %s\n", strerror(errno));
			return 1;
		}
		conns++;
		quit = serve_one(c);
		if (!quit)
			close(c);
		if (quit) {
			printf("echo: quit after %lu connections\n", conns);
			return 0;
		}
	}
}

/* One poll() loop over the listener and every connection. */
struct conn {
	int fd;
	int first;
	size_t pending, off;	/* bytes of out[] still to write */
	char out[CONNBUF];
};

static struct conn *conns[MAXCONN];

static int serve_poll(int l)
{
	static struct pollfd pfd[MAXCONN + 1];
	unsigned long total = 0;
	int i, n = 0;

	fcntl(l, F_SETFL, fcntl(l, F_GETFL) | O_NONBLOCK);
	for (;;) {
		pfd[0].fd = l;
		pfd[0].events = n < MAXCONN ? POLLIN : 0;
		for (i = 0; i < n; i++) {
			pfd[i + 1].fd = conns[i]->fd;
			pfd[i + 1].events = conns[i]->pending ? POLLOUT : POLLIN;
		}
		if (poll(pfd, n + 1, -1) < 0) {
			printf("echo: poll: %s\n", strerror(errno));
			return 1;
		}
		if (pfd[0].revents & POLLIN) {
			int c = accept(l, NULL, NULL);

			if (c >= 0) {
				struct conn *k = malloc(sizeof(*k));

				if (!k) {
					close(c);
				} else {
					fcntl(c, F_SETFL, O_NONBLOCK);
					k->fd = c;
					k->first = 1;
					k->pending = k->off = 0;
					conns[n++] = k;
					total++;
				}
			} else if (errno != EAGAIN) {
				printf("echo: accept: %s\n", strerror(errno));
			}
		}
		for (i = n - 1; i >= 0; i--) {
			struct conn *k = conns[i];
			short re = pfd[i + 1].revents;
			int done = 0;

			if (!re)
				continue;
			if (k->pending) {
				ssize_t w = write(k->fd, k->out + k->off,
						  k->pending);

				if (w > 0) {
					k->off += (size_t)w;
					k->pending -= (size_t)w;
				} else if (w < 0 && errno != EAGAIN) {
					done = 1;
				}
			} else {
				ssize_t r = read(k->fd, k->out, sizeof(k->out));

				if (r > 0 && k->first && is_quit(k->out, r)) {
					bye(k->fd);
					printf("echo: quit after %lu connections"
					       " (poll)\n", total);
					return 0;
				}
				if (r > 0) {
					k->first = 0;
					k->pending = (size_t)r;
					k->off = 0;
				} else if (r == 0 || errno != EAGAIN) {
					done = 1;
				}
			}
			if (done) {
				close(k->fd);
				free(k);
				conns[i] = conns[--n];
			}
		}
	}
}

/*
 * Moves k's bytes as far as they go without blocking, as edge-triggered
 * epoll asks (nothing is reported again until a read or write has said
 * EAGAIN).  Returns 0 to keep k, 1 when it is finished, 2 to quit.
 */
static int pump(struct conn *k)
{
	for (;;) {
		if (k->pending) {
			ssize_t w = write(k->fd, k->out + k->off, k->pending);

			if (w < 0)
				return errno == EAGAIN ? 0 : 1;
			k->off += (size_t)w;
			k->pending -= (size_t)w;
		} else {
			ssize_t r = read(k->fd, k->out, sizeof(k->out));

			if (r < 0)
				return errno == EAGAIN ? 0 : 1;
			if (r == 0)
				return 1;
			if (k->first && is_quit(k->out, r))
				return 2;
			k->first = 0;
			k->pending = (size_t)r;
			k->off = 0;
		}
	}
}

static int serve_epoll(int l)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	static struct epoll_event evs[64];
	unsigned long total = 0;
	int ep = epoll_create1(EPOLL_CLOEXEC), i, n;

	fcntl(l, F_SETFL, fcntl(l, F_GETFL) | O_NONBLOCK);
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev) < 0) {
		printf("echo: epoll: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		n = epoll_wait(ep, evs, 64, -1);
		if (n < 0) {
			printf("echo: epoll_wait: %s\n", strerror(errno));
			return 1;
		}
		for (i = 0; i < n; i++) {
			struct conn *k = evs[i].data.ptr;
			int c, rc;

			if (k) {
				rc = pump(k);
				if (rc == 2) {
					bye(k->fd);
					printf("echo: quit after %lu connections"
					       " (epoll)\n", total);
					return 0;
				}
				if (rc == 1) {
					close(k->fd);	/* leaves the set too */
					free(k);
				}
				continue;
			}
			while ((c = accept(l, NULL, NULL)) >= 0) {
				k = malloc(sizeof(*k));
				if (!k) {
					close(c);
					continue;
				}
				fcntl(c, F_SETFL, O_NONBLOCK);
				k->fd = c;
				k->first = 1;
				k->pending = k->off = 0;
				ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
				ev.data.ptr = k;
				if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev) < 0) {
					printf("echo: epoll_ctl: %s\n", strerror(errno));
					close(c);
					free(k);
					continue;
				}
				total++;
			}
			if (errno != EAGAIN)
				printf("echo: accept: %s\n", strerror(errno));
		}
	}
}

static int clock_rate(void)
{
	struct timespec t, pause = { 0, 250000000 };
	int i;

	for (i = 0; i < 5; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		printf("clock %lld\n",
		       (long long)t.tv_sec * 1000000000LL + t.tv_nsec);
		if (i < 4)
			nanosleep(&pause, NULL);
	}
	return 0;
}

int main(int argc, char *argv[])
{
	int port = argc > 1 ? atoi(argv[1]) : 7777;
	int use_poll = argc > 2 && !strcmp(argv[2], "poll");
	int use_epoll = argc > 2 && !strcmp(argv[2], "epoll");
	struct sockaddr_in a;
	int l, one = 1;

	if (argc > 1 && !strcmp(argv[1], "clockrate"))
		return clock_rate();
	l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0) {
		printf("echo: socket: %s\n", strerror(errno));
		return 1;
	}
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(l, SOMAXCONN) < 0) {
		printf("echo: bind/listen: %s\n", strerror(errno));
		return 1;
	}
	printf("echo: listening on port %d%s\n", port,
	       use_poll ? " (poll)" : use_epoll ? " (epoll)" : "");
	fflush(stdout);
	l = use_poll ? serve_poll(l) : use_epoll ? serve_epoll(l) :
		serve_blocking(l);
	return l;
}
