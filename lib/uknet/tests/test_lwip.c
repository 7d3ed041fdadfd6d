/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of the lwIP port: the raw and netconn APIs over the
 * loopback interface (sys_arch, the core lock, timers, mailboxes), and
 * the receive path of the netdev glue fed by a fake device: malformed,
 * truncated and random frames are dropped and counted, valid ones are
 * still answered afterwards, no buffer leaks, and a device starved of
 * receive buffers is polled again once one comes back.
 */
#include <errno.h>
#include <string.h>
#include <uk/test.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/semaphore.h>
#include <uk/plat/time.h>
#include "lwip/opt.h"
#include "lwip/tcpip.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"
#include "lwip/api.h"
#include "lwip/netif.h"
#include "lwip/stats.h"
#include "lwip/inet_chksum.h"
#include "lwip/prot/ethernet.h"
#include "lwip/prot/ip4.h"
#include "../uknet.h"

#define SEC UK_NSEC_PER_SEC

static const ip_addr_t loopback = IPADDR4_INIT_BYTES(127, 0, 0, 1);
#define IP4_ADDR_LOOPBACK (&loopback)

static uint64_t after(uint64_t ns)
{
	return uk_plat_monotonic_ns() + ns;
}

/* --- raw API over loopback --------------------------------------------- */

static struct {
	struct uk_semaphore ev;
	struct tcp_pcb *server;
	size_t got;
	uint8_t buf[8192];
	int accepted, connected;
} raw;

static err_t raw_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
		      err_t err)
{
	if (!p) {
		uk_semaphore_up(&raw.ev);
		return ERR_OK;
	}
	if (raw.got + p->tot_len <= sizeof(raw.buf))
		pbuf_copy_partial(p, raw.buf + raw.got, p->tot_len, 0);
	raw.got += p->tot_len;
	tcp_recved(pcb, p->tot_len);
	pbuf_free(p);
	uk_semaphore_up(&raw.ev);
	return ERR_OK;
}

static err_t raw_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	raw.server = pcb;
	raw.accepted = 1;
	tcp_recv(pcb, raw_recv);
	uk_semaphore_up(&raw.ev);
	return ERR_OK;
}

static err_t raw_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	raw.connected = 1;
	uk_semaphore_up(&raw.ev);
	return ERR_OK;
}

UK_TESTCASE(lwip, raw_tcp_over_loopback)
{
	struct tcp_pcb *l, *c;
	uint8_t out[6000];
	uint64_t deadline = after(5 * SEC);
	unsigned int i;
	err_t e;

	memset(&raw, 0, sizeof(raw));
	uk_semaphore_init(&raw.ev, 0);
	for (i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7 + 3);

	LOCK_TCPIP_CORE();
	l = tcp_new();
	UK_TEST_ASSERT(l != NULL);
	e = tcp_bind(l, IP4_ADDR_ANY, 7001);
	l = tcp_listen(l);
	tcp_accept(l, raw_accept);
	c = tcp_new();
	tcp_connect(c, IP4_ADDR_LOOPBACK, 7001, raw_connected);
	UNLOCK_TCPIP_CORE();
	UK_TEST_EXPECT(e == ERR_OK);

	while (!(raw.accepted && raw.connected))
		if (uk_semaphore_down_until(&raw.ev, deadline))
			break;
	UK_TEST_ASSERT(raw.accepted && raw.connected);

	LOCK_TCPIP_CORE();
	e = tcp_write(c, out, sizeof(out), TCP_WRITE_FLAG_COPY);
	tcp_output(c);
	UNLOCK_TCPIP_CORE();
	UK_TEST_EXPECT(e == ERR_OK);
	while (raw.got < sizeof(out))
		if (uk_semaphore_down_until(&raw.ev, deadline))
			break;
	UK_TEST_EXPECT(raw.got == sizeof(out));
	UK_TEST_EXPECT(!memcmp(raw.buf, out, sizeof(out)));

	LOCK_TCPIP_CORE();
	tcp_close(c);
	if (raw.server)
		tcp_close(raw.server);
	tcp_close(l);
	UNLOCK_TCPIP_CORE();
}

/* --- UDP over loopback -------------------------------------------------------- */

static struct {
	struct uk_semaphore ev;
	char data[64];
	u16_t len, port;
} udpr;

