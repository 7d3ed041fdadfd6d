/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP network interfaces over uknet's netdevs, without copies.
 *
 * Receive: the driver asks for buffers (rx_alloc); each is a struct
 * rxbuf, a pbuf_custom followed by the bytes, so a received frame goes
 * up the stack as that pbuf and the buffer returns here (cached for the
 * next rx_alloc) when lwIP or the socket holding it frees it.  At most
 * CONFIG_LIBUKNET_RX_BUFS buffers exist per device; beyond that rx_alloc
 * says no and the device waits until one comes back.
 *
 * Transmit: lwIP's pbuf chain is handed to the device by reference (one
 * segment per pbuf) and freed when the device is done (tx_done).  When
 * the ring is full frames wait in a backlog, in order.  The device is
 * notified once per batch: when the core lock is released.  When the
 * device segments TCP, consecutive segments of one flow are merged into
 * one frame of up to 64 KiB on the way (see tso.h), also until the core
 * lock is released or another frame comes.
 *
 * Checksums: TCP transmit checksums are left to the device when it
 * offers it; frames the device marks as checked skip lwIP's check.
 *
 * Everything here runs with the core lock held, except event(), which
 * runs in interrupt context and only wakes the receive thread.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/alloc.h>
#include "lwip/opt.h"
#include "lwip/def.h"
#include "lwip/pbuf.h"
#include "lwip/netif.h"
#include "lwip/etharp.h"
#include "lwip/stats.h"
#include "lwip/snmp.h"
#include "lwip/tcp.h"
#include "lwip/priv/tcp_priv.h"
#include "netif/ethernet.h"
#include "uknet.h"
#include "csum.h"
#include "tso.h"
#include "flowq.h"

#define TX_BACKLOG	256
#define MAX_SEGS	UK_NETDEV_MAX_SEGS
#define ETH_HDR		14
#define ETH_MAX_FRAME	(ETH_HDR + 4)	/* + MTU: VLAN tag allowed */

/*
 * Merged TCP frames in flight or being built, per device.  16 of 64 KiB
 * keep a 1 MiB window moving; each costs about 1 KiB.
 */
#define TSO_BATCHES	16
#define TSO_MAX_PARTS	48	/* segments merged: 44 of 1460 bytes fit */
#define TSO_MAX_SEGS	UK_NETDEV_TSO_MAX_SEGS

/* A merged frame: its headers, its pieces, and the segments it holds. */
struct tso_batch {
	uint8_t hdr[UK_NET_TSO_HLEN];
	unsigned int nseg, nparts;
	struct uk_netseg seg[TSO_MAX_SEGS];	/* seg[0]: hdr */
	struct uk_netdev_txmeta meta;
	struct pbuf *parts[TSO_MAX_PARTS];	/* references held */
	struct tso_batch *next_free;
};

/* tx cookies: a pbuf chain, or a batch (tagged in bit 0) */
#define BATCH_COOKIE(b)	((void *)((uintptr_t)(b) | 1))
#define COOKIE_BATCH(c)	((struct tso_batch *)((uintptr_t)(c) & ~(uintptr_t)1))
#define IS_BATCH(c)	((uintptr_t)(c) & 1)

struct uknetif;

struct rxbuf {
	struct pbuf_custom pc;
	struct uknetif *uif;
	struct rxbuf *next;	/* in the cache */
	uint32_t size;		/* bytes in data[] */
	uint8_t data[] __uk_aligned(16);
};

struct uknetif {
	struct netif nif;
	struct uk_netdev *dev;
	uint32_t rx_size;	/* buffer size the driver asks for */
	unsigned int rx_out;	/* buffers lent or held by the stack */
	unsigned int rx_held;	/* of those, held by the stack */
	unsigned int rx_cap;
	struct rxbuf *rx_cache;	/* free buffers of rx_size bytes */
	int rx_starved;		/* a request was refused: poll on return */
	int rx_reclaimed;	/* tried to reclaim since the last return */
	int rx_nomem;		/* refused for lack of memory: retry soon */
	u16_t csum_flags;	/* the netif's usual checksum settings */
	int tx_csum;		/* the device fills in TCP checksums */
	int kick;		/* frames queued since the last kick */
	int refused;		/* a frame was refused: tcp_txnow() later */
	int tso_on;		/* TCP segments are merged (see tso.h) */
	void *backlog[TX_BACKLOG];	/* tx cookies */
	unsigned int bl_head, bl_count;
	/* TCP segment merging (the device segments): see tso.h */
	struct tso_batch *tso_free;
	unsigned int tso_nfree;
	struct uk_net_flowq waitq;	/* flows waiting for a batch */
	struct tso_batch *cur;		/* being built, or NULL */
	struct uk_net_tso_seg first;	/* cur's first segment */
	uint32_t next_seq, total;	/* cur's next sequence, payload */
	uint8_t psh;			/* PSH seen after the first */
	struct uk_netif_stats st;
};

