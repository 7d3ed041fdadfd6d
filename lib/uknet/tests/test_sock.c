/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of the BSD sockets over the loopback interface: the
 * POSIX calls and their errors, blocking and non-blocking behaviour,
 * timeouts, shutdown and reset, poll/select, UDP, name conversions.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/plat/time.h>

#define LOOP htonl(INADDR_LOOPBACK)

static struct sockaddr_in sin_of(uint32_t addr, int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = addr;
	return a;
}

#define SA(a) ((struct sockaddr *)&(a))

static int listener(int port)
{
	struct sockaddr_in a = sin_of(htonl(INADDR_ANY), port);
	int one = 1, l = socket(AF_INET, SOCK_STREAM, 0);

	if (l < 0)
		return -1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(l, SA(a), sizeof(a)) < 0 || listen(l, 8) < 0) {
		close(l);
		return -1;
	}
	return l;
}

static int connect_to(int port)
{
	struct sockaddr_in a = sin_of(LOOP, port);
	int c = socket(AF_INET, SOCK_STREAM, 0);

	if (c >= 0 && connect(c, SA(a), sizeof(a)) < 0) {
		close(c);
		return -1;
	}
	return c;
}

/* An echo server thread: one connection, until EOF. */
static void echo_thread(void *arg)
{
	int l = (int)(long)arg, c;
	static char buf[4096];
	ssize_t n;

	c = accept(l, NULL, NULL);
	if (c < 0)
		return;
	while ((n = read(c, buf, sizeof(buf))) > 0)
		if (write(c, buf, n) != n)
			break;
	close(c);
}

UK_TESTCASE(sock, tcp_echo_names_and_close)
{
	static char out[100000], in[100000];
	struct sockaddr_in a, b;
	socklen_t len;
	struct stat st;
	size_t i, got = 0, sent = 0;
	int l, c;

	for (i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 13);
	l = listener(8001);
	UK_TEST_ASSERT(l >= 0);
	UK_TEST_ASSERT(uk_thread_create("echo", 0, echo_thread, (void *)(long)l));
	c = connect_to(8001);
	UK_TEST_ASSERT(c >= 0);
	len = sizeof(a);
	UK_TEST_EXPECT(getsockname(c, SA(a), &len) == 0 && len == sizeof(a));
	UK_TEST_EXPECT(a.sin_family == AF_INET && a.sin_addr.s_addr == LOOP &&
		       ntohs(a.sin_port) != 0);
	len = sizeof(b);
	UK_TEST_EXPECT(getpeername(c, SA(b), &len) == 0);
	UK_TEST_EXPECT(ntohs(b.sin_port) == 8001 && b.sin_addr.s_addr == LOOP);
	UK_TEST_EXPECT(fstat(c, &st) == 0 && S_ISSOCK(st.st_mode));
	/* interleave so that neither window fills */
	while (got < sizeof(in)) {
		ssize_t n;

		if (sent < sizeof(out)) {
			n = send(c, out + sent, UK_MIN(sizeof(out) - sent,
						       (size_t)8192), 0);
			UK_TEST_ASSERT(n > 0);
			sent += n;
		}
		n = recv(c, in + got, sizeof(in) - got, 0);
		UK_TEST_ASSERT(n > 0);
		got += n;
	}
	UK_TEST_EXPECT(!memcmp(in, out, sizeof(in)));
	UK_TEST_EXPECT(shutdown(c, SHUT_WR) == 0);
	UK_TEST_EXPECT(recv(c, in, 10, 0) == 0);	/* the server closed */
	UK_TEST_EXPECT(close(c) == 0);
	UK_TEST_EXPECT(close(l) == 0);
	UK_TEST_EXPECT(close(l) == -1 && errno == EBADF);
}

