/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netfront: Xen's paravirtual network device ("vif", <xen/io/netif.h>)
 * behind uknet's netdev interface.  One queue: a transmit ring and a
 * receive ring, one page each, and one event channel for both.
 *
 * Receive copies.  The backend (netback in dom0) copies each frame into
 * a page we granted it, at the offset it reports, so the device needs
 * whole pages; the library's receive buffers are not pages (its
 * bookkeeping sits in front of the bytes, 16-byte aligned), and granting
 * them would also let the backend write over that bookkeeping.  So the
 * device gets a pool of our own pages, granted once and posted again as
 * soon as their frame is copied out into a buffer from rx_alloc.  The
 * copy (one frame, at most 1518 bytes) is also a snapshot: the backend
 * keeps write access to the pool, the library parses memory only we can
 * write.  When the library has no buffer, frames wait in the ring (the
 * backend then holds or drops new ones) until the next poll.
 *
 * Transmit is by reference: each page a frame touches is granted to the
 * backend read-only for as long as the frame is in flight; the grant
 * ends when the backend answers, then the library gets the frame back
 * (tx_done).  A frame spread over more pages than a backend must accept
 * (XEN_NETIF_NR_SLOTS_MIN) is first copied into one of a few bounce
 * pages.  Like every netfront, this lets the backend read whatever else
 * shares those pages.
 *
 * Events: the event channel's handler calls the library's event(); no
 * further notification comes until enable_events() moves the rings'
 * rsp_event past what was consumed (RING_FINAL_CHECK_FOR_RESPONSES).
 *
 * Every index, id, offset, length and flag the backend writes is checked
 * before use; a malformed receive response is dropped and counted in
 * stats.rx_dropped, a malformed transmit response is counted and logged,
 * and a ring whose producer index runs ahead of what we posted is
 * treated as broken (the device stops).
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/alloc.h>
#include <uk/arch/irq.h>
#include <uk/netdev.h>
#include <uk/plat/time.h>
#include <uk/xen/evtchn.h>
#include <uk/xen/gnttab.h>
#include <uk/xen/xenbus.h>
#include <uk/xen/xenstore.h>
#include "xen.h"
#include <xen/io/netif.h>

#define PAGE_SIZE	4096UL
#define PAGE_MASK	(~(PAGE_SIZE - 1))
/* Slots in each ring: 256 */
#define TX_RING		__CONST_RING_SIZE(netif_tx, PAGE_SIZE)
#define RX_RING		__CONST_RING_SIZE(netif_rx, PAGE_SIZE)
#define RX_PAGES	CONFIG_XEN_NETFRONT_RX_PAGES
#define TX_MAX_SLOTS	XEN_NETIF_NR_SLOTS_MIN	/* per frame */
#define BOUNCE_PAGES	8
#define ETH_HLEN	14
#define ETH_OVERHEAD	18	/* header + VLAN tag */
#define NO_PAGE		0xffff
#define NO_ID		0xffff
#define CONNECT_NS	(10 * UK_NSEC_PER_SEC)

UK_BUILD_BUG_ON(RX_PAGES > RX_RING);

struct tx_slot {
	int32_t gref;		/* -1: none (the slot is free or done) */
	uint16_t head;		/* the frame's first slot */
	uint16_t next_free;
	uint8_t busy;		/* posted, no answer yet */
	uint8_t ending;		/* answered; grant not ended yet */
	/* on a frame's first slot: */
	uint16_t pending;	/* slots of the frame not answered yet */
	int16_t bounce;		/* bounce page used, or -1 */
	void *cookie;
};

struct netfront {
	struct uk_netdev nd;
	struct uk_xenbus_dev *xdev;
	uint16_t backend;		/* the backend's domain */
	uint32_t port;
	netif_tx_front_ring_t tx;
	netif_rx_front_ring_t rx;
	int broken;			/* a ring was corrupt: stopped */
	int started;
	uint32_t rx_size;		/* library buffer size: mtu + 18 */

