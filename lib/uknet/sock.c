/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sockets over lwIP's raw API (see sock.h).
 *
 * Every operation takes lwIP's core lock, works on the control block
 * directly (no message to another thread), and when it must wait,
 * sleeps on the socket's condition variable, which releases the lock.
 * lwIP's callbacks run under the same lock, in whichever thread fed lwIP
 * (the receive thread for incoming segments, the timer thread, or a
 * caller's send), update the socket and wake its waiters and pollers.
 *
 * Received TCP data stays in the pbufs it arrived in, queued on the
 * socket, and the window opens as the application reads.  Small
 * segments, and any segment while the devices' receive buffers run
 * short, are copied out of those buffers into a compact one, so that
 * sockets nobody reads cannot starve reception.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/file.h>
#include <uk/plat/time.h>
#include "lwip/opt.h"
#include "lwip/err.h"
#include "lwip/pbuf.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/tcp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/udp.h"
#include "lwip/tcpip.h"
#include "lwip/stats.h"
#include "uknet.h"
#include "sock.h"

#include <poll.h>

#define RX_COPYBREAK	512		/* bytes: copy smaller segments */
#define UDP_RCVQ_MAX	256		/* datagrams queued per socket */
#define UDP_RCVBUF	(256 * 1024)
#define UDP_MAX		65507
#define MEM_RETRY_NS	(20 * 1000000ULL)	/* out of memory: retry */
#define BACKLOG_MAX	255		/* lwIP counts pending accepts in a u8 */

static const struct uk_file_ops sock_ops;

/* Every socket (core lock held), for reclaiming receive buffers. */
static UK_LIST_HEAD(all_socks);

struct sock *sock_of(struct uk_file *f)
{
	return f && f->ops == &sock_ops ? (struct sock *)f : NULL;
}

int sock_nonblock(struct sock *s, int flags)
{
	return (s->file.flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
}

static uint64_t deadline_of(uint64_t timeo)
{
	return timeo ? uk_plat_monotonic_ns() + timeo : 0;
}

static int timed_out(uint64_t deadline)
{
	return deadline && uk_plat_monotonic_ns() >= deadline;
}

/* Something changed: blocked calls re-check, poll()/select() too. */
static void sock_event(struct sock *s)
{
	uk_condvar_broadcast(&s->cv);
	uk_pollq_wake(&s->pollq);
}

/* Core lock held: sleeps until sock_event() or the deadline (0: none). */
static void sock_wait(struct sock *s, uint64_t deadline)
{
	uk_netif_kick_all();	/* the unlock below does not notify */
	uk_condvar_wait_until(&s->cv, &lock_tcpip_core.mtx, deadline);
}

static int lwip_errno(err_t e)
{
	switch (e) {
	case ERR_RTE:
		return ENETUNREACH;
	case ERR_USE:
		return EADDRINUSE;
	default:
		return err_to_errno(e);
	}
}

int sock_addr_in(const struct sockaddr *a, socklen_t len, uint32_t *addr,
		 uint16_t *port)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)a;

	if (!a || len < sizeof(struct sockaddr_in))
		return -EINVAL;
	if (sin->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	*addr = sin->sin_addr.s_addr;
	*port = ntohs(sin->sin_port);
	return 0;
}

static void fill_addr(struct sockaddr *a, socklen_t *len, uint32_t addr,
		      uint16_t port)
{
	struct sockaddr_in sin;

	if (!a || !len)
		return;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = addr;
	memcpy(a, &sin, *len < sizeof(sin) ? *len : sizeof(sin));
	*len = sizeof(sin);
}

static uint32_t ip_u32(const ip_addr_t *ip)
{
	return ip ? ip4_addr_get_u32(ip_2_ip4(ip)) : 0;
}

/* An address we may bind to: any, loopback, or one of an interface. */
static int local_addr_ok(uint32_t a)
{
	struct netif *nif;

	if (a == 0 || (ntohl(a) >> 24) == 127)
		return 1;
	NETIF_FOREACH(nif)
		if (ip4_addr_get_u32(netif_ip4_addr(nif)) == a)
			return 1;
	return 0;
}

/* --- received data ------------------------------------------------------ */

/* Moves p out of the devices' buffers when holding them is costly. */
static struct pbuf *rx_compact(struct pbuf *p)
{
	struct pbuf *q;

	for (q = p; q; q = q->next)
		if (q->flags & PBUF_FLAG_IS_CUSTOM)
			break;
	if (!q || (p->tot_len > RX_COPYBREAK && !uk_netif_rx_pressure()))
		return p;
	q = pbuf_clone(PBUF_RAW, PBUF_RAM, p);
	if (!q)
		return p;	/* keep it as it is rather than lose it */
	pbuf_free(p);
	return q;
}

static void rxq_free(struct sock *s)
{
	struct pbuf *p = s->rx_head;

	while (p) {
		struct pbuf *next = p->next;

		p->next = NULL;
		pbuf_free(p);
		p = next;
	}
	s->rx_head = s->rx_tail = NULL;
	s->rx_bytes = 0;
	s->rx_off = 0;
}

static int has_custom(struct pbuf *p)
{
	for (; p; p = p->next)
		if (p->flags & PBUF_FLAG_IS_CUSTOM)
			return 1;
	return 0;
}

/*
 * The devices ran out of receive buffers (netif.c): copy queued data
 * out of them, so that reception goes on even while applications do not
 * read (one that blocks writing waits for acknowledgements, which need
 * buffers).  Returns how many were given back; stops when memory runs
 * out.
 */
int uk_sock_reclaim_rx(void)
{
	struct uk_list_head *l;
	int n = 0;

	uk_list_for_each(l, &all_socks) {
		struct sock *s = uk_list_entry(l, struct sock, link);
		struct pbuf **pp, *q, *r;
		struct sock_dgram *d;

		for (pp = &s->rx_head; (q = *pp); pp = &(*pp)->next) {
			if (!(q->flags & PBUF_FLAG_IS_CUSTOM))
				continue;
			r = pbuf_alloc(PBUF_RAW, q->len, PBUF_RAM);
			if (!r)
				return n;
			memcpy(r->payload, q->payload, q->len);
			r->next = q->next;
			*pp = r;
			if (s->rx_tail == q)
				s->rx_tail = r;
			q->next = NULL;
			pbuf_free(q);
			n++;
		}
		for (d = s->dg_head; d; d = d->next) {
			if (!has_custom(d->p))
				continue;
			r = pbuf_clone(PBUF_RAW, PBUF_RAM, d->p);
			if (!r)
				return n;
			pbuf_free(d->p);
			d->p = r;
			n++;
		}
	}
	return n;
}

/*
 * Copies up to len queued bytes to buf; unless peek, they leave the
 * queue and count towards the next window update.
 */
static size_t rxq_copy(struct sock *s, uint8_t *buf, size_t len, int peek)
{
	struct pbuf *p = s->rx_head;
	uint32_t off = s->rx_off;
	size_t done = 0;

	while (p && done < len) {
		size_t n = p->len - off;

		if (n > len - done)
			n = len - done;
		memcpy(buf + done, (uint8_t *)p->payload + off, n);
		done += n;
		off += n;
		if (off < p->len)
			break;
		off = 0;
		if (peek) {
			p = p->next;
		} else {
			struct pbuf *next = p->next;

			p->next = NULL;
			pbuf_free(p);
			p = s->rx_head = next;
		}
	}
	if (!peek) {
		if (!s->rx_head)
			s->rx_tail = NULL;
		s->rx_off = off;
		s->rx_bytes -= done;
		s->rx_unacked += done;
	}
	return done;
}

/* Opens the window by what the application read. */
static void rx_window_update(struct sock *s)
{
	while (s->rx_unacked) {
		u16_t n = s->rx_unacked > 0xffff ? 0xffff : s->rx_unacked;

		if (s->pcb.tcp)
			tcp_recved(s->pcb.tcp, n);
		s->rx_unacked -= n;
	}
}

/* --- lwIP's TCP callbacks (core lock held) -------------------------------- */

static err_t tcp_recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
			 err_t err)
{
	struct sock *s = arg;
	struct pbuf *last;

	if (!s || (p && s->rx_shut)) {
		/* closed, or shut for reading: the bytes go nowhere */
		if (p) {
			tcp_recved(pcb, p->tot_len);
			pbuf_free(p);
		}
		return ERR_OK;
	}
	if (!p) {
		s->rx_fin = 1;
		sock_event(s);
		return ERR_OK;
	}
	p = rx_compact(p);
	s->rx_bytes += p->tot_len;
	if (s->rx_tail)
		s->rx_tail->next = p;
	else
		s->rx_head = p;
	for (last = p; last->next; last = last->next)
		;
	s->rx_tail = last;
	sock_event(s);
	return ERR_OK;
}

