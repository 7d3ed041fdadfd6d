/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9pfront: Xen's 9pfs paravirtual device ("9pfs", <xen/io/9pfs.h>, the
 * protocol of xen.git's docs/misc/9pfs.pandoc) as a 9P transport for
 * ukvfs (uk/9pdev.h).  In dom0, QEMU's Xen 9pfs backend serves the share
 * (xl's p9 line; Debian's qemu-system-xen).
 *
 * One ring: an index page (struct xen_9pfs_data_intf) that lists the
 * grant references of 2^order data pages; the first half of the data is
 * the "in" ring (replies, written by the backend), the second the "out"
 * ring (requests, written by us).  Both are byte streams: a message is
 * its 9P header (size[4] id[1] tag[2]) and size - 7 more bytes.  So
 * messages are copied in and out, never granted one by one, and every
 * message, a request as a reply, must fit in its ring: the transport's
 * largest message is half the data pages.
 *
 * A request is written into the out ring whole (the backend reads a
 * message only once its header says it is complete) and remembered by
 * its tag; the event channel's handler reads replies, finds their
 * request by tag, copies the reply into the request's buffers (the first
 * rx_cap bytes to rx, the rest to rx_data) and completes it.
 *
 * The backend's indexes and headers are checked before use: an index
 * beyond the ring, or a size that cannot be a message, desynchronises the
 * stream for good, so the device then fails every request (-EIO); a
 * reply whose tag no request carries is dropped and counted.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/alloc.h>
#include <uk/arch/irq.h>
#include <uk/9pdev.h>
#include <uk/plat/time.h>
#include <uk/xen/evtchn.h>
#include <uk/xen/gnttab.h>
#include <uk/xen/xenbus.h>
#include <uk/xen/xenstore.h>
#include "xen.h"
#include <xen/io/9pfs.h>

#define PAGE_SIZE	4096UL
#define HDR_LEN		7	/* size[4] id[1] tag[2] */
#define MAX_INFLIGHT	72	/* the 9P client's 64 tags, and NOTAG */
#define CONNECT_NS	(20 * UK_NSEC_PER_SEC)

struct inflight {
	struct uk_9preq *req;	/* NULL: free */
	uint16_t tag;
};

struct p9front {
	struct uk_9pdev dev;
	struct uk_xenbus_dev *xdev;
	uint16_t backend;
	uint32_t port;
	struct xen_9pfs_data_intf *intf;
	uint8_t *in, *out;		/* the two halves of the data pages */
	RING_IDX size;			/* bytes in each half */
	unsigned int order;
	RING_IDX in_cons, out_prod;	/* ours: never read back from intf */
	int broken;
	struct inflight inflight[MAX_INFLIGHT];
	unsigned int ninflight;
	uint64_t unmatched;		/* replies no request waited for */
};

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Copies len bytes out of ring r (size bytes) from index idx. */
static void ring_read(const struct p9front *p, void *dst, RING_IDX idx,
		      uint32_t len)
{
	RING_IDX off = idx & (p->size - 1), first = UK_MIN(len, p->size - off);

	memcpy(dst, p->in + off, first);
	memcpy((uint8_t *)dst + first, p->in, len - first);
}

static void ring_write(struct p9front *p, RING_IDX idx, const void *src,
		       uint32_t len)
{
	RING_IDX off = idx & (p->size - 1), first = UK_MIN(len, p->size - off);

	memcpy(p->out + off, src, first);
	memcpy(p->out, (const uint8_t *)src + first, len - first);
}

/* Fails every request in flight: the stream cannot be trusted any more. */
static void set_broken(struct p9front *p, const char *why)
{
	unsigned int i;

	if (!p->broken)
		uk_pr_err("%s: %s; device stopped\n", p->dev.name, why);
	p->broken = 1;
	for (i = 0; i < MAX_INFLIGHT; i++) {
		struct uk_9preq *req = p->inflight[i].req;

		if (!req)
			continue;
		p->inflight[i].req = NULL;
		req->rx_len = 0;
		req->error = -EIO;
		if (p->dev.complete)
			p->dev.complete(&p->dev, req);
	}
	p->ninflight = 0;
}