	/* transmit */
	struct tx_slot txs[TX_RING];
	uint16_t tx_free;		/* list of free slots */
	unsigned int tx_nfree;
	unsigned int tx_ending;		/* slots with a grant to end */
	uint8_t *bounce;		/* BOUNCE_PAGES pages */
	uint8_t bounce_busy[BOUNCE_PAGES];
	uint64_t tx_bad;		/* malformed transmit responses */
	uint64_t tx_errors;		/* frames the backend refused */

	/* receive */
	uint8_t *rx_pages;		/* RX_PAGES pages, granted once */
	int32_t rx_gref[RX_PAGES];
	uint16_t rx_slot_page[RX_RING];	/* page posted in slot i */
	uint16_t rx_idle[RX_PAGES];	/* pages not posted */
	unsigned int rx_nidle;
	int rx_blocked;			/* the library had no buffer */
	int rx_skip_extras;		/* the next slots are extra info */
	int rx_skip_more;		/* the next slot continues a drop */
};

#define NF(d) uk_container_of(d, struct netfront, nd)

static void notify(struct netfront *nf)
{
	uk_xen_evtchn_notify(nf->port);
}

/* The device is unusable: say so once, stop touching the rings. */
static void set_broken(struct netfront *nf, const char *why)
{
	if (!nf->broken)
		uk_pr_err("%s: %s; device stopped\n", nf->nd.name, why);
	nf->broken = 1;
}

/* --- receive ------------------------------------------------------------- */

/* Posts the idle pages as receive requests. */
static void rx_post(struct netfront *nf)
{
	int n = 0, more;

	while (nf->rx_nidle) {
		RING_IDX i = nf->rx.req_prod_pvt;
		netif_rx_request_t *req = RING_GET_REQUEST(&nf->rx, i);
		uint16_t page = nf->rx_idle[--nf->rx_nidle];
		uint16_t slot = i & (RX_RING - 1);

		req->id = slot;
		req->gref = nf->rx_gref[page];
		nf->rx_slot_page[slot] = page;
		nf->rx.req_prod_pvt = i + 1;
		n++;
	}
	if (!n)
		return;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->rx, more);
	if (more)
		notify(nf);
}

/*
 * Checks one receive response; returns the frame's length, or 0 when
 * it must be dropped (and counts it).  Frames are single-slot: we offer
 * neither scatter-gather nor GSO, so more_data and extra info are a
 * backend's mistake, and what follows them is dropped with them.
 */
static uint32_t rx_check(struct netfront *nf, const netif_rx_response_t *rsp,
			 uint16_t slot)
{
	int skip = nf->rx_skip_more;
	int16_t st = rsp->status;

	nf->rx_skip_more = !!(rsp->flags & NETRXF_more_data);
	if (rsp->flags & NETRXF_extra_info)
		nf->rx_skip_extras = 1;
	if (skip)
		return 0;	/* counted with the frame's first slot */
	if (rsp->id != slot || st <= 0 ||
	    (rsp->flags & (NETRXF_more_data | NETRXF_extra_info)) ||
	    rsp->offset >= PAGE_SIZE ||
	    (uint32_t)st > PAGE_SIZE - rsp->offset ||
	    (uint32_t)st < ETH_HLEN || (uint32_t)st > nf->rx_size) {
		/* A negative status is a frame the backend could not
		 * deliver: also a drop, not a malformed response. */
		nf->nd.stats.rx_dropped++;
		return 0;
	}
	return st;
}

