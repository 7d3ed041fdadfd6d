/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * select() and pselect() on top of uk_poll: the fd_sets become a pollfd
 * array and back.  The sets are read as plain bit arrays of nfds bits,
 * so a program that raises FD_SETSIZE gets what it asked for.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>
#include <uk/alloc.h>
#include <uk/poll.h>

#define BITS (8 * sizeof(unsigned long))

static int isset(const void *set, int fd)
{
	const unsigned long *w = set;

	return set && (w[fd / BITS] >> (fd % BITS)) & 1;
}

static void setbit(void *set, int fd)
{
	unsigned long *w = set;

	w[fd / BITS] |= 1UL << (fd % BITS);
}

static int do_select(int nfds, fd_set *r, fd_set *w, fd_set *e,
		     int64_t timeout_ns)
{
	struct pollfd small[32], *pfd = small;
	size_t words = (nfds + BITS - 1) / BITS;
	int i, n = 0, rc, count = 0;

	if (nfds < 0)
		return -EINVAL;
	for (i = 0; i < nfds; i++)
		if (isset(r, i) || isset(w, i) || isset(e, i))
			n++;
	if (n > (int)(sizeof(small) / sizeof(small[0]))) {
		pfd = uk_malloc(n * sizeof(*pfd));
		if (!pfd)
			return -ENOMEM;
	}
	n = 0;
	for (i = 0; i < nfds; i++) {
		short ev = (isset(r, i) ? POLLIN : 0) |
			   (isset(w, i) ? POLLOUT : 0) |
			   (isset(e, i) ? POLLPRI : 0);

		if (!ev)
			continue;
		pfd[n].fd = i;
		pfd[n].events = ev;
		n++;
	}
	rc = uk_poll(pfd, n, timeout_ns);
	if (rc >= 0) {
		if (r)
			memset(r, 0, words * sizeof(unsigned long));
		if (w)
			memset(w, 0, words * sizeof(unsigned long));
		if (e)
			memset(e, 0, words * sizeof(unsigned long));
		for (i = 0; i < n; i++) {
			short re = pfd[i].revents;

			if (re & POLLNVAL) {
				rc = -EBADF;
				break;
			}
			if (r && (re & (POLLIN | POLLHUP | POLLERR)) &&
			    (pfd[i].events & POLLIN))
				setbit(r, pfd[i].fd), count++;
			if (w && (re & (POLLOUT | POLLERR)) &&
			    (pfd[i].events & POLLOUT))
				setbit(w, pfd[i].fd), count++;
			if (e && (re & POLLPRI) && (pfd[i].events & POLLPRI))
				setbit(e, pfd[i].fd), count++;
		}
		if (rc >= 0)
			rc = count;
	}
	if (pfd != small)
		uk_free(pfd);
	return rc;
}

int select(int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	int64_t t = tv ? (int64_t)tv->tv_sec * 1000000000LL +
			 (int64_t)tv->tv_usec * 1000LL : -1;
	int rc;

	if (tv && (tv->tv_sec < 0 || tv->tv_usec < 0)) {
		errno = EINVAL;
		return -1;
	}
	rc = do_select(nfds, r, w, e, t);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return rc;
}

int pselect(int nfds, fd_set *r, fd_set *w, fd_set *e,
	    const struct timespec *ts, const sigset_t *sigmask)
{
	int64_t t = ts ? (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec : -1;
	int rc;

	rc = do_select(nfds, r, w, e, t);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return rc;
}