static void udp_got(void *arg, struct udp_pcb *pcb, struct pbuf *p,
		    const ip_addr_t *addr, u16_t port)
{
	udpr.len = pbuf_copy_partial(p, udpr.data, sizeof(udpr.data), 0);
	udpr.port = port;
	pbuf_free(p);
	uk_semaphore_up(&udpr.ev);
}

UK_TESTCASE(lwip, udp_over_loopback)
{
	struct udp_pcb *a, *b;
	struct pbuf *p;
	err_t e;

	uk_semaphore_init(&udpr.ev, 0);
	LOCK_TCPIP_CORE();
	a = udp_new();
	b = udp_new();
	udp_bind(a, IP4_ADDR_ANY, 7002);
	udp_bind(b, IP4_ADDR_ANY, 7003);
	udp_recv(a, udp_got, NULL);
	p = pbuf_alloc(PBUF_TRANSPORT, 5, PBUF_RAM);
	pbuf_take(p, "hello", 5);
	e = udp_sendto(b, p, IP4_ADDR_LOOPBACK, 7002);
	pbuf_free(p);
	UNLOCK_TCPIP_CORE();
	UK_TEST_EXPECT(e == ERR_OK);
	UK_TEST_EXPECT(uk_semaphore_down_until(&udpr.ev, after(2 * SEC)) == 0);
	UK_TEST_EXPECT(udpr.len == 5 && !memcmp(udpr.data, "hello", 5));
	UK_TEST_EXPECT(udpr.port == 7003);
	LOCK_TCPIP_CORE();
	udp_remove(a);
	udp_remove(b);
	UNLOCK_TCPIP_CORE();
}

/* --- netconn over loopback: sys_arch's semaphores and mailboxes ---------- */

#define NC_BYTES (256 * 1024)

static struct uk_semaphore nc_done;
static int nc_server_ok;

static void nc_server(void *arg)
{
	struct netconn *l = arg, *c;
	struct netbuf *nb;

	if (netconn_accept(l, &c) != ERR_OK)
		goto out;
	/* echo until the client closes */
	while (netconn_recv(c, &nb) == ERR_OK) {
		do {
			void *data;
			u16_t len;

			netbuf_data(nb, &data, &len);
			if (netconn_write(c, data, len, NETCONN_COPY) != ERR_OK)
				goto drop;
		} while (netbuf_next(nb) >= 0);
		netbuf_delete(nb);
	}
	nc_server_ok = 1;
	netconn_close(c);
	netconn_delete(c);
	goto out;
drop:
	netbuf_delete(nb);
	netconn_delete(c);
out:
	uk_semaphore_up(&nc_done);
}

UK_TESTCASE(lwip, netconn_echo_over_loopback)
{
	struct netconn *l, *c;
	static uint8_t out[NC_BYTES], in[NC_BYTES];
	size_t got = 0, i;
	err_t e;

	uk_semaphore_init(&nc_done, 0);
	for (i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i ^ (i >> 8));
	l = netconn_new(NETCONN_TCP);
	UK_TEST_ASSERT(l != NULL);
	UK_TEST_ASSERT(netconn_bind(l, IP4_ADDR_ANY, 7004) == ERR_OK);
	UK_TEST_ASSERT(netconn_listen(l) == ERR_OK);
	UK_TEST_ASSERT(uk_thread_create("nc-server", 0, nc_server, l));

	c = netconn_new(NETCONN_TCP);
	UK_TEST_ASSERT(c != NULL);
	netconn_set_recvtimeout(c, 5000);
	UK_TEST_ASSERT(netconn_connect(c, IP4_ADDR_LOOPBACK, 7004) == ERR_OK);
	/* write and read in turns so that neither side's window fills */
	for (i = 0; i < sizeof(out) && got < sizeof(in);) {
		struct netbuf *nb;
		size_t chunk = UK_MIN(sizeof(out) - i, (size_t)16384);

		if (chunk) {
			e = netconn_write(c, out + i, chunk, NETCONN_COPY);
			UK_TEST_ASSERT(e == ERR_OK);
			i += chunk;
		}
		while (got < i) {
			void *data;
			u16_t len;

			e = netconn_recv(c, &nb);
			UK_TEST_ASSERT(e == ERR_OK);
			do {
				netbuf_data(nb, &data, &len);
				if (got + len <= sizeof(in))
					memcpy(in + got, data, len);
				got += len;
			} while (netbuf_next(nb) >= 0);
			netbuf_delete(nb);
		}
	}
	UK_TEST_EXPECT(got == sizeof(in));
	UK_TEST_EXPECT(!memcmp(in, out, sizeof(in)));
	netconn_close(c);
	netconn_delete(c);
	UK_TEST_EXPECT(uk_semaphore_down_until(&nc_done, after(5 * SEC)) == 0);
	UK_TEST_EXPECT(nc_server_ok);
	netconn_delete(l);
}