UK_TESTCASE(sock, errors)
{
	struct sockaddr_in a = sin_of(LOOP, 1);
	int s, t, v;
	socklen_t len = sizeof(v);
	char b[4];

	/* nothing listens on port 1 */
	s = socket(AF_INET, SOCK_STREAM, 0);
	UK_TEST_EXPECT(connect(s, SA(a), sizeof(a)) == -1 &&
		       errno == ECONNREFUSED);
	close(s);
	UK_TEST_EXPECT(socket(AF_INET6, SOCK_STREAM, 0) == -1 &&
		       errno == EAFNOSUPPORT);
	UK_TEST_EXPECT(socket(AF_INET, SOCK_RAW, 0) == -1);
	UK_TEST_EXPECT(recv(1, b, 1, 0) == -1 && errno == ENOTSOCK);
	UK_TEST_EXPECT(send(999, b, 1, 0) == -1 && errno == EBADF);
	/* the same port twice, without SO_REUSEADDR */
	s = socket(AF_INET, SOCK_STREAM, 0);
	t = socket(AF_INET, SOCK_STREAM, 0);
	a = sin_of(htonl(INADDR_ANY), 8002);
	UK_TEST_EXPECT(bind(s, SA(a), sizeof(a)) == 0);
	UK_TEST_EXPECT(bind(t, SA(a), sizeof(a)) == -1 && errno == EADDRINUSE);
	UK_TEST_EXPECT(bind(s, SA(a), sizeof(a)) == -1 && errno == EINVAL);
	UK_TEST_EXPECT(bind(t, SA(a), 4) == -1 && errno == EINVAL);
	a = sin_of(inet_addr("10.99.99.99"), 8003);
	UK_TEST_EXPECT(bind(t, SA(a), sizeof(a)) == -1 &&
		       errno == EADDRNOTAVAIL);
	UK_TEST_EXPECT(recv(s, b, 1, 0) == -1 && errno == ENOTCONN);
	UK_TEST_EXPECT(send(s, b, 1, 0) == -1 && errno == ENOTCONN);
	UK_TEST_EXPECT(accept(s, NULL, NULL) == -1 && errno == EINVAL);
	UK_TEST_EXPECT(getpeername(s, SA(a), &len) == -1 && errno == ENOTCONN);
	UK_TEST_EXPECT(setsockopt(s, SOL_SOCKET, 12345, &v, sizeof(v)) == -1 &&
		       errno == ENOPROTOOPT);
	UK_TEST_EXPECT(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len) == 0 &&
		       v == SOCK_STREAM);
	UK_TEST_EXPECT(shutdown(s, 7) == -1 && errno == EINVAL);
	close(s);
	close(t);
}

UK_TESTCASE(sock, nonblocking_and_timeouts)
{
	struct timeval tv = { 0, 200000 };
	struct pollfd p;
	uint64_t t0, dt;
	int l, c, s, v;
	socklen_t len = sizeof(v);
	char b[8];

	l = listener(8004);
	UK_TEST_ASSERT(l >= 0);
	fcntl(l, F_SETFL, O_NONBLOCK);
	UK_TEST_EXPECT(accept(l, NULL, NULL) == -1 && errno == EAGAIN);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	{
		struct sockaddr_in a = sin_of(LOOP, 8004);

		UK_TEST_EXPECT(connect(c, SA(a), sizeof(a)) == -1 &&
			       errno == EINPROGRESS);
	}
	p.fd = c;
	p.events = POLLOUT;
	UK_TEST_EXPECT(poll(&p, 1, 2000) == 1 && (p.revents & POLLOUT));
	UK_TEST_EXPECT(getsockopt(c, SOL_SOCKET, SO_ERROR, &v, &len) == 0 &&
		       v == 0);
	p.fd = l;
	p.events = POLLIN;
	UK_TEST_EXPECT(poll(&p, 1, 2000) == 1);
	s = accept(l, NULL, NULL);
	UK_TEST_ASSERT(s >= 0);
	UK_TEST_EXPECT(recv(c, b, sizeof(b), 0) == -1 && errno == EAGAIN);
	UK_TEST_EXPECT(recv(s, b, sizeof(b), MSG_DONTWAIT) == -1 &&
		       errno == EAGAIN);
	/* a blocking receive with SO_RCVTIMEO */
	UK_TEST_EXPECT(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv,
				  sizeof(tv)) == 0);
	t0 = uk_plat_monotonic_ns();
	UK_TEST_EXPECT(recv(s, b, sizeof(b), 0) == -1 && errno == EAGAIN);
	dt = uk_plat_monotonic_ns() - t0;
	UK_TEST_EXPECT(dt >= 190000000ULL && dt < 1000000000ULL);
	/* TCP_NODELAY round trip */
	v = 1;
	UK_TEST_EXPECT(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v,
				  sizeof(v)) == 0);
	v = 0;
	len = sizeof(v);
	UK_TEST_EXPECT(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &len) == 0 &&
		       v == 1);
	UK_TEST_EXPECT(send(c, "ping", 4, 0) == 4);
	UK_TEST_EXPECT(recv(s, b, sizeof(b), 0) == 4 && !memcmp(b, "ping", 4));
	/* MSG_PEEK leaves the data */
	UK_TEST_EXPECT(send(s, "pong", 4, 0) == 4);
	p.fd = c;
	p.events = POLLIN;
	UK_TEST_EXPECT(poll(&p, 1, 2000) == 1);
	UK_TEST_EXPECT(recv(c, b, 2, MSG_PEEK) == 2 && !memcmp(b, "po", 2));
	UK_TEST_EXPECT(recv(c, b, sizeof(b), 0) == 4 && !memcmp(b, "pong", 4));
	close(c);
	close(s);
	close(l);
}