static struct uknetif *ifs[UKNET_MAX_IFS];
static unsigned int nifs;

const struct uk_netif_stats *uk_netif_stats(struct uk_netdev *d)
{
	return d->lib ? &((struct uknetif *)d->lib)->st : NULL;
}

unsigned int uk_netif_rx_outstanding(struct uk_netdev *d)
{
	return d->lib ? ((struct uknetif *)d->lib)->rx_out : 0;
}

struct uk_netdev *uk_netif_dev(struct netif *nif)
{
	return ((struct uknetif *)nif->state)->dev;
}

/* --- receive ------------------------------------------------------------- */

static void rxbuf_release(struct rxbuf *rb)
{
	struct uknetif *uif = rb->uif;

	LWIP_ASSERT_CORE_LOCKED();
	uif->rx_out--;
	uif->rx_reclaimed = 0;
	if (rb->size == uif->rx_size) {
		rb->next = uif->rx_cache;
		uif->rx_cache = rb;
	} else {
		uk_free(rb);
	}
	if (uif->rx_starved) {
		uif->rx_starved = 0;
		uk_net_wake();	/* the device may have no buffer left */
	}
}

/* lwIP is done with a received frame. */
static void rxbuf_pbuf_free(struct pbuf *p)
{
	struct rxbuf *rb = (struct rxbuf *)(void *)p;

	rb->uif->rx_held--;
	rxbuf_release(rb);
}

/* The socket layer's, when it is linked in (sock.c). */
int uk_sock_reclaim_rx(void) __uk_weak;

/*
 * Out of receive buffers: free what waits out of order (TCP will send it
 * again) and let sockets copy what they hold.  Once per shortage: the
 * next attempt is after a buffer came back.  Returns nonzero if some did.
 */
static int rx_reclaim(struct uknetif *uif)
{
	unsigned int before = uif->rx_out;
	struct tcp_pcb *pcb;

	if (uif->rx_reclaimed)
		return 0;
	uif->rx_reclaimed = 1;
	for (pcb = tcp_active_pcbs; pcb; pcb = pcb->next)
		if (pcb->ooseq)
			tcp_free_ooseq(pcb);
	if (uk_sock_reclaim_rx)
		uk_sock_reclaim_rx();
	return uif->rx_out < before;
}

static void *rx_alloc(struct uk_netdev *d, uint32_t size, void **cookie)
{
	struct uknetif *uif = d->lib;
	struct rxbuf *rb;

	if (size > 0xffff)
		goto refuse;
	/* At the limit: refused while the device still has buffers (it
	 * asks again), else reclaimed from the stack. */
	if (uif->rx_out >= uif->rx_cap &&
	    (uif->rx_out - uif->rx_held > uif->rx_cap / 8 || !rx_reclaim(uif)))
		goto refuse;
	if (size != uif->rx_size) {
		/* drivers ask for one size; keep the cache to it */
		while ((rb = uif->rx_cache)) {
			uif->rx_cache = rb->next;
			uk_free(rb);
		}
		uif->rx_size = size;
	}
	if (uk_lwip_fault())
		goto nomem;
	rb = uif->rx_cache;
	if (rb) {
		uif->rx_cache = rb->next;
	} else {
		rb = uk_malloc(sizeof(*rb) + size);
		if (!rb)
			goto nomem;
		rb->uif = uif;
		rb->size = size;
		rb->pc.custom_free_function = rxbuf_pbuf_free;
	}
	uif->rx_nomem = 0;
	uif->rx_out++;
	*cookie = rb;
	return rb->data;
nomem:
	uif->rx_nomem = 1;	/* retried on a timer */
refuse:
	uif->rx_starved = 1;	/* retried when a buffer comes back */
	/* counted when it hurts: no memory, or the device has none left
	 * (a device that holds some is only refused more) */
	if (uif->rx_nomem || uif->rx_out == uif->rx_held)
		uif->st.rx_nobuf++;
	return NULL;
}

