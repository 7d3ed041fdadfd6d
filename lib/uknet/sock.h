/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/uknet: socket objects (sock.c) behind the POSIX calls
 * (sock_api.c) and sendfile (sendfile.c).
 *
 * A socket is a file of the C library's descriptor table over an lwIP
 * raw-API control block.  Its state is guarded by lwIP's core lock:
 * lwIP's callbacks (run by the receive thread, the timer thread, or the
 * caller itself) update it and wake the socket's waiters and pollers.
 * Every function here returns a count or 0, or a negative errno.
 */
#ifndef __UKNET_SOCK_H__
#define __UKNET_SOCK_H__

#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <uk/file.h>
#include <uk/list.h>
#include <uk/condvar.h>
#include <uk/poll.h>

struct pbuf;
struct tcp_pcb;
struct udp_pcb;
struct sock;

enum sock_state {
	SS_NEW,			/* TCP: fresh or bound */
	SS_LISTENING,
	SS_CONNECTING,
	SS_CONNECTED,		/* TCP connected; UDP: any (bound or not) */
	SS_CLOSED,		/* TCP: reset, aborted or timed out */
};

/* A received UDP datagram. */
struct sock_dgram {
	struct sock_dgram *next;
	struct pbuf *p;
	uint32_t addr;		/* network byte order */
	uint16_t port;		/* host byte order */
};

struct sock {
	struct uk_file file;
	struct uk_list_head link;	/* in the list of all sockets */
	int type;		/* SOCK_STREAM or SOCK_DGRAM */
	enum sock_state state;
	union {
		struct tcp_pcb *tcp;
		struct udp_pcb *udp;
	} pcb;
	int err;		/* pending error (SO_ERROR), reported once */
	int rx_fin;		/* TCP: the peer sent FIN */
	int rx_shut, tx_shut;	/* shutdown() */

	/* TCP: received data not read yet, a list of pbufs */
	struct pbuf *rx_head, *rx_tail;
	uint32_t rx_off;	/* bytes of rx_head already read */
	size_t rx_bytes;
	size_t rx_unacked;	/* read but not yet given back to the window */

	/* UDP: received datagrams */
	struct sock_dgram *dg_head, *dg_tail;
	unsigned int dg_count;
	size_t dg_bytes;

	/* listening: connections accept() has not taken yet */
	struct sock **acceptq;
	unsigned int aq_head, aq_len, backlog;

	uint64_t rcvtimeo, sndtimeo;	/* ns, 0: none */
	int linger_abort;		/* SO_LINGER on, 0 s: reset at close */
	int reuseaddr, keepalive, broadcast;
	int nodelay;			/* inherited by accepted sockets */

	struct uk_condvar cv;		/* blocked calls on this socket */
	struct uk_pollq pollq;		/* poll()/select() on it */
};

/* --- sock.c --------------------------------------------------------------- */

/* A new socket holding one reference (the caller's). */
int sock_create(int domain, int type, int protocol, struct sock **out);
struct sock *sock_of(struct uk_file *f);	/* NULL: not a socket */
int sock_nonblock(struct sock *s, int flags);	/* flags: MSG_ */

int sock_bind(struct sock *s, const struct sockaddr *a, socklen_t len);
int sock_listen(struct sock *s, int backlog);
int sock_accept(struct sock *s, struct sock **out, int flags);
int sock_connect(struct sock *s, const struct sockaddr *a, socklen_t len);
ssize_t sock_recv(struct sock *s, void *buf, size_t len, int flags,
		  struct sockaddr *from, socklen_t *fromlen);
ssize_t sock_send(struct sock *s, const void *buf, size_t len, int flags,
		  const struct sockaddr *to, socklen_t tolen);
int sock_shutdown(struct sock *s, int how);
int sock_getsockopt(struct sock *s, int level, int name, void *val,
		    socklen_t *len);
int sock_setsockopt(struct sock *s, int level, int name, const void *val,
		    socklen_t len);
int sock_name(struct sock *s, struct sockaddr *a, socklen_t *len, int peer);

/*
 * Sends len bytes at data without copying them (TCP only); pin is
 * called with pin_arg once no pbuf references them any more.  Same
 * blocking rules as send.  Returns the bytes queued or a negative errno;
 * pin is called in every case (at once if nothing was queued).
 */
ssize_t sock_send_nocopy(struct sock *s, const void *data, size_t len,
			 int flags, void (*unpin)(void *), void *unpin_arg);

/* The address and port of a sockaddr_in; -EINVAL, -EAFNOSUPPORT. */
int sock_addr_in(const struct sockaddr *a, socklen_t len, uint32_t *addr,
		 uint16_t *port);

#endif