static err_t tcp_sent_cb(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	if (arg)
		sock_event(arg);
	return ERR_OK;
}

/* The pcb is gone (reset, aborted, timed out). */
static void tcp_err_cb(void *arg, err_t err)
{
	struct sock *s = arg;

	if (!s)
		return;
	s->pcb.tcp = NULL;
	if (s->state == SS_CONNECTING)
		s->err = err == ERR_RST ? ECONNREFUSED :
			 err == ERR_ABRT ? ETIMEDOUT : lwip_errno(err);
	else
		s->err = err == ERR_ABRT ? ECONNABORTED : ECONNRESET;
	s->state = SS_CLOSED;
	s->rx_unacked = 0;
	sock_event(s);
}

static err_t tcp_connected_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *s = arg;

	if (s) {
		s->state = SS_CONNECTED;
		sock_event(s);
	}
	return ERR_OK;
}

static void tcp_attach(struct sock *s, struct tcp_pcb *pcb)
{
	s->pcb.tcp = pcb;
	tcp_arg(pcb, s);
	tcp_recv(pcb, tcp_recv_cb);
	tcp_sent(pcb, tcp_sent_cb);
	tcp_err(pcb, tcp_err_cb);
}

static struct sock *sock_alloc(int type);
static void set_so_flag(struct sock *s, int flag, int on);

static err_t tcp_accept_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *ls = arg, *s;

	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	/* an error makes lwIP reset the connection */
	if (!ls || ls->aq_len == ls->backlog)
		return ERR_MEM;
	s = sock_alloc(SOCK_STREAM);
	if (!s)
		return ERR_MEM;
	s->state = SS_CONNECTED;
	tcp_attach(s, pcb);
	uk_list_add_tail(&s->link, &all_socks);
	if (ls->keepalive)
		ip_set_option(pcb, SOF_KEEPALIVE);
	if (ls->nodelay) {
		s->nodelay = 1;
		tcp_nagle_disable(pcb);
	}
	/* counts against the listener's backlog until accept() takes it */
	tcp_backlog_delayed(pcb);
	ls->acceptq[(ls->aq_head + ls->aq_len) % ls->backlog] = s;
	ls->aq_len++;
	sock_event(ls);
	return ERR_OK;
}

/* An old close that ran out of memory: try again (lwIP's poll timer). */
static err_t tcp_close_retry(void *arg, struct tcp_pcb *pcb)
{
	if (tcp_close(pcb) == ERR_OK)
		return ERR_OK;
	return ERR_OK;
}

/* --- lwIP's UDP callback ------------------------------------------------- */