/* --- a fake device: frames in through the glue, frames out captured ----- */

#define FAKE_TX_MAX 32
#define FAKE_POOL 64

static const uint8_t fake_mac[6] = { 0x02, 0, 0, 0, 0x77, 0x01 };
static const uint8_t peer_mac[6] = { 0x02, 0, 0, 0, 0x77, 0x02 };
static const uint8_t our_ip[4] = { 192, 168, 77, 1 };
static const uint8_t peer_ip[4] = { 192, 168, 77, 2 };

static struct {
	struct uk_netdev dev;
	struct netif *nif;
	uint8_t tx[FAKE_TX_MAX][1600];
	uint32_t tx_len[FAKE_TX_MAX];
	unsigned int ntx;
	void *done[FAKE_TX_MAX * 4];
	unsigned int ndone;
	unsigned int polls;
} fake;

static int fake_start(struct uk_netdev *d)
{
	return 0;
}

static int fake_xmit(struct uk_netdev *d, const struct uk_netseg *seg,
		     unsigned int n, const struct uk_netdev_txmeta *meta,
		     void *cookie)
{
	uint32_t len = 0;
	unsigned int i;

	if (fake.ndone == UK_ARRAY_SIZE(fake.done))
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		if (fake.ntx < FAKE_TX_MAX && len + seg[i].len <= 1600)
			memcpy(fake.tx[fake.ntx] + len, seg[i].data,
			       seg[i].len);
		len += seg[i].len;
	}
	if (fake.ntx < FAKE_TX_MAX)
		fake.tx_len[fake.ntx++] = len;
	fake.done[fake.ndone++] = cookie;
	return 0;
}

static void fake_kick(struct uk_netdev *d)
{
}

/* What a driver's poll does with finished transmissions. */
static int fake_poll(struct uk_netdev *d, int budget)
{
	while (fake.ndone)
		d->tx_done(d, fake.done[--fake.ndone]);
	fake.polls++;
	return 0;
}

static int fake_enable(struct uk_netdev *d)
{
	return 0;
}

static const struct uk_netdev_ops fake_ops = {
	.start = fake_start,
	.xmit = fake_xmit,
	.xmit_kick = fake_kick,
	.poll = fake_poll,
	.enable_events = fake_enable,
};

static int feed(const void *frame, uint32_t len);
static uint32_t arp_request(uint8_t *f);

/* Attaches the fake device once; the peer introduces itself by ARP, so
 * that answers to it need no ARP request (and do not wait in a queue). */
static int fake_attach(void)
{
	static uint8_t f[64];
	ip4_addr_t a, m, g;

	if (fake.nif)
		return 1;
	fake.dev.ops = &fake_ops;
	memcpy(fake.dev.mac, fake_mac, 6);
	fake.dev.mtu = 1500;
	fake.dev.index = 77;
	memcpy(fake.dev.name, "fake", 5);
	IP4_ADDR(&a, 192, 168, 77, 1);
	IP4_ADDR(&m, 255, 255, 255, 0);
	IP4_ADDR(&g, 0, 0, 0, 0);
	LOCK_TCPIP_CORE();
	fake.nif = uk_netif_attach(&fake.dev);
	if (fake.nif)
		netif_set_addr(fake.nif, &a, &m, &g);
	UNLOCK_TCPIP_CORE();
	if (!fake.nif)
		return 0;
	feed(f, arp_request(f));
	return 1;
}