static void rx_free(struct uk_netdev *d, void *cookie)
{
	rxbuf_release(cookie);
}

void uk_netif_rx_frame(struct uk_netdev *d, void *cookie, void *data,
		       uint32_t len, unsigned int flags)
{
	struct uknetif *uif = d->lib;
	struct rxbuf *rb = cookie;
	uint8_t *f = data;
	struct pbuf *p;

	/* The device's word is checked: the frame lies in its buffer. */
	if (!rb || rb->uif != uif || f < rb->data || len > rb->size ||
	    (size_t)(f - rb->data) > rb->size - len ||
	    len < ETH_HDR || len > (uint32_t)uif->nif.mtu + ETH_MAX_FRAME) {
		uif->st.rx_bad++;
		LINK_STATS_INC(link.drop);
		LINK_STATS_INC(link.lenerr);
		if (rb && rb->uif == uif)
			rxbuf_release(rb);
		return;
	}
	p = pbuf_alloced_custom(PBUF_RAW, (u16_t)len, PBUF_REF, &rb->pc, f,
				(u16_t)len);
	uif->rx_held++;
	LINK_STATS_INC(link.recv);
	MIB2_STATS_NETIF_ADD(&uif->nif, ifinoctets, len);
	/* Checked by the device: lwIP need not check again, unless the sum
	 * spans fragments (reassembly checks the whole datagram). */
	if ((flags & UK_NETDEV_RX_CSUM_OK) && !uk_net_frame_is_fragment(f, len))
		NETIF_SET_CHECKSUM_CTRL(&uif->nif, uif->csum_flags &
			~(NETIF_CHECKSUM_CHECK_TCP | NETIF_CHECKSUM_CHECK_UDP));
	if (uif->nif.input(p, &uif->nif) != ERR_OK)
		pbuf_free(p);
	NETIF_SET_CHECKSUM_CTRL(&uif->nif, uif->csum_flags);
}

/* From interrupt context. */
static void dev_event(struct uk_netdev *d)
{
	uk_net_wake();
}

/* --- transmit ------------------------------------------------------------ */

static void batch_release(struct uknetif *uif, struct tso_batch *b)
{
	b->next_free = uif->tso_free;
	uif->tso_free = b;
	uif->tso_nfree++;
}

/* The device is done with a frame, or it is dropped: its references go. */
static void cookie_free(struct uknetif *uif, void *cookie)
{
	struct tso_batch *b;
	unsigned int i;

	if (!IS_BATCH(cookie)) {
		pbuf_free(cookie);
		return;
	}
	b = COOKIE_BATCH(cookie);
	for (i = 0; i < b->nparts; i++)
		pbuf_free(b->parts[i]);
	batch_release(uif, b);
}

static void tx_done(struct uk_netdev *d, void *cookie)
{
	cookie_free(d->lib, cookie);
}

/* Hands p (whose reference we hold) to the device; -ENOSPC: ring full. */
static int xmit_one(struct uknetif *uif, struct pbuf *p)
{
	struct uk_netdev *d = uif->dev;
	struct uk_netseg seg[MAX_SEGS];
	struct uk_netdev_txmeta meta = { 0 };
	unsigned int n = 0;
	struct pbuf *q;
	int rc;

	for (q = p; q; q = q->next) {
		if (!q->len)
			continue;
		if (n == MAX_SEGS)
			return -E2BIG;
		seg[n].data = q->payload;
		seg[n].len = q->len;
		n++;
	}
	if (!n)
		return -EINVAL;
	if (uif->tx_csum &&
	    uk_net_csum_offload_prep(seg[0].data, seg[0].len, p->tot_len,
				     &meta))
		uif->st.tx_csum++;
	rc = d->ops->xmit(d, seg, n, &meta, p);
	if (rc == 0) {
		uif->kick = 1;
		LINK_STATS_INC(link.xmit);
	}
	return rc;
}