static void udp_recv_cb(void *arg, struct udp_pcb *pcb, struct pbuf *p,
			const ip_addr_t *addr, u16_t port)
{
	struct sock *s = arg;
	struct sock_dgram *d;

	if (!s || s->rx_shut || s->dg_count >= UDP_RCVQ_MAX ||
	    s->dg_bytes + p->tot_len > UDP_RCVBUF)
		goto drop;
	d = uk_lwip_malloc(sizeof(*d));
	if (!d)
		goto drop;
	d->p = rx_compact(p);
	d->addr = ip_u32(addr);
	d->port = port;
	d->next = NULL;
	if (s->dg_tail)
		s->dg_tail->next = d;
	else
		s->dg_head = d;
	s->dg_tail = d;
	s->dg_count++;
	s->dg_bytes += d->p->tot_len;
	sock_event(s);
	return;
drop:
	UDP_STATS_INC(udp.memerr);
	pbuf_free(p);
}

/* --- creation and release ------------------------------------------------ */

static struct sock *sock_alloc(int type)
{
	struct sock *s = uk_calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	uk_file_init(&s->file, &sock_ops, s, O_RDWR);
	uk_list_init(&s->link);
	s->type = type;
	uk_condvar_init(&s->cv);
	uk_pollq_init(&s->pollq);
	return s;
}

