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
 * notified once per batch: when the core lock is released.
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

#define TX_BACKLOG	256
#define MAX_SEGS	UK_NETDEV_MAX_SEGS
#define ETH_HDR		14
#define ETH_MAX_FRAME	(ETH_HDR + 4)	/* + MTU: VLAN tag allowed */

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
	struct pbuf *backlog[TX_BACKLOG];
	unsigned int bl_head, bl_count;
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

static void tx_done(struct uk_netdev *d, void *cookie)
{
	pbuf_free(cookie);
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

/* Sends what waits in the backlog, in order, while the ring has room. */
static void backlog_flush(struct uknetif *uif)
{
	while (uif->bl_count) {
		struct pbuf *p = uif->backlog[uif->bl_head];
		int rc = xmit_one(uif, p);

		if (rc == -ENOSPC)
			return;
		if (rc < 0) {
			uif->st.tx_dropped++;
			LINK_STATS_INC(link.drop);
			pbuf_free(p);
		}
		uif->bl_head = (uif->bl_head + 1) % TX_BACKLOG;
		uif->bl_count--;
	}
}

static err_t linkoutput(struct netif *nif, struct pbuf *p)
{
	struct uknetif *uif = nif->state;
	struct pbuf *q = p;
	int rc = -ENOSPC;

	LWIP_ASSERT_CORE_LOCKED();
	/* More segments than a device takes: one copy, rare. */
	if (pbuf_clen(p) > MAX_SEGS) {
		q = pbuf_clone(PBUF_RAW, PBUF_RAM, p);
		if (!q)
			goto drop;
		uif->st.tx_linear++;
	} else {
		pbuf_ref(p);
	}
	if (!uif->bl_count)
		rc = xmit_one(uif, q);
	if (rc == -ENOSPC) {
		if (uif->bl_count == TX_BACKLOG) {
			pbuf_free(q);
			goto drop;
		}
		uif->backlog[(uif->bl_head + uif->bl_count) % TX_BACKLOG] = q;
		uif->bl_count++;
		/* sent from the receive thread after the device's next
		 * completion event */
		uif->st.tx_backlog++;
		return ERR_OK;
	}
	if (rc < 0) {
		pbuf_free(q);
		goto drop;
	}
	MIB2_STATS_NETIF_ADD(nif, ifoutoctets, p->tot_len);
	return ERR_OK;
drop:
	uif->st.tx_dropped++;
	LINK_STATS_INC(link.drop);
	return ERR_MEM;
}

void uk_netif_kick_all(void)
{
	unsigned int i;

	for (i = 0; i < nifs; i++) {
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
	int more = 0;

	for (i = 0; i < nifs; i++) {
		struct uknetif *uif = ifs[i];
		struct uk_netdev *d = uif->dev;

		if (d->ops->poll(d, budget) >= budget)
			more = 1;
		backlog_flush(uif);
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