static struct inflight *find(struct p9front *p, uint16_t tag)
{
	unsigned int i;

	for (i = 0; i < MAX_INFLIGHT; i++)
		if (p->inflight[i].req && p->inflight[i].tag == tag)
			return &p->inflight[i];
	return NULL;
}

/* Hands one complete reply (header already read) to its request. */
static void deliver(struct p9front *p, const uint8_t hdr[HDR_LEN],
		    uint32_t size)
{
	uint16_t tag = hdr[5] | hdr[6] << 8;
	struct inflight *f = find(p, tag);
	struct uk_9preq *req;
	uint32_t cap, n;

	if (!f) {
		if (!p->unmatched++)
			uk_pr_warn("%s: reply with unknown tag %u dropped\n",
				   p->dev.name, tag);
		return;
	}
	req = f->req;
	f->req = NULL;
	p->ninflight--;
	cap = req->rx_cap + req->rx_data_cap;
	req->error = size > cap ? -EPROTO : 0;
	size = UK_MIN(size, cap);
	req->rx_len = size;
	/* The header from our copy, the rest from the ring. */
	n = UK_MIN(size, req->rx_cap);
	memcpy(req->rx, hdr, UK_MIN(n, (uint32_t)HDR_LEN));
	if (n > HDR_LEN)
		ring_read(p, (uint8_t *)req->rx + HDR_LEN,
			  p->in_cons + HDR_LEN, n - HDR_LEN);
	if (size > n) {
		if (n < HDR_LEN) {
			/* rx shorter than a header: the client never does */
			req->error = -EPROTO;
			req->rx_len = n;
		} else {
			ring_read(p, req->rx_data, p->in_cons + n, size - n);
		}
	}
	p->dev.complete(&p->dev, req);
}

/* Reads every complete reply.  Interrupts off. */
static void process(struct p9front *p)
{
	int consumed = 0;

	while (!p->broken) {
		RING_IDX prod = *(volatile RING_IDX *)&p->intf->in_prod;
		uint8_t hdr[HDR_LEN];
		uint32_t size;

		xen_rmb();	/* the index before the bytes it covers */
		if (prod - p->in_cons > p->size) {
			set_broken(p, "reply ring index out of range");
			break;
		}
		if (prod - p->in_cons < HDR_LEN)
			break;
		ring_read(p, hdr, p->in_cons, HDR_LEN);
		size = get_le32(hdr);
		if (size < HDR_LEN || size > p->size) {
			set_broken(p, "reply of impossible size");
			break;
		}
		if (prod - p->in_cons < size)
			break;		/* the rest is on its way */
		deliver(p, hdr, size);
		p->in_cons += size;
		consumed = 1;
	}
	if (consumed) {
		xen_mb();	/* read the bytes before giving them back */
		p->intf->in_cons = p->in_cons;
		/* The backend may wait for room for its next reply. */
		uk_xen_evtchn_notify(p->port);
	}
}

static void p9f_event(uint32_t port, void *arg)
{
	process(arg);
}