int sock_create(int domain, int type, int protocol, struct sock **out)
{
	int kind = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct sock *s;

	if (domain != AF_INET)
		return -EAFNOSUPPORT;
	if (kind == SOCK_STREAM) {
		if (protocol && protocol != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
	} else if (kind == SOCK_DGRAM) {
		if (protocol && protocol != IPPROTO_UDP)
			return -EPROTONOSUPPORT;
	} else {
		return -EPROTONOSUPPORT;
	}
	s = sock_alloc(kind);
	if (!s)
		return -ENOMEM;
	if (type & SOCK_NONBLOCK)
		s->file.flags |= O_NONBLOCK;
	LOCK_TCPIP_CORE();
	if (kind == SOCK_STREAM) {
		s->pcb.tcp = tcp_new();
		if (s->pcb.tcp)
			tcp_attach(s, s->pcb.tcp);
	} else {
		s->pcb.udp = udp_new();
		if (s->pcb.udp)
			udp_recv(s->pcb.udp, udp_recv_cb, s);
		s->state = SS_CONNECTED;
	}
	if (s->pcb.tcp)
		uk_list_add_tail(&s->link, &all_socks);
	UNLOCK_TCPIP_CORE();
	if (!s->pcb.tcp) {
		uk_free(s);
		return -ENOMEM;
	}
	*out = s;
	return 0;
}

/*
 * Connections we closed first wait in TIME_WAIT for 2 MSL (2 minutes): a
 * busy server would fill memory with them.  Like Linux's
 * tcp_max_tw_buckets, keep the newest TIME_WAIT_MAX (lwIP adds them at
 * the head of its list) and let the older go.  Checked every 32 closes.
 */
#define TIME_WAIT_MAX 512

static void trim_time_wait(void)
{
	static unsigned int closes;
	struct tcp_pcb *pcb, *next;
	unsigned int n = 0;

	if (++closes % 32)
		return;
	for (pcb = tcp_tw_pcbs; pcb; pcb = next) {
		next = pcb->next;
		if (++n > TIME_WAIT_MAX)
			tcp_abort(pcb);		/* frees it, no reset */
	}
}

static void tcp_release(struct sock *s)
{
	struct tcp_pcb *pcb = s->pcb.tcp;

	if (s->state == SS_LISTENING) {
		tcp_arg(pcb, NULL);
		tcp_close(pcb);		/* never fails for a listener */
		while (s->aq_len) {
			struct sock *c = s->acceptq[s->aq_head];

			s->aq_head = (s->aq_head + 1) % s->backlog;
			s->aq_len--;
			if (c->pcb.tcp) {
				tcp_arg(c->pcb.tcp, NULL);
				tcp_abort(c->pcb.tcp);
			}
			rxq_free(c);
			uk_list_del(&c->link);
			uk_free(c);
		}
		return;
	}
	if (!pcb)
		return;
	trim_time_wait();
	tcp_arg(pcb, NULL);
	rx_window_update(s);
	if (s->linger_abort) {
		tcp_abort(pcb);
	} else if (tcp_close(pcb) != ERR_OK) {
		/* no memory for the FIN yet: lwIP's timer retries */
		tcp_poll(pcb, tcp_close_retry, 2);
	}
	/* Unread data left a hole in the window: lwIP answered the close
	 * with a reset, as Linux does. */
}

/* The last descriptor is gone. */
static int sock_release(struct uk_file *f)
{
	struct sock *s = sock_of(f);

	LOCK_TCPIP_CORE();
	if (s->type == SOCK_STREAM) {
		tcp_release(s);
		rxq_free(s);
	} else {
		struct sock_dgram *d;

		if (s->pcb.udp)
			udp_remove(s->pcb.udp);
		while ((d = s->dg_head)) {
			s->dg_head = d->next;
			pbuf_free(d->p);
			uk_lwip_free(d);
		}
	}
	s->pcb.tcp = NULL;
	uk_list_del(&s->link);
	UNLOCK_TCPIP_CORE();
	uk_free(s->acceptq);
	uk_free(s);
	return 0;
}

/* --- bind, listen, accept, connect ---------------------------------------- */

int sock_bind(struct sock *s, const struct sockaddr *a, socklen_t len)
{
	uint32_t addr;
	uint16_t port;
	ip_addr_t ip;
	err_t e;
	int rc;

	rc = sock_addr_in(a, len, &addr, &port);
	if (rc < 0)
		return rc;
	ip_addr_set_ip4_u32(&ip, addr);
	LOCK_TCPIP_CORE();
	if (!local_addr_ok(addr)) {
		rc = -EADDRNOTAVAIL;
	} else if (s->type == SOCK_STREAM) {
		if (s->state != SS_NEW || !s->pcb.tcp || s->pcb.tcp->local_port)
			rc = -EINVAL;
		else if ((e = tcp_bind(s->pcb.tcp, &ip, port)) != ERR_OK)
			rc = -lwip_errno(e);
	} else {
		if (s->pcb.udp->local_port)
			rc = -EINVAL;
		else if ((e = udp_bind(s->pcb.udp, &ip, port)) != ERR_OK)
			rc = -lwip_errno(e);
	}
	UNLOCK_TCPIP_CORE();
	return rc;
}

int sock_listen(struct sock *s, int backlog)
{
	struct tcp_pcb *l;
	err_t e = ERR_OK;
	int rc = 0;

	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if (backlog < 1)
		backlog = 1;
	if (backlog > BACKLOG_MAX)
		backlog = BACKLOG_MAX;
	LOCK_TCPIP_CORE();
	if (s->state == SS_LISTENING) {
		/* a new backlog takes effect for what comes next; the queue
		 * keeps its size */
		tcp_backlog_set(s->pcb.tcp, (u8_t)UK_MIN((unsigned int)backlog,
							  s->backlog));
		goto out;
	}
	if (s->state != SS_NEW || !s->pcb.tcp) {
		rc = -EINVAL;
		goto out;
	}
	s->acceptq = uk_calloc(backlog, sizeof(*s->acceptq));
	if (!s->acceptq) {
		rc = -ENOMEM;
		goto out;
	}
	/* listen() on an unbound socket takes an ephemeral port */
	if (!s->pcb.tcp->local_port)
		e = tcp_bind(s->pcb.tcp, IP4_ADDR_ANY, 0);
	l = e == ERR_OK ? tcp_listen_with_backlog_and_err(s->pcb.tcp,
						(u8_t)backlog, &e) : NULL;
	if (!l) {
		uk_free(s->acceptq);
		s->acceptq = NULL;
		rc = -lwip_errno(e);
		goto out;
	}
	/* the old pcb is freed; the listener is a smaller one */
	s->pcb.tcp = l;
	s->backlog = backlog;
	s->state = SS_LISTENING;
	tcp_arg(l, s);
	tcp_accept(l, tcp_accept_cb);
out:
	UNLOCK_TCPIP_CORE();
	return rc;
}

int sock_accept(struct sock *s, struct sock **out, int flags)
{
	uint64_t deadline = deadline_of(s->rcvtimeo);
	struct sock *c = NULL;
	int rc = 0;

	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	LOCK_TCPIP_CORE();
	for (;;) {
		if (s->state != SS_LISTENING) {
			rc = -EINVAL;
			break;
		}
		if (s->aq_len) {
			c = s->acceptq[s->aq_head];
			s->aq_head = (s->aq_head + 1) % s->backlog;
			s->aq_len--;
			if (c->pcb.tcp)
				tcp_backlog_accepted(c->pcb.tcp);
			break;
		}
		if (sock_nonblock(s, flags)) {
			rc = -EAGAIN;
			break;
		}
		if (timed_out(deadline)) {
			rc = -EAGAIN;
			break;
		}
		sock_wait(s, deadline);
	}
	UNLOCK_TCPIP_CORE();
	*out = c;
	return rc;
}

int sock_connect(struct sock *s, const struct sockaddr *a, socklen_t len)
{
	uint64_t deadline = deadline_of(s->sndtimeo);
	uint32_t addr;
	uint16_t port;
	ip_addr_t ip;
	err_t e;
	int rc;

	if (s->type == SOCK_DGRAM && a && len >= sizeof(sa_family_t) &&
	    a->sa_family == AF_UNSPEC) {
		LOCK_TCPIP_CORE();
		udp_disconnect(s->pcb.udp);
		UNLOCK_TCPIP_CORE();
		return 0;
	}
	rc = sock_addr_in(a, len, &addr, &port);
	if (rc < 0)
		return rc;
	ip_addr_set_ip4_u32(&ip, addr);
	LOCK_TCPIP_CORE();
	if (s->type == SOCK_DGRAM) {
		e = udp_connect(s->pcb.udp, &ip, port);
		rc = e == ERR_OK ? 0 : -lwip_errno(e);
		goto out;
	}
	switch (s->state) {
	case SS_CONNECTED:
		rc = -EISCONN;
		goto out;
	case SS_CONNECTING:
		rc = -EALREADY;
		goto out;
	case SS_LISTENING:
		rc = -EINVAL;
		goto out;
	case SS_CLOSED:
		/* after a failed attempt: start over with a new pcb */
		s->pcb.tcp = tcp_new();
		if (!s->pcb.tcp) {
			rc = -ENOMEM;
			goto out;
		}
		tcp_attach(s, s->pcb.tcp);
		set_so_flag(s, SOF_REUSEADDR, s->reuseaddr);
		set_so_flag(s, SOF_KEEPALIVE, s->keepalive);
		if (s->nodelay)
			tcp_nagle_disable(s->pcb.tcp);
		s->state = SS_NEW;
		s->rx_fin = s->rx_shut = s->tx_shut = 0;
		break;
	default:
		break;
	}
	if (!port || !addr) {
		rc = -EADDRNOTAVAIL;
		goto out;
	}
	s->err = 0;
	e = tcp_connect(s->pcb.tcp, &ip, port, tcp_connected_cb);
	if (e != ERR_OK) {
		rc = -lwip_errno(e);
		goto out;
	}
	s->state = SS_CONNECTING;
	if (sock_nonblock(s, 0)) {
		rc = -EINPROGRESS;
		goto out;
	}
	while (s->state == SS_CONNECTING) {
		if (timed_out(deadline)) {
			rc = -EINPROGRESS;
			goto out;
		}
		sock_wait(s, deadline);
	}
	if (s->state != SS_CONNECTED) {
		rc = -(s->err ? s->err : ECONNREFUSED);
		s->err = 0;
	}
out:
	UNLOCK_TCPIP_CORE();
	return rc;
}

/* --- receiving ------------------------------------------------------------- */

static ssize_t tcp_recv_data(struct sock *s, uint8_t *buf, size_t len,
			     int flags)
{
	uint64_t deadline = deadline_of(s->rcvtimeo);
	int peek = flags & MSG_PEEK;
	ssize_t rc = 0;
	size_t got = 0;

	if (s->state == SS_LISTENING)
		return -ENOTCONN;
	LOCK_TCPIP_CORE();
	for (;;) {
		if (s->rx_bytes) {
			got += rxq_copy(s, buf + got, len - got, peek);
			if (got == len || peek || !(flags & MSG_WAITALL))
				break;
			continue;
		}
		if (s->err && !got) {
			rc = -s->err;
			s->err = 0;
			break;
		}
		if (s->rx_fin || s->rx_shut || s->state == SS_CLOSED ||
		    s->err)
			break;			/* end of stream */
		if (s->state == SS_NEW) {
			rc = -ENOTCONN;
			break;
		}
		if (sock_nonblock(s, flags) || timed_out(deadline)) {
			if (!got)
				rc = -EAGAIN;
			break;
		}
		sock_wait(s, deadline);
	}
	rx_window_update(s);
	UNLOCK_TCPIP_CORE();
	return rc < 0 ? rc : (ssize_t)got;
}

static ssize_t udp_recv_data(struct sock *s, uint8_t *buf, size_t len,
			     int flags, struct sockaddr *from,
			     socklen_t *fromlen)
{
	uint64_t deadline = deadline_of(s->rcvtimeo);
	struct sock_dgram *d;
	ssize_t rc;

	LOCK_TCPIP_CORE();
	while (!(d = s->dg_head)) {
		if (s->err) {
			rc = -s->err;
			s->err = 0;
			goto out;
		}
		if (s->rx_shut) {
			rc = 0;
			goto out;
		}
		if (sock_nonblock(s, flags) || timed_out(deadline)) {
			rc = -EAGAIN;
			goto out;
		}
		sock_wait(s, deadline);
	}
	rc = pbuf_copy_partial(d->p, buf, (u16_t)UK_MIN(len, 0xffffu), 0);
	if (flags & MSG_TRUNC)
		rc = d->p->tot_len;
	fill_addr(from, fromlen, d->addr, d->port);
	if (!(flags & MSG_PEEK)) {
		s->dg_head = d->next;
		if (!s->dg_head)
			s->dg_tail = NULL;
		s->dg_count--;
		s->dg_bytes -= d->p->tot_len;
		pbuf_free(d->p);
		uk_lwip_free(d);
	}
out:
	UNLOCK_TCPIP_CORE();
	return rc;
}

ssize_t sock_recv(struct sock *s, void *buf, size_t len, int flags,
		  struct sockaddr *from, socklen_t *fromlen)
{
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (s->type == SOCK_DGRAM)
		return udp_recv_data(s, buf, len, flags, from, fromlen);
	if (!len)
		return 0;
	if (from && fromlen) {
		/* a connected stream: the peer (POSIX leaves it unspecified) */
		if (sock_name(s, from, fromlen, 1) < 0)
			*fromlen = 0;
	}
	return tcp_recv_data(s, buf, len, flags);
}

/* --- sending ----------------------------------------------------------------- */

/*
 * Queues len bytes on the TCP connection, waiting for room as a blocking
 * socket does.  With pin, the bytes are referenced, not copied.
 */
static ssize_t tcp_send_data(struct sock *s, const uint8_t *buf, size_t len,
			     int flags, struct uk_net_pin *pin)
{
	uint64_t deadline = deadline_of(s->sndtimeo);
	size_t sent = 0, chunk = 0xffff;
	ssize_t rc = 0;

	LOCK_TCPIP_CORE();
	while (sent < len) {
		struct tcp_pcb *pcb = s->pcb.tcp;
		size_t room, n;
		u8_t apiflags;
		err_t e;

		if (s->err) {
			rc = -s->err;
			s->err = 0;
			break;
		}
		if (s->tx_shut || s->state == SS_CLOSED || !pcb) {
			rc = -EPIPE;
			break;
		}
		if (s->state != SS_CONNECTED && s->state != SS_CONNECTING) {
			rc = -ENOTCONN;
			break;
		}
		room = s->state == SS_CONNECTED ? tcp_sndbuf(pcb) : 0;
		if (tcp_sndqueuelen(pcb) >= TCP_SND_QUEUELEN - 2)
			room = 0;
		if (!room) {
			tcp_output(pcb);
			if (sock_nonblock(s, flags) || timed_out(deadline)) {
				if (!sent)
					rc = -EAGAIN;
				break;
			}
			sock_wait(s, deadline);
			continue;
		}
		n = UK_MIN(UK_MIN(len - sent, room), chunk);
		apiflags = pin ? 0 : TCP_WRITE_FLAG_COPY;
		if (sent + n < len || (flags & MSG_MORE))
			apiflags |= TCP_WRITE_FLAG_MORE;
		if (pin)
			uk_net_pin_set(pin);
		e = tcp_write(pcb, buf + sent, (u16_t)n, apiflags);
		if (pin)
			uk_net_pin_set(NULL);
		if (e == ERR_MEM) {
			/* out of pbufs or segments: slow down, never lose
			 * data.  tcp_write() is all or nothing: try smaller
			 * pieces first, then wait while what is queued goes
			 * out. */
			uint64_t soon = uk_plat_monotonic_ns() + MEM_RETRY_NS;

			if (n > TCP_MSS) {
				chunk = n / 2;
				continue;
			}

			tcp_output(pcb);
			if (sock_nonblock(s, flags) || timed_out(deadline)) {
				if (!sent)
					rc = -EAGAIN;
				break;
			}
			sock_wait(s, deadline && deadline < soon ? deadline
								 : soon);
			continue;
		}
		if (e != ERR_OK) {
			rc = -lwip_errno(e);
			break;
		}
		sent += n;
		if (chunk < 0xffff)
			chunk = UK_MIN(chunk * 2, (size_t)0xffff);
	}
	if (s->pcb.tcp && sent)
		tcp_output(s->pcb.tcp);
	UNLOCK_TCPIP_CORE();
	return sent ? (ssize_t)sent : rc;
}

static ssize_t udp_send_data(struct sock *s, const void *buf, size_t len,
			     const struct sockaddr *to, socklen_t tolen)
{
	struct pbuf *p;
	uint32_t addr = 0;
	uint16_t port = 0;
	ip_addr_t ip;
	err_t e;
	int rc;

	if (len > UDP_MAX)
		return -EMSGSIZE;
	if (to) {
		rc = sock_addr_in(to, tolen, &addr, &port);
		if (rc < 0)
			return rc;
		if (!port)
			return -EINVAL;
		ip_addr_set_ip4_u32(&ip, addr);
	}
	LOCK_TCPIP_CORE();
	if (!to && !(udp_flags(s->pcb.udp) & UDP_FLAGS_CONNECTED)) {
		rc = -EDESTADDRREQ;
		goto out;
	}
	if (s->tx_shut) {
		rc = -EPIPE;
		goto out;
	}
	p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
	if (!p) {
		rc = -ENOBUFS;
		goto out;
	}
	pbuf_take(p, buf, (u16_t)len);
	e = to ? udp_sendto(s->pcb.udp, p, &ip, port) : udp_send(s->pcb.udp, p);
	pbuf_free(p);
	rc = e == ERR_OK ? (int)len : -lwip_errno(e);
out:
	UNLOCK_TCPIP_CORE();
	return rc;
}

ssize_t sock_send(struct sock *s, const void *buf, size_t len, int flags,
		  const struct sockaddr *to, socklen_t tolen)
{
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (s->type == SOCK_DGRAM)
		return udp_send_data(s, buf, len, to, tolen);
	if (s->state == SS_LISTENING || s->state == SS_NEW)
		return -ENOTCONN;
	if (!len)
		return 0;
	return tcp_send_data(s, buf, len, flags, NULL);
}

ssize_t sock_send_nocopy(struct sock *s, const void *data, size_t len,
			 int flags, void (*unpin)(void *), void *unpin_arg)
{
	struct uk_net_pin *pin;
	ssize_t rc;

	if (s->type != SOCK_STREAM || s->state == SS_LISTENING ||
	    s->state == SS_NEW) {
		unpin(unpin_arg);
		return s->type != SOCK_STREAM ? -EINVAL : -ENOTCONN;
	}
	pin = uk_lwip_malloc(sizeof(*pin));
	if (!pin) {
		unpin(unpin_arg);
		return -ENOMEM;
	}
	pin->refs = 1;		/* ours, until the writes are done */
	pin->unpin = unpin;
	pin->arg = unpin_arg;
	__atomic_add_fetch(&uk_net_pinned, 1, __ATOMIC_RELAXED);
	rc = tcp_send_data(s, data, len, flags, pin);
	LOCK_TCPIP_CORE();
	uk_net_pin_put(pin);
	UNLOCK_TCPIP_CORE();	/* releases it now if nothing holds it */
	return rc;
}

/* --- shutdown, names, options ---------------------------------------------- */

int sock_shutdown(struct sock *s, int how)
{
	int rc = 0;

	if (how != SHUT_RD && how != SHUT_WR && how != SHUT_RDWR)
		return -EINVAL;
	LOCK_TCPIP_CORE();
	if (s->type == SOCK_STREAM && s->state != SS_CONNECTED &&
	    s->state != SS_CONNECTING) {
		rc = -ENOTCONN;
		goto out;
	}
	if (how != SHUT_WR) {
		s->rx_shut = 1;
		if (s->type == SOCK_STREAM) {
			/* unread data is dropped, the window given back */
			s->rx_unacked += s->rx_bytes;
			rxq_free(s);
			rx_window_update(s);
		}
	}
	if (how != SHUT_RD && !s->tx_shut) {
		s->tx_shut = 1;
		if (s->type == SOCK_STREAM && s->pcb.tcp) {
			err_t e = tcp_shutdown(s->pcb.tcp, 0, 1);

			if (e != ERR_OK)
				rc = -lwip_errno(e);
		}
	}
	sock_event(s);
out:
	UNLOCK_TCPIP_CORE();
	return rc;
}

int sock_name(struct sock *s, struct sockaddr *a, socklen_t *len, int peer)
{
	uint32_t addr = 0;
	uint16_t port = 0;
	int rc = 0;

	if (!a || !len)
		return -EFAULT;
	LOCK_TCPIP_CORE();
	if (s->type == SOCK_STREAM) {
		struct tcp_pcb *pcb = s->pcb.tcp;

		if (peer && (s->state != SS_CONNECTED || !pcb)) {
			rc = -ENOTCONN;
		} else if (pcb && peer) {
			addr = ip_u32(&pcb->remote_ip);
			port = pcb->remote_port;
		} else if (pcb) {
			/* the same place in a listener (lwIP's layout) */
			addr = ip_u32(&pcb->local_ip);
			port = pcb->local_port;
		}
	} else {
		struct udp_pcb *pcb = s->pcb.udp;

		if (peer && !(udp_flags(pcb) & UDP_FLAGS_CONNECTED)) {
			rc = -ENOTCONN;
		} else if (peer) {
			addr = ip_u32(&pcb->remote_ip);
			port = pcb->remote_port;
		} else {
			addr = ip_u32(&pcb->local_ip);
			port = pcb->local_port;
		}
	}
	UNLOCK_TCPIP_CORE();
	if (rc == 0)
		fill_addr(a, len, addr, port);
	return rc;
}

static int opt_int(const void *val, socklen_t len, int *out)
{
	if (!val || len < sizeof(int))
		return -EINVAL;
	memcpy(out, val, sizeof(int));
	return 0;
}

static int opt_timeval(const void *val, socklen_t len, uint64_t *ns)
{
	struct timeval tv;

	if (!val || len < sizeof(tv))
		return -EINVAL;
	memcpy(&tv, val, sizeof(tv));
	if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EDOM;
	*ns = (uint64_t)tv.tv_sec * 1000000000ULL +
	      (uint64_t)tv.tv_usec * 1000ULL;
	return 0;
}

/* The pcb that carries socket options (ip_set_option), if any. */
static struct ip_pcb *ip_pcb_of(struct sock *s)
{
	return s->type == SOCK_STREAM ? (struct ip_pcb *)s->pcb.tcp
				      : (struct ip_pcb *)s->pcb.udp;
}

static void set_so_flag(struct sock *s, int flag, int on)
{
	struct ip_pcb *pcb = ip_pcb_of(s);

	if (!pcb)
		return;
	if (on)
		ip_set_option(pcb, flag);
	else
		ip_reset_option(pcb, flag);
}

int sock_setsockopt(struct sock *s, int level, int name, const void *val,
		    socklen_t len)
{
	struct tcp_pcb *tcp = s->type == SOCK_STREAM && s->state !=
			      SS_LISTENING ? s->pcb.tcp : NULL;
	struct linger lg;
	int v = 0, rc = 0;

	LOCK_TCPIP_CORE();
	switch (level) {
	case SOL_SOCKET:
		switch (name) {
		case SO_RCVTIMEO:
			rc = opt_timeval(val, len, &s->rcvtimeo);
			break;
		case SO_SNDTIMEO:
			rc = opt_timeval(val, len, &s->sndtimeo);
			break;
		case SO_REUSEADDR:
			if (!(rc = opt_int(val, len, &v))) {
				s->reuseaddr = !!v;
				set_so_flag(s, SOF_REUSEADDR, v);
			}
			break;
		case SO_KEEPALIVE:
			if (!(rc = opt_int(val, len, &v))) {
				s->keepalive = !!v;
				set_so_flag(s, SOF_KEEPALIVE, v);
			}
			break;
		case SO_BROADCAST:
			if (!(rc = opt_int(val, len, &v))) {
				s->broadcast = !!v;
				set_so_flag(s, SOF_BROADCAST, v);
			}
			break;
		case SO_LINGER:
			if (!val || len < sizeof(lg)) {
				rc = -EINVAL;
				break;
			}
			memcpy(&lg, val, sizeof(lg));
			/* only the "reset at close" form changes anything:
			 * close() never waits for the data to be sent */
			s->linger_abort = lg.l_onoff && lg.l_linger == 0;
			break;
		case SO_RCVBUF:
		case SO_SNDBUF:
		case SO_RCVLOWAT:
		case SO_SNDLOWAT:
			/* fixed by the stack's configuration */
			rc = opt_int(val, len, &v);
			break;
		default:
			rc = -ENOPROTOOPT;
		}
		break;
	case IPPROTO_TCP:
		if (s->type != SOCK_STREAM) {
			rc = -ENOPROTOOPT;
			break;
		}
		if ((rc = opt_int(val, len, &v)))
			break;
		switch (name) {
		case TCP_NODELAY:
			s->nodelay = !!v;
			if (!tcp)
				break;
			if (v)
				tcp_nagle_disable(tcp);
			else
				tcp_nagle_enable(tcp);
			break;
		case TCP_KEEPIDLE:
		case TCP_KEEPINTVL:
		case TCP_KEEPCNT:
			if (v < 1 || (name != TCP_KEEPCNT && v > 0x7fffffff / 1000)) {
				rc = -EINVAL;
				break;
			}
			if (!tcp)
				break;
			if (name == TCP_KEEPIDLE)
				tcp->keep_idle = (u32_t)v * 1000;
			else if (name == TCP_KEEPINTVL)
				tcp->keep_intvl = (u32_t)v * 1000;
			else
				tcp->keep_cnt = (u32_t)v;
			break;
		default:
			rc = -ENOPROTOOPT;
		}
		break;
	case IPPROTO_IP:
		if ((rc = opt_int(val, len, &v)))
			break;
		if (name == IP_TTL && v >= 1 && v <= 255) {
			if (ip_pcb_of(s))
				ip_pcb_of(s)->ttl = (u8_t)v;
		} else if (name == IP_TOS) {
			if (ip_pcb_of(s))
				ip_pcb_of(s)->tos = (u8_t)v;
		} else if (name == IP_TTL) {
			rc = -EINVAL;
		} else {
			rc = -ENOPROTOOPT;
		}
		break;
	default:
		rc = -ENOPROTOOPT;
	}
	UNLOCK_TCPIP_CORE();
	return rc;
}

static int put_opt(void *val, socklen_t *len, const void *v, socklen_t n)
{
	if (!val || !len)
		return -EFAULT;
	if (*len < n)
		n = *len;
	memcpy(val, v, n);
	*len = n;
	return 0;
}

static int put_int(void *val, socklen_t *len, int v)
{
	return put_opt(val, len, &v, sizeof(v));
}

static int put_timeval(void *val, socklen_t *len, uint64_t ns)
{
	struct timeval tv;

	tv.tv_sec = ns / 1000000000ULL;
	tv.tv_usec = (ns % 1000000000ULL) / 1000;
	return put_opt(val, len, &tv, sizeof(tv));
}

int sock_getsockopt(struct sock *s, int level, int name, void *val,
		    socklen_t *len)
{
	struct tcp_pcb *tcp = s->type == SOCK_STREAM && s->state !=
			      SS_LISTENING ? s->pcb.tcp : NULL;
	struct linger lg;
	int rc;

	LOCK_TCPIP_CORE();
	switch (level) {
	case SOL_SOCKET:
		switch (name) {
		case SO_ERROR:
			rc = put_int(val, len, s->err);
			s->err = 0;
			break;
		case SO_TYPE:
			rc = put_int(val, len, s->type);
			break;
		case SO_ACCEPTCONN:
			rc = put_int(val, len, s->state == SS_LISTENING);
			break;
		case SO_REUSEADDR:
			rc = put_int(val, len, s->reuseaddr);
			break;
		case SO_KEEPALIVE:
			rc = put_int(val, len, s->keepalive);
			break;
		case SO_BROADCAST:
			rc = put_int(val, len, s->broadcast);
			break;
		case SO_RCVTIMEO:
			rc = put_timeval(val, len, s->rcvtimeo);
			break;
		case SO_SNDTIMEO:
			rc = put_timeval(val, len, s->sndtimeo);
			break;
		case SO_RCVBUF:
			rc = put_int(val, len, s->type == SOCK_STREAM ?
				     TCP_WND : UDP_RCVBUF);
			break;
		case SO_SNDBUF:
			rc = put_int(val, len, s->type == SOCK_STREAM ?
				     TCP_SND_BUF : UDP_MAX);
			break;
		case SO_LINGER:
			lg.l_onoff = s->linger_abort;
			lg.l_linger = 0;
			rc = put_opt(val, len, &lg, sizeof(lg));
			break;
		default:
			rc = -ENOPROTOOPT;
		}
		break;
	case IPPROTO_TCP:
		if (s->type != SOCK_STREAM) {
			rc = -ENOPROTOOPT;
			break;
		}
		switch (name) {
		case TCP_NODELAY:
			rc = put_int(val, len, s->nodelay);
			break;
		case TCP_MAXSEG:
			rc = put_int(val, len, tcp ? tcp_mss(tcp) : TCP_MSS);
			break;
		case TCP_KEEPIDLE:
			rc = put_int(val, len, tcp ? tcp->keep_idle / 1000 :
				     TCP_KEEPIDLE_DEFAULT / 1000);
			break;
		case TCP_KEEPINTVL:
			rc = put_int(val, len, tcp ? tcp->keep_intvl / 1000 :
				     TCP_KEEPINTVL_DEFAULT / 1000);
			break;
		case TCP_KEEPCNT:
			rc = put_int(val, len, tcp ? (int)tcp->keep_cnt :
				     TCP_KEEPCNT_DEFAULT);
			break;
		default:
			rc = -ENOPROTOOPT;
		}
		break;
	case IPPROTO_IP:
		if (name == IP_TTL)
			rc = put_int(val, len, ip_pcb_of(s) ?
				     ip_pcb_of(s)->ttl : IP_DEFAULT_TTL);
		else if (name == IP_TOS)
			rc = put_int(val, len, ip_pcb_of(s) ?
				     ip_pcb_of(s)->tos : 0);
		else
			rc = -ENOPROTOOPT;
		break;
	default:
		rc = -ENOPROTOOPT;
	}
	UNLOCK_TCPIP_CORE();
	return rc;
}

/* --- the file ---------------------------------------------------------------- */

static ssize_t sock_read(struct uk_file *f, void *buf, size_t len)
{
	return sock_recv(sock_of(f), buf, len, 0, NULL, NULL);
}

static ssize_t sock_write(struct uk_file *f, const void *buf, size_t len)
{
	return sock_send(sock_of(f), buf, len, 0, NULL, 0);
}

static int sock_fstat(struct uk_file *f, struct stat *st)
{
	st->st_mode = S_IFSOCK | 0777;
	st->st_nlink = 1;
	st->st_blksize = TCP_MSS;
	return 0;
}

static int sock_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	struct sock *s = sock_of(f);
	int v;

	switch (req) {
	case UK_FIONREAD:
		if (!arg)
			return -EFAULT;
		LOCK_TCPIP_CORE();
		v = s->type == SOCK_STREAM ? (int)s->rx_bytes :
		    s->dg_head ? s->dg_head->p->tot_len : 0;
		UNLOCK_TCPIP_CORE();
		memcpy(arg, &v, sizeof(v));
		return 0;
	default:
		return -ENOTTY;
	}
}