UK_TESTCASE(sock, reset_and_linger)
{
	struct linger lg = { 1, 0 };
	struct pollfd p;
	int l, c, s;
	char b[8];

	l = listener(8005);
	UK_TEST_ASSERT(l >= 0);
	c = connect_to(8005);
	s = accept(l, NULL, NULL);
	UK_TEST_ASSERT(c >= 0 && s >= 0);
	/* SO_LINGER 0: close() resets the connection */
	UK_TEST_EXPECT(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg,
				  sizeof(lg)) == 0);
	close(s);
	p.fd = c;
	p.events = POLLIN;
	UK_TEST_EXPECT(poll(&p, 1, 2000) == 1);
	UK_TEST_EXPECT(recv(c, b, sizeof(b), 0) == -1 && errno == ECONNRESET);
	UK_TEST_EXPECT(recv(c, b, sizeof(b), 0) == 0);
	UK_TEST_EXPECT(send(c, "x", 1, 0) == -1 && errno == EPIPE);
	close(c);
	/* closing with unread data resets too (as on Linux) */
	c = connect_to(8005);
	s = accept(l, NULL, NULL);
	UK_TEST_ASSERT(c >= 0 && s >= 0);
	UK_TEST_EXPECT(send(c, "unread", 6, 0) == 6);
	p.fd = s;
	UK_TEST_EXPECT(poll(&p, 1, 2000) == 1);
	close(s);
	p.fd = c;
	UK_TEST_EXPECT(poll(&p, 1, 2000) == 1);
	UK_TEST_EXPECT(recv(c, b, sizeof(b), 0) == -1 && errno == ECONNRESET);
	close(c);
	close(l);
}

UK_TESTCASE(sock, select_several)
{
	int l, c[3], s[3], i, n;
	struct timeval tv = { 0, 100000 };
	fd_set r;

	l = listener(8006);
	UK_TEST_ASSERT(l >= 0);
	for (i = 0; i < 3; i++) {
		c[i] = connect_to(8006);
		s[i] = accept(l, NULL, NULL);
		UK_TEST_ASSERT(c[i] >= 0 && s[i] >= 0);
	}
	FD_ZERO(&r);
	for (i = 0; i < 3; i++)
		FD_SET(s[i], &r);
	/* nothing to read: times out */
	UK_TEST_EXPECT(select(s[2] + 1, &r, NULL, NULL, &tv) == 0);
	send(c[1], "a", 1, 0);
	FD_ZERO(&r);
	for (i = 0; i < 3; i++)
		FD_SET(s[i], &r);
	tv.tv_sec = 2;
	n = select(s[2] + 1, &r, NULL, NULL, &tv);
	UK_TEST_EXPECT(n == 1 && FD_ISSET(s[1], &r) && !FD_ISSET(s[0], &r) &&
		       !FD_ISSET(s[2], &r));
	for (i = 0; i < 3; i++) {
		close(c[i]);
		close(s[i]);
	}
	close(l);
}

UK_TESTCASE(sock, udp)
{
	struct sockaddr_in a = sin_of(LOOP, 8007), from;
	socklen_t flen = sizeof(from);
	struct timeval tv = { 2, 0 };
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	int v = socket(AF_INET, SOCK_DGRAM, 0);
	char b[16];

	UK_TEST_ASSERT(u >= 0 && v >= 0);
	UK_TEST_EXPECT(bind(u, SA(a), sizeof(a)) == 0);
	setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	UK_TEST_EXPECT(send(v, "x", 1, 0) == -1 && errno == EDESTADDRREQ);
	UK_TEST_EXPECT(sendto(v, "datagram", 8, 0, SA(a), sizeof(a)) == 8);
	UK_TEST_EXPECT(recvfrom(u, b, 4, 0, SA(from), &flen) == 4 &&
		       !memcmp(b, "data", 4));	/* the rest is dropped */
	UK_TEST_EXPECT(flen == sizeof(from) && from.sin_addr.s_addr == LOOP);
	UK_TEST_EXPECT(connect(v, SA(a), sizeof(a)) == 0);
	UK_TEST_EXPECT(send(v, "second", 6, 0) == 6);
	UK_TEST_EXPECT(recv(u, b, 2, MSG_TRUNC) == 6);
	UK_TEST_EXPECT(sendto(v, b, 70000, 0, SA(a), sizeof(a)) == -1 &&
		       errno == EMSGSIZE);
	close(u);
	close(v);
}