static int p9f_request(struct uk_9pdev *dev, struct uk_9preq *req)
{
	struct p9front *p = dev->drv;
	const uint8_t *tx = req->tx;
	uint32_t total = req->tx_len + req->tx_data_len;
	RING_IDX cons;
	unsigned long f;
	unsigned int i;
	uint16_t tag;
	int rc = 0;

	if (req->tx_len < HDR_LEN || total < req->tx_len || total > p->size)
		return -EMSGSIZE;
	/* The backend reads as many bytes as the header says. */
	if (get_le32(tx) != total)
		return -EINVAL;
	tag = tx[5] | tx[6] << 8;
	f = uk_irq_save();
	if (p->broken) {
		rc = -EIO;
		goto out;
	}
	if (find(p, tag)) {
		rc = -EBUSY;
		goto out;
	}
	cons = *(volatile RING_IDX *)&p->intf->out_cons;
	xen_mb();	/* the backend's reads of the ring before our writes */
	if (p->out_prod - cons > p->size) {
		set_broken(p, "request ring index out of range");
		rc = -EIO;
		goto out;
	}
	if (p->size - (p->out_prod - cons) < total ||
	    p->ninflight == MAX_INFLIGHT) {
		rc = -ENOSPC;	/* retried after a completion */
		goto out;
	}
	for (i = 0; p->inflight[i].req; i++)
		;
	p->inflight[i].req = req;
	p->inflight[i].tag = tag;
	p->ninflight++;
	ring_write(p, p->out_prod, tx, req->tx_len);
	if (req->tx_data_len)
		ring_write(p, p->out_prod + req->tx_len, req->tx_data,
			   req->tx_data_len);
	p->out_prod += total;
	xen_wmb();	/* the bytes before the index that publishes them */
	p->intf->out_prod = p->out_prod;
	uk_xen_evtchn_notify(p->port);
out:
	uk_irq_restore(f);
	return rc;
}

static const struct uk_9pdev_ops p9f_ops = {
	.request = p9f_request,
};

/* --- connecting ---------------------------------------------------------- */

static int read_key(struct p9front *p, const char *dir, const char *key,
		    char *buf, size_t len)
{
	char path[sizeof(p->xdev->otherend) + 32];

	uk_snprintf(path, sizeof(path), "%s/%s", dir, key);
	return uk_xs_read(UK_XS_NO_TX, path, buf, len);
}

static int backend_ulong(struct p9front *p, const char *key,
			 unsigned long *v)
{
	char path[sizeof(p->xdev->otherend) + 32];

	uk_snprintf(path, sizeof(path), "%s/%s", p->xdev->otherend, key);
	return uk_xs_read_ulong(UK_XS_NO_TX, path, v);
}

/* Is "1" among the backend's comma-separated versions? */
static int has_version_1(const char *s)
{
	while (*s) {
		if (s[0] == '1' && (s[1] == ',' || s[1] == '\0'))
			return 1;
		while (*s && *s != ',')
			s++;
		if (*s == ',')
			s++;
	}
	return 0;
}

static int write_keys(struct p9front *p, uk_xs_tx_t tx, int ref)
{
	const char *node = p->xdev->nodename;
	char path[sizeof(p->xdev->nodename) + 32];
	int rc;

	uk_snprintf(path, sizeof(path), "%s/version", node);
	rc = uk_xs_write(tx, path, "1");
	uk_snprintf(path, sizeof(path), "%s/num-rings", node);
	rc = rc ? rc : uk_xs_write(tx, path, "1");
	uk_snprintf(path, sizeof(path), "%s/ring-ref0", node);
	rc = rc ? rc : uk_xs_printf(tx, path, "%d", ref);
	uk_snprintf(path, sizeof(path), "%s/event-channel-0", node);
	rc = rc ? rc : uk_xs_printf(tx, path, "%u", p->port);
	return rc;
}