static unsigned int sock_poll(struct uk_file *f, struct uk_poll_table *pt)
{
	struct sock *s = sock_of(f);
	unsigned int ev = 0;

	uk_poll_wait(pt, &s->pollq);
	LOCK_TCPIP_CORE();
	if (s->err)
		ev |= POLLERR;
	if (s->type == SOCK_DGRAM) {
		if (s->dg_head || s->rx_shut)
			ev |= POLLIN | POLLRDNORM;
		ev |= POLLOUT | POLLWRNORM;
	} else if (s->state == SS_LISTENING) {
		if (s->aq_len)
			ev |= POLLIN | POLLRDNORM;
	} else {
		struct tcp_pcb *pcb = s->pcb.tcp;

		if (s->rx_bytes || s->rx_fin || s->rx_shut ||
		    s->state == SS_CLOSED)
			ev |= POLLIN | POLLRDNORM;
		if (s->state == SS_CONNECTED && pcb && !s->tx_shut &&
		    tcp_sndbuf(pcb) >= TCP_SNDLOWAT &&
		    tcp_sndqueuelen(pcb) < TCP_SNDQUEUELOWAT * 3)
			ev |= POLLOUT | POLLWRNORM;
		if (s->state == SS_CLOSED || s->state == SS_NEW ||
		    (s->rx_fin && s->tx_shut))
			ev |= POLLHUP;
		if (s->state == SS_CLOSED && !s->tx_shut)
			ev |= POLLOUT;	/* writing tells why (EPIPE) */
	}
	UNLOCK_TCPIP_CORE();
	return ev;
}

static const struct uk_file_ops sock_ops = {
	.read = sock_read,
	.write = sock_write,
	.fstat = sock_fstat,
	.ioctl = sock_ioctl,
	.release = sock_release,
	.poll = sock_poll,
};