/* Feeds len bytes as one received frame, through a buffer of the glue's. */
static int feed(const void *frame, uint32_t len)
{
	struct uk_netdev *d = &fake.dev;
	void *cookie;
	uint8_t *buf;

	LOCK_TCPIP_CORE();
	buf = d->rx_alloc(d, 1600, &cookie);
	if (buf) {
		memcpy(buf, frame, UK_MIN(len, 1600u));
		d->rx_frame(d, cookie, buf, len, 0);
	}
	fake_poll(d, 0);	/* complete what was sent in answer */
	UNLOCK_TCPIP_CORE();
	return buf != NULL;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint32_t eth_hdr(uint8_t *f, uint16_t type)
{
	memcpy(f, fake_mac, 6);
	memcpy(f + 6, peer_mac, 6);
	put16(f + 12, type);
	return 14;
}

/* An IPv4 packet to us with a correct header checksum. */
static uint32_t ip_frame(uint8_t *f, uint8_t proto, const void *l4,
			 uint32_t l4len)
{
	uint8_t *ip = f + eth_hdr(f, 0x0800);

	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + l4len));
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, peer_ip, 4);
	memcpy(ip + 16, our_ip, 4);
	put16(ip + 10, lwip_ntohs(inet_chksum(ip, 20)));
	memcpy(ip + 20, l4, l4len);
	return 14 + 20 + l4len;
}

static uint32_t arp_request(uint8_t *f)
{
	uint8_t *a = f + eth_hdr(f, 0x0806);

	memset(f, 0xff, 6);		/* broadcast */
	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 1);		/* request */
	memcpy(a + 8, peer_mac, 6);
	memcpy(a + 14, peer_ip, 4);
	memset(a + 18, 0, 6);
	memcpy(a + 24, our_ip, 4);
	return 14 + 28;
}

static uint32_t echo_request(uint8_t *f, uint16_t seq)
{
	uint8_t icmp[40];

	memset(icmp, 0, sizeof(icmp));
	icmp[0] = 8;			/* echo request */
	put16(icmp + 4, 0x1234);
	put16(icmp + 6, seq);
	memcpy(icmp + 8, "unikit-uknet-test-payload-32byte", 32);
	put16(icmp + 2, lwip_ntohs(inet_chksum(icmp, sizeof(icmp))));
	return ip_frame(f, 1, icmp, sizeof(icmp));
}

/* Among the frames sent since fake.ntx was reset: an echo reply to the
 * peer with sequence seq. */
static int sent_echo_reply(uint16_t seq)
{
	unsigned int i;

	for (i = 0; i < fake.ntx; i++) {
		const uint8_t *f = fake.tx[i];

		if (fake.tx_len[i] >= 14 + 20 + 8 && f[12] == 0x08 &&
		    f[13] == 0 && f[14 + 9] == 1 && f[34] == 0 &&
		    f[34 + 6] == (seq >> 8) && f[34 + 7] == (seq & 0xff) &&
		    !memcmp(f, peer_mac, 6) && !memcmp(f + 30, peer_ip, 4))
			return 1;
	}
	return 0;
}

/* Among them: an ARP reply to the peer giving our MAC. */
static int sent_arp_reply(void)
{
	unsigned int i;

	for (i = 0; i < fake.ntx; i++) {
		const uint8_t *f = fake.tx[i];

		if (fake.tx_len[i] >= 42 && f[12] == 0x08 && f[13] == 0x06 &&
		    f[21] == 2 && !memcmp(f + 22, fake_mac, 6) &&
		    !memcmp(f + 32, peer_mac, 6))
			return 1;
	}
	return 0;
}

static uint64_t lwip_drops(void)
{
	return lwip_stats.link.drop + lwip_stats.etharp.drop +
	       lwip_stats.ip.drop + lwip_stats.ip_frag.drop +
	       lwip_stats.icmp.drop + lwip_stats.udp.drop +
	       lwip_stats.tcp.drop;
}

UK_TESTCASE(lwip, fake_device_answers_arp_and_ping)
{
	static uint8_t f[1600];
	uint32_t n;

	UK_TEST_ASSERT(fake_attach());
	fake.ntx = 0;
	n = arp_request(f);
	UK_TEST_ASSERT(feed(f, n));
	UK_TEST_EXPECT(sent_arp_reply());
	fake.ntx = 0;
	n = echo_request(f, 1);
	UK_TEST_ASSERT(feed(f, n));
	UK_TEST_EXPECT(sent_echo_reply(1));
}