UK_TESTCASE(sock, ioctl_fionread_fionbio)
{
	struct sockaddr_in a = sin_of(LOOP, 8008);
	struct pollfd p;
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	int v = socket(AF_INET, SOCK_DGRAM, 0);
	int n = -1, one = 1, zero = 0;
	char b[64];

	UK_TEST_ASSERT(u >= 0 && v >= 0);
	UK_TEST_EXPECT(bind(u, SA(a), sizeof(a)) == 0);
	UK_TEST_EXPECT(ioctl(u, FIONREAD, &n) == 0 && n == 0);
	UK_TEST_EXPECT(sendto(v, "forty-two bytes of datagram, give or take!",
			      42, 0, SA(a), sizeof(a)) == 42);
	p.fd = u;
	p.events = POLLIN;
	UK_TEST_EXPECT(poll(&p, 1, 2000) == 1);
	UK_TEST_EXPECT(ioctl(u, FIONREAD, &n) == 0 && n == 42);
	/* FIONBIO: a read with nothing queued fails at once */
	UK_TEST_EXPECT(ioctl(u, FIONBIO, &one) == 0 &&
		       (fcntl(u, F_GETFL) & O_NONBLOCK));
	UK_TEST_EXPECT(recv(u, b, sizeof(b), 0) == 42);
	UK_TEST_EXPECT(recv(u, b, sizeof(b), 0) == -1 && errno == EAGAIN);
	UK_TEST_EXPECT(ioctl(u, FIONBIO, &zero) == 0 &&
		       !(fcntl(u, F_GETFL) & O_NONBLOCK));
	UK_TEST_EXPECT(ioctl(u, 0x1234, &n) == -1 && errno == ENOTTY);
	UK_TEST_EXPECT(ioctl(1000, FIONREAD, &n) == -1 && errno == EBADF);
	close(u);
	close(v);
}

UK_TESTCASE(sock, names)
{
	struct addrinfo hints, *res = NULL;
	struct in_addr ia;
	char buf[INET_ADDRSTRLEN];
	unsigned char raw[4];

	UK_TEST_EXPECT(inet_pton(AF_INET, "192.168.1.20", raw) == 1 &&
		       raw[0] == 192 && raw[3] == 20);
	UK_TEST_EXPECT(inet_pton(AF_INET, "192.168.1", raw) == 0);
	UK_TEST_EXPECT(inet_pton(AF_INET6, "::1", raw) == -1 &&
		       errno == EAFNOSUPPORT);
	UK_TEST_EXPECT(inet_ntop(AF_INET, raw, buf, sizeof(buf)) == buf &&
		       !strcmp(buf, "192.168.1.20"));
	UK_TEST_EXPECT(inet_ntop(AF_INET, raw, buf, 5) == NULL &&
		       errno == ENOSPC);
	UK_TEST_EXPECT(inet_aton("127.1", &ia) && ia.s_addr == LOOP);
	UK_TEST_EXPECT(!strcmp(inet_ntoa(ia), "127.0.0.1"));
	UK_TEST_EXPECT(inet_addr("nonsense") == INADDR_NONE);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	UK_TEST_EXPECT(getaddrinfo("localhost", "http", &hints, &res) == 0);
	UK_TEST_ASSERT(res != NULL);
	UK_TEST_EXPECT(res->ai_family == AF_INET && !res->ai_next &&
		       ((struct sockaddr_in *)res->ai_addr)->sin_port == htons(80) &&
		       ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == LOOP);
	freeaddrinfo(res);
	hints.ai_flags = AI_NUMERICHOST;
	UK_TEST_EXPECT(getaddrinfo("not.a.number", NULL, &hints, &res) ==
		       EAI_NONAME);
	UK_TEST_EXPECT(getaddrinfo("1.2.3.4", "nosuchservice", &hints, &res) ==
		       EAI_SERVICE);
	UK_TEST_EXPECT(getaddrinfo("1.2.3.4", "99999", &hints, &res) ==
		       EAI_SERVICE);
}