static int rx_poll(struct netfront *nf, int budget)
{
	struct uk_netdev *d = &nf->nd;
	RING_IDX cons = nf->rx.rsp_cons, prod;
	int got = 0;

	prod = nf->rx.sring->rsp_prod;
	xen_rmb();	/* the index before the responses it covers */
	if (prod - cons > RX_RING ||
	    prod - cons > nf->rx.req_prod_pvt - cons) {
		set_broken(nf, "receive ring index out of range");
		return 0;
	}
	nf->rx_blocked = 0;
	while (cons != prod && got < budget) {
		uint16_t slot = cons & (RX_RING - 1);
		uint16_t page = nf->rx_slot_page[slot];
		netif_rx_response_t rsp = *RING_GET_RESPONSE(&nf->rx, cons);
		uint32_t len = 0;
		void *buf = NULL, *cookie = NULL;

		uk_barrier();	/* use the copy, never the shared slot */
		if (page == NO_PAGE) {
			/* a slot we never posted: cannot happen (checked
			 * against req_prod_pvt above) */
			set_broken(nf, "response in an empty receive slot");
			break;
		}
		if (nf->rx_skip_extras) {
			/* A netif_extra_info, not a response: skipped. */
			const netif_extra_info_t *x = (const void *)&rsp;

			nf->rx_skip_extras = !!(x->flags &
						XEN_NETIF_EXTRA_FLAG_MORE);
		} else {
			/* Reserve the buffer before changing any state, so that
			 * a refusal leaves the response for the next poll. */
			if (rsp.id == slot && rsp.status > 0 &&
			    !nf->rx_skip_more) {
				buf = d->rx_alloc(d, nf->rx_size, &cookie);
				if (!buf) {
					nf->rx_blocked = 1;
					break;
				}
			}
			len = rx_check(nf, &rsp, slot);
		}
		if (len && buf) {
			const uint8_t *src = nf->rx_pages + page * PAGE_SIZE +
					     rsp.offset;
			unsigned int flags = 0;

			memcpy(buf, src, len);
			/* data_validated: checked on the way; csum_blank: made
			 * on this host, never on a wire. */
			if (rsp.flags & (NETRXF_data_validated |
					 NETRXF_csum_blank))
				flags |= UK_NETDEV_RX_CSUM_OK;
			d->stats.rx_frames++;
			d->stats.rx_bytes += len;
			d->rx_frame(d, cookie, buf, len, flags);
			got++;
		} else if (buf) {
			d->rx_free(d, cookie);
		}
		nf->rx_slot_page[slot] = NO_PAGE;
		nf->rx_idle[nf->rx_nidle++] = page;
		cons++;
	}
	nf->rx.rsp_cons = cons;
	rx_post(nf);
	return got;
}

/* --- transmit ------------------------------------------------------------ */

static void tx_slot_free(struct netfront *nf, uint16_t id)
{
	nf->txs[id].busy = 0;
	nf->txs[id].next_free = nf->tx_free;
	nf->tx_free = id;
	nf->tx_nfree++;
}

/* Ends a finished slot's grant and frees it; 0, or -EBUSY (retry later). */
static int tx_slot_end(struct netfront *nf, uint16_t id)
{
	struct tx_slot *s = &nf->txs[id];

	if (s->gref >= 0) {
		int rc = uk_xen_gnttab_end(s->gref);

		if (rc == -EBUSY)
			return rc;	/* still mapped by the backend */
		if (rc)
			uk_pr_err("%s: grant %d: cannot end (%d)\n",
				  nf->nd.name, s->gref, rc);
		s->gref = -1;
	}
	tx_slot_free(nf, id);
	return 0;
}

/* Grants that could not end when answered: try again. */
static void tx_retry_ending(struct netfront *nf)
{
	unsigned int id;

	for (id = 0; id < TX_RING && nf->tx_ending; id++) {
		if (!nf->txs[id].ending)
			continue;
		if (tx_slot_end(nf, id) == 0) {
			nf->txs[id].ending = 0;
			nf->tx_ending--;
		}
	}
}

/* A slot is answered: free it, or mark it for a later try. */
static void tx_slot_done(struct netfront *nf, uint16_t id)
{
	if (tx_slot_end(nf, id)) {
		nf->txs[id].ending = 1;
		nf->tx_ending++;
	}
}