/* Frames that must be dropped, each a different way of being wrong. */
UK_TESTCASE(lwip, malformed_frames_dropped_and_counted)
{
	static uint8_t f[1600], g[1600];
	struct uk_netdev *d = &fake.dev;
	const struct uk_netif_stats *st;
	uint64_t bad0, drops0;
	unsigned int out0;
	uint8_t tcp[40], udp[16];
	uint32_t n;
	void *cookie;
	uint8_t *buf;

	UK_TEST_ASSERT(fake_attach());
	st = uk_netif_stats(d);
	bad0 = st->rx_bad;
	drops0 = lwip_drops() + lwip_stats.ip.chkerr + lwip_stats.tcp.chkerr +
		 lwip_stats.udp.chkerr + lwip_stats.icmp.chkerr;
	out0 = uk_netif_rx_outstanding(d);

	/* 1. the device's own word is wrong: outside its buffer */
	LOCK_TCPIP_CORE();
	buf = d->rx_alloc(d, 1600, &cookie);
	d->rx_frame(d, cookie, buf + 1590, 100, 0);	/* past the end */
	buf = d->rx_alloc(d, 1600, &cookie);
	d->rx_frame(d, cookie, buf, 4000, 0);		/* longer than it */
	buf = d->rx_alloc(d, 1600, &cookie);
	d->rx_frame(d, cookie, buf, 5, 0);		/* no Ethernet header */
	buf = d->rx_alloc(d, 1600, &cookie);
	d->rx_frame(d, cookie, buf - 64, 60, 0);	/* before it */
	UNLOCK_TCPIP_CORE();
	UK_TEST_EXPECT(st->rx_bad == bad0 + 4);

	/* 2. truncated and inconsistent IPv4 */
	n = echo_request(f, 2);
	feed(f, 14 + 10);			/* half an IP header */
	memcpy(g, f, n);
	g[14] = 0x4f;				/* IHL 60 bytes > packet */
	feed(g, n);
	memcpy(g, f, n);
	put16(g + 16, 1400);			/* total length > frame */
	feed(g, n);
	memcpy(g, f, n);
	g[14 + 10] ^= 0x55;			/* header checksum */
	feed(g, n);
	memcpy(g, f, n);
	g[14] = 0x65;				/* version 6 on IPv4 */
	feed(g, n);
	memcpy(g, f, n);
	put16(g + 16, 10);			/* total length < header */
	feed(g, n);

	/* 3. transport headers that lie */
	memset(tcp, 0, sizeof(tcp));
	put16(tcp, 40000);
	put16(tcp + 2, 80);
	tcp[12] = 0xf0;				/* 60-byte header in 40 */
	tcp[13] = 0x02;				/* SYN */
	n = ip_frame(f, 6, tcp, sizeof(tcp));
	feed(f, n);
	tcp[12] = 0x50;				/* sane, bad checksum */
	put16(tcp + 16, 0xdead);
	n = ip_frame(f, 6, tcp, sizeof(tcp));
	feed(f, n);
	n = ip_frame(f, 6, tcp, 10);		/* TCP shorter than a header */
	feed(f, n);
	memset(udp, 0, sizeof(udp));
	put16(udp, 5000);
	put16(udp + 2, 6000);
	put16(udp + 4, 900);			/* UDP length > packet */
	n = ip_frame(f, 17, udp, sizeof(udp));
	feed(f, n);
	n = ip_frame(f, 17, udp, 4);		/* half a UDP header */
	feed(f, n);
	n = echo_request(f, 3);
	f[n - 1] ^= 1;				/* ICMP checksum */
	feed(f, n);
	n = ip_frame(f, 1, "\x08", 1);		/* one byte of ICMP */
	feed(f, n);
	n = arp_request(f);
	feed(f, 14 + 10);			/* truncated ARP */
	f[18] = 7;				/* hardware length 7 */
	feed(f, n);

	/* 4. fragments: overlapping, and one claiming 64 KiB */
	n = echo_request(f, 4);
	put16(f + 14 + 6, 0x2000);		/* MF, offset 0 */
	put16(f + 14 + 10, 0);
	put16(f + 14 + 10, lwip_ntohs(inet_chksum(f + 14, 20)));
	feed(f, n);
	put16(f + 14 + 6, 0x2001);		/* MF, offset 8: overlaps */
	put16(f + 14 + 10, 0);
	put16(f + 14 + 10, lwip_ntohs(inet_chksum(f + 14, 20)));
	feed(f, n);
	put16(f + 14 + 6, 0x1fff);		/* last, offset 65528 */
	put16(f + 14 + 10, 0);
	put16(f + 14 + 10, lwip_ntohs(inet_chksum(f + 14, 20)));
	feed(f, n);

	UK_TEST_EXPECT(lwip_drops() + lwip_stats.ip.chkerr +
		       lwip_stats.tcp.chkerr + lwip_stats.udp.chkerr +
		       lwip_stats.icmp.chkerr >= drops0 + 12);

	/* 5. still alive and answering; no buffer left behind (the
	 * reassembly queue may hold fragments until it times out) */
	fake.ntx = 0;
	n = echo_request(f, 5);
	UK_TEST_ASSERT(feed(f, n));
	UK_TEST_EXPECT(sent_echo_reply(5));
	UK_TEST_EXPECT(uk_netif_rx_outstanding(d) <= out0 + 3);
}