/* Hands a frame (a tx cookie) to the device; -ENOSPC: ring full. */
static int xmit_cookie(struct uknetif *uif, void *cookie)
{
	struct tso_batch *b = COOKIE_BATCH(cookie);
	int rc;

	if (!IS_BATCH(cookie))
		return xmit_one(uif, cookie);
	rc = uif->dev->ops->xmit(uif->dev, b->seg, b->nseg, &b->meta, cookie);
	if (rc == 0) {
		uif->kick = 1;
		uif->st.tx_csum++;
		uif->st.tso_frames++;
		uif->st.tso_segments += b->nparts;
		LINK_STATS_INC(link.xmit);
	}
	return rc;
}

/* Sends what waits in the backlog, in order, while the ring has room. */
static void backlog_flush(struct uknetif *uif)
{
	while (uif->bl_count) {
		void *c = uif->backlog[uif->bl_head];
		int rc = xmit_cookie(uif, c);

		if (rc == -ENOSPC)
			return;
		if (rc < 0) {
			uif->st.tx_dropped++;
			LINK_STATS_INC(link.drop);
			cookie_free(uif, c);
		}
		uif->bl_head = (uif->bl_head + 1) % TX_BACKLOG;
		uif->bl_count--;
	}
}

/*
 * Sends a frame whose references we hold, or queues it behind others.
 * With the backlog full it goes: TCP keeps a frame refused by
 * linkoutput() and sends it again (see uk_netif_poll_all()).  A merged
 * frame always finds room: tso_take() starts one only when the backlog
 * has room for it.
 */
static err_t send_held(struct uknetif *uif, void *cookie)
{
	int rc = -ENOSPC;

	if (!uif->bl_count)
		rc = xmit_cookie(uif, cookie);
	if (rc == -ENOSPC) {
		if (uif->bl_count == TX_BACKLOG) {
			cookie_free(uif, cookie);
			goto drop;
		}
		uif->backlog[(uif->bl_head + uif->bl_count) % TX_BACKLOG] =
			cookie;
		uif->bl_count++;
		/* sent from the receive thread after the device's next
		 * completion event */
		uif->st.tx_backlog++;
		return ERR_OK;
	}
	if (rc < 0) {
		cookie_free(uif, cookie);
		goto drop;
	}
	return ERR_OK;
drop:
	uif->st.tx_dropped++;
	uif->refused = 1;
	LINK_STATS_INC(link.drop);
	return ERR_MEM;
}

/* --- TCP segment merging (see tso.h) ------------------------------------- */

/*
 * Appends p's payload (after the headers) to b's pieces, joining pieces
 * that touch in memory.  0, or -1 with b unchanged if they do not fit.
 */
static int batch_add_payload(struct tso_batch *b, struct pbuf *p)
{
	unsigned int n = b->nseg, off = UK_NET_TSO_HLEN;
	uint32_t last_len = b->seg[n - 1].len;
	struct pbuf *q;

	for (q = p; q; q = q->next) {
		uint8_t *data;
		uint32_t len;

		if (off >= q->len) {
			off -= q->len;
			continue;
		}
		data = (uint8_t *)q->payload + off;
		len = q->len - off;
		off = 0;
		if (n > 1 && (uint8_t *)b->seg[n - 1].data +
			     b->seg[n - 1].len == data) {
			b->seg[n - 1].len += len;
			continue;
		}
		if (n == TSO_MAX_SEGS) {
			b->seg[b->nseg - 1].len = last_len;
			return -1;
		}
		b->seg[n].data = data;
		b->seg[n].len = len;
		n++;
	}
	b->nseg = n;
	return 0;
}

/* Sends the frame being built: merged, or as it came if alone. */
static void tso_flush(struct uknetif *uif)
{
	struct tso_batch *b = uif->cur;

	if (!b)
		return;
	uif->cur = NULL;
	if (b->nparts == 1) {
		struct pbuf *p = b->parts[0];

		batch_release(uif, b);
		send_held(uif, p);
		return;
	}
	uk_net_tso_header(b->hdr, uif->total, uif->psh,
			  (uint16_t)uif->first.payload, &b->meta);
	send_held(uif, BATCH_COOKIE(b));
}

/*
 * Takes p into the frame being built, or starts a new one with it (the
 * previous one is sent).  1 if taken (a reference is held), 0 if p is
 * not for merging, -1 if it is but must wait: every batch is with the
 * device, or the backlog has no room for one more frame.
 */