static void tx_reclaim(struct netfront *nf)
{
	RING_IDX cons = nf->tx.rsp_cons, prod;

	if (nf->tx_ending)
		tx_retry_ending(nf);
	prod = nf->tx.sring->rsp_prod;
	xen_rmb();
	if (prod - cons > nf->tx.req_prod_pvt - cons) {
		set_broken(nf, "transmit ring index out of range");
		return;
	}
	for (; cons != prod; cons++) {
		netif_tx_response_t rsp = *RING_GET_RESPONSE(&nf->tx, cons);
		struct tx_slot *h;
		uint16_t head;

		uk_barrier();	/* use the copy, never the shared slot */
		if (rsp.id >= TX_RING || !nf->txs[rsp.id].busy) {
			if (!nf->tx_bad++)
				uk_pr_warn("%s: bad transmit response (id %u)"
					   " dropped\n", nf->nd.name, rsp.id);
			continue;
		}
		nf->txs[rsp.id].busy = 0;
		if (rsp.status != NETIF_RSP_OKAY &&
		    rsp.status != NETIF_RSP_NULL)
			nf->tx_errors++;
		head = nf->txs[rsp.id].head;
		h = &nf->txs[head];
		/* The first slot carries the frame: it is freed last. */
		if (rsp.id != head)
			tx_slot_done(nf, rsp.id);
		if (--h->pending)
			continue;
		if (h->bounce >= 0)
			nf->bounce_busy[h->bounce] = 0;
		h->bounce = -1;
		nf->nd.tx_done(&nf->nd, h->cookie);
		tx_slot_done(nf, head);
	}
	nf->tx.rsp_cons = cons;
}

/* Pages (slots) the byte range [p, p + len) spans. */
static unsigned int pages_of(const void *p, uint32_t len)
{
	uintptr_t a = (uintptr_t)p;

	if (!len)
		return 0;
	return ((a + len - 1) >> 12) - (a >> 12) + 1;
}

static int bounce_get(struct netfront *nf)
{
	int i;

	for (i = 0; i < BOUNCE_PAGES; i++)
		if (!nf->bounce_busy[i]) {
			nf->bounce_busy[i] = 1;
			return i;
		}
	return -1;
}

/*
 * Queues one slot for [p, p + len), which lies in one page, as part of
 * the frame whose first slot is head (NO_ID: this is the first).
 * Returns the slot's id, or -ENOSPC when no grant reference is left.
 */
static int tx_add(struct netfront *nf, const uint8_t *p, uint32_t len,
		  uint16_t head, uint16_t flags, uint16_t size)
{
	uint16_t id = nf->tx_free;
	struct tx_slot *s = &nf->txs[id];
	netif_tx_request_t *req;
	int ref;

	ref = uk_xen_gnttab_grant(nf->backend, (uintptr_t)p >> 12, 1);
	if (ref < 0)
		return -ENOSPC;
	nf->tx_free = s->next_free;
	nf->tx_nfree--;
	s->gref = ref;
	s->busy = 1;
	s->head = head == NO_ID ? id : head;
	req = RING_GET_REQUEST(&nf->tx, nf->tx.req_prod_pvt);
	req->gref = ref;
	req->offset = (uintptr_t)p & ~PAGE_MASK;
	req->flags = flags;
	req->id = id;
	req->size = size;
	nf->tx.req_prod_pvt++;
	return id;
}

static unsigned int tx_ring_free(struct netfront *nf)
{
	return RING_SIZE(&nf->tx) - (nf->tx.req_prod_pvt - nf->tx.rsp_cons);
}