UK_TESTCASE(lwip, random_frames_do_not_crash)
{
	static uint8_t f[1600], tmpl[1600];
	struct uk_netdev *d = &fake.dev;
	uint64_t x = 0x9e3779b97f4a7c15ULL, deadline;
	unsigned int i, j, out0;
	uint32_t n, tlen;

	UK_TEST_ASSERT(fake_attach());
	out0 = uk_netif_rx_outstanding(d);
	tlen = echo_request(tmpl, 9);
	for (i = 0; i < 3000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (i % 3 == 0) {
			/* pure noise, any length */
			n = (uint32_t)(x % 1600);
			for (j = 0; j < n; j++)
				f[j] = (uint8_t)((x >> (j % 56)) ^ j);
		} else {
			/* a valid packet with a few bytes changed, so the
			 * checks deeper in the stack are reached */
			memcpy(f, tmpl, tlen);
			n = tlen;
			for (j = 0; j < 1 + x % 4; j++)
				f[14 + (x >> (8 * j + 8)) % (n - 14)] ^=
					(uint8_t)(x >> (8 * j));
			if (i % 3 == 2) {
				f[14 + 9] = (uint8_t)(x % 3 == 0 ? 6 : 17);
				put16(f + 14 + 10, 0);
				put16(f + 14 + 10,
				      lwip_ntohs(inet_chksum(f + 14, 20)));
			}
		}
		feed(f, n);
	}
	fake.ntx = 0;
	n = echo_request(f, 10);
	UK_TEST_ASSERT(feed(f, n));
	UK_TEST_EXPECT(sent_echo_reply(10));
	/* Fragments wait in the reassembly queue, at most
	 * IP_REASS_MAX_PBUFS of them, until they time out: then every
	 * buffer is back. */
	UK_TEST_EXPECT(uk_netif_rx_outstanding(d) <= out0 + IP_REASS_MAX_PBUFS);
	deadline = after((IP_REASS_MAXAGE + 3) * SEC);
	while (uk_netif_rx_outstanding(d) > out0 &&
	       uk_plat_monotonic_ns() < deadline)
		uk_sched_sleep_ns(SEC / 5);
	UK_TEST_EXPECT(uk_netif_rx_outstanding(d) == out0);
}

/* Out of receive buffers: refused, then the device is polled again as
 * soon as one comes back (reception slows down, nothing is lost). */
UK_TESTCASE(lwip, rx_buffer_exhaustion_recovers)
{
	struct uk_netdev *d = &fake.dev;
	static void *cookies[CONFIG_LIBUKNET_RX_BUFS];
	unsigned int n = 0, polls;
	uint64_t deadline;
	void *c;

	UK_TEST_ASSERT(fake_attach());
	LOCK_TCPIP_CORE();
	while (n < UK_ARRAY_SIZE(cookies) && d->rx_alloc(d, 1600, &c))
		cookies[n++] = c;
	UK_TEST_EXPECT(d->rx_alloc(d, 1600, &c) == NULL);
	UK_TEST_EXPECT(uk_netif_rx_outstanding(d) == CONFIG_LIBUKNET_RX_BUFS);
	polls = fake.polls;
	d->rx_free(d, cookies[--n]);	/* one comes back: poll again */
	UNLOCK_TCPIP_CORE();
	deadline = after(2 * SEC);
	while (fake.polls == polls && uk_plat_monotonic_ns() < deadline)
		uk_sched_sleep_ns(1000000);
	UK_TEST_EXPECT(fake.polls > polls);
	LOCK_TCPIP_CORE();
	while (n)
		d->rx_free(d, cookies[--n]);
	UNLOCK_TCPIP_CORE();
}