static int tso_take(struct uknetif *uif, struct pbuf *p)
{
	struct uk_net_tso_seg s;
	struct uk_net_flow f;
	struct tso_batch *b = uif->cur;

	if (p->len < UK_NET_TSO_HLEN ||
	    !uk_net_tso_parse(p->payload, p->len, p->tot_len, &s))
		return 0;
	if (b && b->nparts < TSO_MAX_PARTS &&
	    uk_net_tso_follows(&uif->first, uif->next_seq, uif->total, &s) &&
	    batch_add_payload(b, p) == 0) {
		pbuf_ref(p);
		b->parts[b->nparts++] = p;
		uif->next_seq += s.payload;
		uif->total += s.payload;
		uif->psh |= s.flags & UK_NET_TCP_PSH;
		/* a short segment ends the frame: the device cuts at the
		 * first one's size */
		if (s.payload < uif->first.payload ||
		    uif->total + uif->first.payload > UK_NET_TSO_MAX_PAYLOAD)
			tso_flush(uif);
		return 1;
	}
	tso_flush(uif);
	if (uif->bl_count >= TX_BACKLOG)
		return -1;
	memcpy(f.addrs, s.addrs, sizeof(f.addrs));
	f.ports = s.ports;
	if (!uk_net_flowq_admit(&uif->waitq, &f, uif->tso_nfree))
		return -1;
	b = uif->tso_free;
	uif->tso_free = b->next_free;
	uif->tso_nfree--;
	memcpy(b->hdr, p->payload, UK_NET_TSO_HLEN);
	b->seg[0].data = b->hdr;
	b->seg[0].len = UK_NET_TSO_HLEN;
	b->nseg = 1;
	b->nparts = 0;
	if (batch_add_payload(b, p) < 0) {
		batch_release(uif, b);
		return 0;
	}
	pbuf_ref(p);
	b->parts[b->nparts++] = p;
	uif->cur = b;
	uif->first = s;
	uif->next_seq = s.seq + s.payload;
	uif->total = s.payload;
	uif->psh = 0;
	return 1;
}

static err_t linkoutput(struct netif *nif, struct pbuf *p)
{
	struct uknetif *uif = nif->state;
	struct pbuf *q = p;

	LWIP_ASSERT_CORE_LOCKED();
	MIB2_STATS_NETIF_ADD(nif, ifoutoctets, p->tot_len);
	if (uif->tso_on && pbuf_clen(p) <= MAX_SEGS) {
		int rc = tso_take(uif, p);

		if (rc > 0)
			return ERR_OK;
		/*
		 * A segment that waits for a batch is refused, and TCP sends
		 * it again when the device gives one back (see
		 * uk_netif_poll_all()).  Sent alone instead, segments filled
		 * the ring with small frames that the device drains more
		 * slowly, so batches came back later still: under load the
		 * link stayed at half speed.  And a merged frame is never
		 * dropped at a full backlog: that loses some 40 segments at
		 * once, which TCP without SACK recovers from only by its
		 * retransmission timeout, seconds later.
		 */
		if (rc < 0) {
			uif->st.tx_refused++;
			uif->refused = 1;
			return ERR_MEM;
		}
	}
	tso_flush(uif);		/* what came before goes first */
	/* More segments than a device takes: one copy, rare. */
	if (pbuf_clen(p) > MAX_SEGS) {
		q = pbuf_clone(PBUF_RAW, PBUF_RAM, p);
		if (!q) {
			uif->st.tx_dropped++;
			uif->refused = 1;
			LINK_STATS_INC(link.drop);
			return ERR_MEM;
		}
		uif->st.tx_linear++;
	} else {
		pbuf_ref(p);
	}
	return send_held(uif, q);
}

void uk_netif_kick_all(void)
{
	unsigned int i;

	for (i = 0; i < nifs; i++) {
		tso_flush(ifs[i]);
		if (ifs[i]->kick) {
			ifs[i]->kick = 0;
			ifs[i]->dev->ops->xmit_kick(ifs[i]->dev);
		}
	}
}

/* --- polling ------------------------------------------------------------- */