static int nf_xmit(struct uk_netdev *d, const struct uk_netseg *seg,
		   unsigned int n, const struct uk_netdev_txmeta *meta,
		   void *cookie)
{
	struct netfront *nf = NF(d);
	unsigned int i, slots = 0, used = 0, ring_free;
	uint16_t ids[TX_MAX_SLOTS], head = NO_ID, csum = 0;
	uint32_t total = 0;
	struct uk_netseg one;
	int bounce = -1;

	if (nf->broken)
		return -EIO;
	if (n == 0 || n > UK_NETDEV_MAX_SEGS)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		total += seg[i].len;
		slots += pages_of(seg[i].data, seg[i].len);
	}
	if (total < ETH_HLEN || total > XEN_NETIF_MAX_TX_SIZE)
		return -EINVAL;
	if (slots > TX_MAX_SLOTS) {
		/* Too scattered for the backend: one copy. */
		if (total > PAGE_SIZE)
			return -EINVAL;
		bounce = bounce_get(nf);
		if (bounce < 0)
			goto full;
		one.data = nf->bounce + bounce * PAGE_SIZE;
		one.len = 0;
		for (i = 0; i < n; i++) {
			memcpy((uint8_t *)one.data + one.len, seg[i].data,
			       seg[i].len);
			one.len += seg[i].len;
		}
		seg = &one;
		n = 1;
		slots = 1;
	}
	ring_free = tx_ring_free(nf);
	if (nf->tx_nfree < slots || ring_free < slots) {
		tx_reclaim(nf);
		ring_free = tx_ring_free(nf);
	}
	if (nf->tx_nfree < slots || ring_free < slots)
		goto full;

	if (meta && meta->csum && (d->features & UK_NETDEV_F_TX_CSUM))
		csum = NETTXF_csum_blank | NETTXF_data_validated;
	for (i = 0; i < n; i++) {
		const uint8_t *p = seg[i].data;
		uint32_t left = seg[i].len;

		while (left) {
			uint32_t chunk = UK_MIN(left, PAGE_SIZE -
						((uintptr_t)p & ~PAGE_MASK));
			/* The first slot carries the frame's total size and
			 * the checksum flags; all but the last: more_data. */
			uint16_t flags = head == NO_ID ? csum : 0;
			int id;

			if (used + 1 < slots)
				flags |= NETTXF_more_data;
			id = tx_add(nf, p, chunk, head, flags,
				    head == NO_ID ? total : chunk);
			if (id < 0)
				goto undo;
			ids[used++] = id;
			if (head == NO_ID)
				head = id;
			p += chunk;
			left -= chunk;
		}
	}
	nf->txs[head].cookie = cookie;
	nf->txs[head].pending = used;
	nf->txs[head].bounce = bounce;
	d->stats.tx_frames++;
	d->stats.tx_bytes += total;
	return 0;
undo:
	/* Grant references ran out: take the frame's slots back (not
	 * pushed yet, so the backend has not seen them). */
	nf->tx.req_prod_pvt -= used;
	while (used)
		tx_slot_end(nf, ids[--used]);
full:
	if (bounce >= 0)
		nf->bounce_busy[bounce] = 0;
	d->stats.tx_full++;
	return -ENOSPC;
}

static void nf_kick(struct uk_netdev *d)
{
	struct netfront *nf = NF(d);
	int more;

	if (nf->broken)
		return;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->tx, more);
	if (more)
		notify(nf);
}

/* --- the netdev operations ---------------------------------------------- */

static int nf_poll(struct uk_netdev *d, int budget)
{
	struct netfront *nf = NF(d);

	if (nf->broken)
		return 0;
	tx_reclaim(nf);
	if (nf->broken)
		return 0;
	return rx_poll(nf, budget);
}

static int nf_enable_events(struct uk_netdev *d)
{
	struct netfront *nf = NF(d);
	int more_tx, more_rx;

	if (nf->broken)
		return 0;
	RING_FINAL_CHECK_FOR_RESPONSES(&nf->tx, more_tx);
	RING_FINAL_CHECK_FOR_RESPONSES(&nf->rx, more_rx);
	/* Frames waiting for a library buffer are retried when the
	 * library has one again (it polls then), not in a loop. */
	return more_tx || (more_rx && !nf->rx_blocked);
}

static void nf_event(uint32_t port, void *arg)
{
	struct netfront *nf = arg;

	if (nf->started && nf->nd.event)
		nf->nd.event(&nf->nd);
}

static int nf_start(struct uk_netdev *d)
{
	struct netfront *nf = NF(d);

	if (nf->broken)
		return -EIO;
	if (!d->rx_alloc || !d->rx_frame || !d->rx_free || !d->tx_done)
		return -EINVAL;
	rx_post(nf);
	nf->started = 1;
	/* Anything that came before we listened is polled now. */
	if (nf_enable_events(d) && d->event)
		d->event(d);
	return 0;
}

static const struct uk_netdev_ops nf_ops = {
	.start = nf_start,
	.xmit = nf_xmit,
	.xmit_kick = nf_kick,
	.poll = nf_poll,
	.enable_events = nf_enable_events,
};