static int p9f_connect(struct p9front *p)
{
	struct uk_xenbus_dev *xd = p->xdev;
	unsigned long maxorder, maxrings;
	unsigned int i, npages;
	char buf[32];
	int rc, ref, port, tries;
	uk_xs_tx_t tx;

	rc = uk_xenbus_wait_otherend(xd, UK_XENBUS_INITWAIT, CONNECT_NS);
	if (rc) {
		uk_pr_err("%s: backend not ready (%d)\n", p->dev.name, rc);
		return rc;
	}
	rc = read_key(p, xd->otherend, "versions", buf, sizeof(buf));
	if (rc < 0 || !has_version_1(buf)) {
		uk_pr_err("%s: backend lacks protocol version 1\n",
			  p->dev.name);
		return rc < 0 ? rc : -ENOTSUP;
	}
	if (backend_ulong(p, "max-rings", &maxrings) || maxrings < 1 ||
	    backend_ulong(p, "max-ring-page-order", &maxorder) ||
	    maxorder < 1) {
		uk_pr_err("%s: backend's ring limits missing\n", p->dev.name);
		return -EPROTO;
	}
	p->order = UK_MIN((unsigned long)CONFIG_XEN_9PFRONT_RING_ORDER,
			  maxorder);
	/* ref[] must fit in the index page after the header. */
	if (p->order > 9)
		p->order = 9;
	npages = 1U << p->order;
	p->size = XEN_FLEX_RING_SIZE(p->order);

	p->intf = uk_palloc(1);
	p->in = uk_palloc(npages);
	if (!p->intf || !p->in)
		return -ENOMEM;
	p->out = p->in + p->size;
	memset(p->intf, 0, PAGE_SIZE);
	p->intf->ring_order = p->order;
	for (i = 0; i < npages; i++) {
		rc = uk_xen_gnttab_grant(p->backend,
					 ((uintptr_t)p->in >> 12) + i, 0);
		if (rc < 0)
			return rc;
		p->intf->ref[i] = rc;
	}
	ref = uk_xen_gnttab_grant(p->backend, (uintptr_t)p->intf >> 12, 0);
	if (ref < 0)
		return ref;
	port = uk_xen_evtchn_alloc_unbound(p->backend);
	if (port < 0)
		return port;
	p->port = port;
	rc = uk_xen_evtchn_bind(port, p9f_event, p);
	if (rc)
		return rc;

	for (tries = 0; tries < 10; tries++) {
		rc = uk_xs_transaction_start(&tx);
		if (rc)
			return rc;
		rc = write_keys(p, tx, ref);
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
	rc = uk_xenbus_switch_state(xd, UK_XENBUS_INITIALISED);
	if (rc)
		return rc;
	rc = uk_xenbus_wait_otherend(xd, UK_XENBUS_CONNECTED, CONNECT_NS);
	if (rc) {
		uk_pr_err("%s: backend did not connect (%d)\n", p->dev.name,
			  rc);
		return rc;
	}
	return uk_xenbus_switch_state(xd, UK_XENBUS_CONNECTED);
}

static int p9f_probe(struct uk_xenbus_dev *xd)
{
	struct p9front *p = uk_calloc(1, sizeof(*p));
	int rc;

	if (!p)
		return -ENOMEM;
	p->xdev = xd;
	p->backend = xd->otherend_id;
	xd->priv = p;
	uk_snprintf(p->dev.name, sizeof(p->dev.name), "9pfront %s",
		    xd->nodename);
	/* The toolstack puts the share's tag beside our device. */
	rc = read_key(p, xd->nodename, "tag", p->dev.tag, sizeof(p->dev.tag));
	if (rc <= 0) {
		uk_pr_err("%s: no mount tag (%d)\n", p->dev.name, rc);
		return rc < 0 ? rc : -EINVAL;
	}
	p->dev.ops = &p9f_ops;
	p->dev.drv = p;
	rc = p9f_connect(p);
	if (rc) {
		/* Pages and grants stay: the backend may have mapped them. */
		uk_xenbus_switch_state(xd, UK_XENBUS_CLOSING);
		return rc;
	}
	p->dev.max_msize = p->size;
	uk_pr_info("%s: share \"%s\", %u KiB messages\n", p->dev.name,
		   p->dev.tag, (unsigned int)(p->size >> 10));
	return uk_9pdev_register(&p->dev);
}

static struct uk_xenbus_driver p9f_driver = {
	.type = "9pfs",
	.probe = p9f_probe,
};

static int p9f_register(void)
{
	return uk_xenbus_driver_register(&p9f_driver);
}
UK_INIT_PLAT(p9f_register);