int uk_netif_poll_all(int budget)
{
	unsigned int i;
	int more = 0, resend = 0;

	for (i = 0; i < nifs; i++) {
		struct uknetif *uif = ifs[i];
		struct uk_netdev *d = uif->dev;

		if (d->ops->poll(d, budget) >= budget)
			more = 1;
		backlog_flush(uif);
		if (uif->refused && uif->bl_count < TX_BACKLOG / 2 &&
		    (uif->tso_free || !uif->tso_on)) {
			uif->refused = 0;
			resend = 1;
		}
	}
	/*
	 * TCP keeps a segment we refused and sends it again only when
	 * something calls tcp_output() for its connection: an ACK, a write,
	 * or, with nothing in flight, the retransmission timer, seconds
	 * later.  Now that there is room, resend at once.
	 */
	if (resend) {
		tcp_txnow();
		/* waiters that had a turn and took no batch are done */
		for (i = 0; i < nifs; i++)
			uk_net_flowq_prune(&ifs[i]->waitq, ifs[i]->tso_nfree);
	}
	return more;
}

int uk_netif_enable_events(void)
{
	unsigned int i;
	int more = 0;

	for (i = 0; i < nifs; i++)
		more |= ifs[i]->dev->ops->enable_events(ifs[i]->dev);
	return more;
}

int uk_netif_rx_starved(void)
{
	unsigned int i;

	for (i = 0; i < nifs; i++)
		if (ifs[i]->rx_nomem)
			return 1;
	return 0;
}

int uk_netif_rx_pressure(void)
{
	unsigned int i;

	/* Half the buffers held by the stack: the device is running out. */
	for (i = 0; i < nifs; i++)
		if (ifs[i]->rx_held >= ifs[i]->rx_cap / 2)
			return 1;
	return 0;
}

/* --- attaching ----------------------------------------------------------- */

static err_t uknetif_init(struct netif *nif)
{
	struct uknetif *uif = nif->state;
	struct uk_netdev *d = uif->dev;

	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, d->mac, ETH_HWADDR_LEN);
	nif->mtu = d->mtu ? d->mtu : 1500;
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		     NETIF_FLAG_ETHERNET;
	nif->output = etharp_output;
	nif->linkoutput = linkoutput;
#if LWIP_NETIF_HOSTNAME
	nif->hostname = "unikit";
#endif
	MIB2_INIT_NETIF(nif, snmp_ifType_ethernet_csmacd, 0);

	uif->csum_flags = NETIF_CHECKSUM_ENABLE_ALL;
	/* Transmit offload for TCP only: a UDP sum may span fragments. */
	if (d->features & UK_NETDEV_F_TX_CSUM) {
		uif->tx_csum = 1;
		uif->csum_flags &= ~NETIF_CHECKSUM_GEN_TCP;
	}
#if CONFIG_LIBUKNET_TSO
	if (uif->tx_csum && (d->features & UK_NETDEV_F_TX_TSO4)) {
		struct tso_batch *b = uk_calloc(TSO_BATCHES, sizeof(*b));
		unsigned int i;

		for (i = 0; b && i < TSO_BATCHES; i++)
			batch_release(uif, &b[i]);
		uif->tso_on = b != NULL;
	}
#endif
	NETIF_SET_CHECKSUM_CTRL(nif, uif->csum_flags);
	return ERR_OK;
}

struct netif *uk_netif_attach(struct uk_netdev *d)
{
	struct uknetif *uif;
	int rc;

	if (nifs == UKNET_MAX_IFS) {
		uk_pr_warn("net%u: more than %d devices, ignored\n", d->index,
			   UKNET_MAX_IFS);
		return NULL;
	}
	uif = uk_calloc(1, sizeof(*uif));
	if (!uif) {
		uk_pr_err("net%u: out of memory\n", d->index);
		return NULL;
	}
	uif->dev = d;
	uif->rx_cap = CONFIG_LIBUKNET_RX_BUFS;
	d->lib = uif;
	d->rx_alloc = rx_alloc;
	d->rx_frame = uk_netif_rx_frame;
	d->rx_free = rx_free;
	d->tx_done = tx_done;
	d->event = dev_event;
	if (!netif_add(&uif->nif, NULL, NULL, NULL, uif, uknetif_init,
		       ethernet_input)) {
		uk_pr_err("net%u: lwIP refused the interface\n", d->index);
		uk_free(uif);
		return NULL;
	}
	ifs[nifs++] = uif;
	rc = d->ops->start(d);
	if (rc < 0) {
		uk_pr_err("net%u: cannot start the device (error %d)\n",
			  d->index, -rc);
		/* stays registered but down: lwIP keeps pointers to it */
		return NULL;
	}
	netif_set_link_up(&uif->nif);
	netif_set_up(&uif->nif);
	return &uif->nif;
}