/* --- connecting ---------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "00:16:3e:12:34:56" -> mac; 0 or -EINVAL. */
static int parse_mac(const char *s, uint8_t mac[6])
{
	int i;

	if (strlen(s) != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			return -EINVAL;
		mac[i] = hi << 4 | lo;
	}
	return 0;
}

/* Reads an unsigned key of the backend; def when it is absent. */
static unsigned long backend_ulong(struct netfront *nf, const char *key,
				   unsigned long def)
{
	char path[sizeof(nf->xdev->otherend) + 40];
	unsigned long v;

	uk_snprintf(path, sizeof(path), "%s/%s", nf->xdev->otherend, key);
	return uk_xs_read_ulong(UK_XS_NO_TX, path, &v) ? def : v;
}

static int write_keys(struct netfront *nf, uk_xs_tx_t tx, int tx_ref,
		      int rx_ref)
{
	static const char *const flags[] = {
		"request-rx-copy", "feature-rx-notify",
	};
	const char *node = nf->xdev->nodename;
	char path[sizeof(nf->xdev->nodename) + 32];
	unsigned int i;
	int rc;

	uk_snprintf(path, sizeof(path), "%s/tx-ring-ref", node);
	rc = uk_xs_printf(tx, path, "%d", tx_ref);
	uk_snprintf(path, sizeof(path), "%s/rx-ring-ref", node);
	rc = rc ? rc : uk_xs_printf(tx, path, "%d", rx_ref);
	uk_snprintf(path, sizeof(path), "%s/event-channel", node);
	rc = rc ? rc : uk_xs_printf(tx, path, "%u", nf->port);
	for (i = 0; i < UK_ARRAY_SIZE(flags); i++) {
		uk_snprintf(path, sizeof(path), "%s/%s", node, flags[i]);
		rc = rc ? rc : uk_xs_write(tx, path, "1");
	}
	/* We take frames with a blank checksum (csum_blank), and offer
	 * neither scatter-gather nor GSO. */
	uk_snprintf(path, sizeof(path), "%s/feature-no-csum-offload", node);
	rc = rc ? rc : uk_xs_write(tx, path, "0");
	return rc;
}

