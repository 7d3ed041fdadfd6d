/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The POSIX socket calls: descriptor lookup, argument checks, errno.
 * The work is in sock.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <uk/file.h>
#include <uk/alloc.h>
#include "sock.h"

static long ret(long rc)
{
	if (rc < 0) {
		errno = (int)-rc;
		return -1;
	}
	return rc;
}

/* The socket at fd, with a reference (sock_put it); NULL: errno set. */
static struct sock *sock_get(int fd)
{
	struct uk_file *f = uk_fd_get(fd);
	struct sock *s = sock_of(f);

	if (!f) {
		errno = EBADF;
		return NULL;
	}
	if (!s) {
		uk_file_put(f);
		errno = ENOTSOCK;
		return NULL;
	}
	return s;
}

static void sock_put(struct sock *s)
{
	uk_file_put(&s->file);
}

int socket(int domain, int type, int protocol)
{
	struct sock *s;
	int rc;

	rc = sock_create(domain, type, protocol, &s);
	if (rc < 0)
		return ret(rc);
	return uk_fd_install_new(&s->file, type & SOCK_CLOEXEC);
}

int socketpair(int domain, int type, int protocol, int sv[2])
{
	errno = domain == AF_UNIX ? EOPNOTSUPP : EAFNOSUPPORT;
	return -1;
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct sock *s = sock_get(fd);
	int rc;

	if (!s)
		return -1;
	rc = sock_bind(s, addr, len);
	sock_put(s);
	return ret(rc);
}

int listen(int fd, int backlog)
{
	struct sock *s = sock_get(fd);
	int rc;

	if (!s)
		return -1;
	rc = sock_listen(s, backlog);
	sock_put(s);
	return ret(rc);
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	struct sock *s = sock_get(fd), *c;
	int rc;

	if (!s)
		return -1;
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) {
		sock_put(s);
		return ret(-EINVAL);
	}
	rc = sock_accept(s, &c, 0);
	sock_put(s);
	if (rc < 0)
		return ret(rc);
	if (flags & SOCK_NONBLOCK)
		c->file.flags |= O_NONBLOCK;
	if (addr && len && sock_name(c, addr, len, 1) < 0)
		*len = 0;	/* already reset: no peer to name */
	return uk_fd_install_new(&c->file, flags & SOCK_CLOEXEC);
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	return accept4(fd, addr, len, 0);
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct sock *s = sock_get(fd);
	int rc;

	if (!s)
		return -1;
	rc = sock_connect(s, addr, len);
	sock_put(s);
	return ret(rc);
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr *addr, socklen_t *addrlen)
{
	struct sock *s = sock_get(fd);
	ssize_t rc;

	if (!s)
		return -1;
	rc = sock_recv(s, buf, len, flags, addr, addrlen);
	sock_put(s);
	return ret(rc);
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return recvfrom(fd, buf, len, flags, NULL, NULL);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *addr, socklen_t addrlen)
{
	struct sock *s = sock_get(fd);
	ssize_t rc;

	if (!s)
		return -1;
	/* addresses are ignored on connected streams, as on Linux */
	rc = sock_send(s, buf, len, flags,
		       s->type == SOCK_DGRAM ? addr : NULL, addrlen);
	sock_put(s);
	return ret(rc);
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return sendto(fd, buf, len, flags, NULL, 0);
}

/* One iovec at a time; a stream stops at the first short transfer. */
ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	struct sock *s = sock_get(fd);
	ssize_t rc = 0, done = 0;
	int i;

	if (!s)
		return -1;
	if (!msg || msg->msg_iovlen < 0) {
		rc = -EINVAL;
		goto out;
	}
	if (s->type == SOCK_DGRAM && msg->msg_iovlen > 1) {
		/* one datagram: gather it first */
		size_t total = 0;
		char *buf;

		for (i = 0; i < msg->msg_iovlen; i++)
			total += msg->msg_iov[i].iov_len;
		buf = uk_malloc(total ? total : 1);
		if (!buf) {
			rc = -ENOMEM;
			goto out;
		}
		for (i = 0, total = 0; i < msg->msg_iovlen; i++) {
			memcpy(buf + total, msg->msg_iov[i].iov_base,
			       msg->msg_iov[i].iov_len);
			total += msg->msg_iov[i].iov_len;
		}
		rc = sock_send(s, buf, total, flags, msg->msg_name,
			       msg->msg_namelen);
		uk_free(buf);
		goto out;
	}
	for (i = 0; i < msg->msg_iovlen; i++) {
		const struct iovec *v = &msg->msg_iov[i];

		rc = sock_send(s, v->iov_base, v->iov_len,
			       flags | (i + 1 < msg->msg_iovlen ? MSG_MORE : 0),
			       s->type == SOCK_DGRAM ? msg->msg_name : NULL,
			       msg->msg_namelen);
		if (rc < 0)
			break;
		done += rc;
		if ((size_t)rc < v->iov_len)
			break;
	}
	if (done)
		rc = done;
out:
	sock_put(s);
	return ret(rc);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	struct sock *s = sock_get(fd);
	ssize_t rc = 0, done = 0;
	int i;

	if (!s)
		return -1;
	if (!msg || msg->msg_iovlen < 0) {
		rc = -EINVAL;
		goto out;
	}
	msg->msg_controllen = 0;
	msg->msg_flags = 0;
	for (i = 0; i < msg->msg_iovlen; i++) {
		struct iovec *v = &msg->msg_iov[i];

		if (!v->iov_len)
			continue;
		rc = sock_recv(s, v->iov_base, v->iov_len,
			       done ? flags | MSG_DONTWAIT : flags,
			       done ? NULL : msg->msg_name,
			       done ? NULL : &msg->msg_namelen);
		if (rc < 0) {
			if (done)
				rc = done;
			break;
		}
		done += rc;
		/* a datagram is one message: the first buffer takes it */
		if (s->type == SOCK_DGRAM || (size_t)rc < v->iov_len)
			break;
	}
	if (done)
		rc = done;
out:
	sock_put(s);
	return ret(rc);
}

int shutdown(int fd, int how)
{
	struct sock *s = sock_get(fd);
	int rc;

	if (!s)
		return -1;
	rc = sock_shutdown(s, how);
	sock_put(s);
	return ret(rc);
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	struct sock *s = sock_get(fd);
	int rc;

	if (!s)
		return -1;
	rc = sock_getsockopt(s, level, name, val, len);
	sock_put(s);
	return ret(rc);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	struct sock *s = sock_get(fd);
	int rc;

	if (!s)
		return -1;
	rc = sock_setsockopt(s, level, name, val, len);
	sock_put(s);
	return ret(rc);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	struct sock *s = sock_get(fd);
	int rc;

	if (!s)
		return -1;
	rc = sock_name(s, addr, len, 0);
	sock_put(s);
	return ret(rc);
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	struct sock *s = sock_get(fd);
	int rc;

	if (!s)
		return -1;
	rc = sock_name(s, addr, len, 1);
	sock_put(s);
	return ret(rc);
}