/* Grants the rings and pages, writes their keys, connects. */
static int nf_connect(struct netfront *nf)
{
	struct uk_xenbus_dev *xd = nf->xdev;
	netif_tx_sring_t *txs;
	netif_rx_sring_t *rxs;
	int tx_ref, rx_ref, port, rc, tries;
	unsigned int i;
	uk_xs_tx_t tx;

	rc = uk_xenbus_wait_otherend(xd, UK_XENBUS_INITWAIT, CONNECT_NS);
	if (rc) {
		uk_pr_err("%s: backend not ready (%d)\n", nf->nd.name, rc);
		return rc;
	}
	if (!backend_ulong(nf, "feature-rx-copy", 0)) {
		uk_pr_err("%s: backend cannot copy received frames\n",
			  nf->nd.name);
		return -ENOTSUP;
	}
	if (!backend_ulong(nf, "feature-no-csum-offload", 0))
		nf->nd.features |= UK_NETDEV_F_TX_CSUM | UK_NETDEV_F_RX_CSUM;

	txs = uk_palloc(1);
	rxs = uk_palloc(1);
	nf->rx_pages = uk_palloc(RX_PAGES);
	nf->bounce = uk_palloc(BOUNCE_PAGES);
	if (!txs || !rxs || !nf->rx_pages || !nf->bounce)
		return -ENOMEM;
	SHARED_RING_INIT(txs);
	SHARED_RING_INIT(rxs);
	FRONT_RING_INIT(&nf->tx, txs, PAGE_SIZE);
	FRONT_RING_INIT(&nf->rx, rxs, PAGE_SIZE);
	tx_ref = uk_xen_gnttab_grant(nf->backend, (uintptr_t)txs >> 12, 0);
	rx_ref = uk_xen_gnttab_grant(nf->backend, (uintptr_t)rxs >> 12, 0);
	if (tx_ref < 0 || rx_ref < 0)
		return tx_ref < 0 ? tx_ref : rx_ref;
	for (i = 0; i < RX_PAGES; i++) {
		uintptr_t pfn = ((uintptr_t)nf->rx_pages >> 12) + i;

		rc = uk_xen_gnttab_grant(nf->backend, pfn, 0);
		if (rc < 0)
			return rc;
		nf->rx_gref[i] = rc;
		nf->rx_idle[nf->rx_nidle++] = i;
	}
	for (i = 0; i < RX_RING; i++)
		nf->rx_slot_page[i] = NO_PAGE;
	for (i = TX_RING; i > 0; i--) {
		nf->txs[i - 1].gref = -1;
		nf->txs[i - 1].bounce = -1;
		tx_slot_free(nf, i - 1);
	}

	port = uk_xen_evtchn_alloc_unbound(nf->backend);
	if (port < 0)
		return port;
	nf->port = port;
	rc = uk_xen_evtchn_bind(port, nf_event, nf);
	if (rc)
		return rc;

	for (tries = 0; tries < 10; tries++) {
		rc = uk_xs_transaction_start(&tx);
		if (rc)
			return rc;
		rc = write_keys(nf, tx, tx_ref, rx_ref);
		if (rc) {
			uk_xs_transaction_end(tx, 1);
			return rc;
		}
		rc = uk_xs_transaction_end(tx, 0);
		if (rc != -EAGAIN)
			break;
	}
	if (rc)
		return rc;
	rc = uk_xenbus_switch_state(xd, UK_XENBUS_CONNECTED);
	if (rc)
		return rc;
	rc = uk_xenbus_wait_otherend(xd, UK_XENBUS_CONNECTED, CONNECT_NS);
	if (rc)
		uk_pr_err("%s: backend did not connect (%d)\n", nf->nd.name,
			  rc);
	return rc;
}

static int nf_probe(struct uk_xenbus_dev *xd)
{
	struct netfront *nf;
	char buf[32], path[sizeof(xd->nodename) + 8];
	unsigned long mtu;
	int rc;

	nf = uk_calloc(1, sizeof(*nf));
	if (!nf)
		return -ENOMEM;
	nf->xdev = xd;
	nf->backend = xd->otherend_id;
	xd->priv = nf;
	uk_snprintf(nf->nd.name, sizeof(nf->nd.name), "netfront %s",
		    xd->nodename);
	uk_snprintf(path, sizeof(path), "%s/mac", xd->nodename);
	rc = uk_xs_read(UK_XS_NO_TX, path, buf, sizeof(buf));
	if (rc < 0 || parse_mac(buf, nf->nd.mac)) {
		uk_pr_err("%s: no valid MAC address (%d)\n", nf->nd.name, rc);
		return rc < 0 ? rc : -EINVAL;
	}
	/* A larger MTU needs scatter-gather: we keep to one page. */
	nf->nd.mtu = 1500;
	uk_snprintf(path, sizeof(path), "%s/mtu", xd->nodename);
	if (!uk_xs_read_ulong(UK_XS_NO_TX, path, &mtu) && mtu != 1500) {
		if (mtu >= 576 && mtu < 1500)
			nf->nd.mtu = mtu;
		else
			uk_pr_warn("%s: MTU %lu not supported, using 1500\n",
				   nf->nd.name, mtu);
	}
	nf->rx_size = nf->nd.mtu + ETH_OVERHEAD;
	nf->nd.ops = &nf_ops;
	nf->nd.drv = nf;

	rc = nf_connect(nf);
	if (rc) {
		/* Rings and grants stay: the backend may still map them. */
		uk_xenbus_switch_state(xd, UK_XENBUS_CLOSING);
		nf->broken = 1;
		return rc;
	}
	return uk_netdev_register(&nf->nd);
}

static struct uk_xenbus_driver nf_driver = {
	.type = "vif",
	.probe = nf_probe,
};

static int nf_register(void)
{
	return uk_xenbus_driver_register(&nf_driver);
}
UK_INIT_PLAT(nf_register);
