/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xenstore client over the shared ring (HVM_PARAM_STORE_PFN) and its
 * event channel.  One request at a time: it is written to the request
 * ring, then we wait, interrupts off, for the reply with the same id,
 * polling the event channel (SCHEDOP_poll) so that no other code runs
 * meanwhile.  Watch events can arrive at any time, also between requests:
 * the event channel's handler reads them then.  Both paths run with
 * interrupts off, so the ring has one reader at a time.
 *
 * Set up on first use: an image that never talks to xenstore pays nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/io.h>
#include <uk/arch/irq.h>
#include <uk/plat/time.h>
#include <uk/xen/evtchn.h>
#include <uk/xen/xenstore.h>
#include "xen.h"
#include "xs_wire.h"

#define REQUEST_TIMEOUT_NS	(10 * UK_NSEC_PER_SEC)

struct part {
	const void *data;
	size_t len;
};

static struct xenstore_domain_interface *ring;
static evtchn_port_t port;
static int init_rc = 1;			/* 1: not tried yet */
static struct xs_reader reader;
static struct uk_xs_watch *watches;
static unsigned int next_token;
static int busy;			/* a request is in flight */
static int domid = -1;

/* The request we wait for; the reply goes straight to the caller's buffer. */
static struct {
	uint32_t req_id;
	int waiting, done;
	uint32_t type, len;
	int err;		/* of an XS_ERROR reply */
	char *buf;
	size_t buflen;
} reply;
static uint32_t next_req_id = 1;

static void notify(void)
{
	struct evtchn_send send = { .port = port };

	xen_hc_event_channel_op(EVTCHNOP_send, &send);
}

static void dispatch_watch(void)
{
	const char *path, *token;
	struct uk_xs_watch *w;

	if (xs_watch_event_parse(reader.body, reader.hdr.len, &path, &token)) {
		uk_pr_warn("xenstore: malformed watch event dropped\n");
		return;
	}
	for (w = watches; w; w = w->next) {
		if (strcmp(w->token, token))
			continue;
		w->pending++;
		if (w->fn)
			w->fn(w, path);
		return;
	}
}

static void dispatch(void)
{
	if (reader.hdr.type == XS_WATCH_EVENT) {
		dispatch_watch();
		return;
	}
	if (!reply.waiting || reader.hdr.req_id != reply.req_id) {
		uk_pr_warn("xenstore: unexpected reply (id %u) dropped\n",
			   reader.hdr.req_id);
		return;
	}
	reply.type = reader.hdr.type;
	reply.len = reader.hdr.len;
	if (reply.type == XS_ERROR)
		reply.err = xs_error_to_errno(reader.body, reader.hdr.len);
	else if (reply.buflen)
		memcpy(reply.buf, reader.body,
		       UK_MIN((size_t)reply.len + 1, reply.buflen));
	reply.done = 1;
}

/* Reads every complete message from the response ring.  Interrupts off. */
static void process(void)
{
	for (;;) {
		uint32_t cons = ring->rsp_cons;
		uint32_t prod = *(volatile uint32_t *)&ring->rsp_prod;
		int rc;

		uk_rmb();	/* the index before the bytes it covers */
		rc = xs_reader_feed(&reader, ring->rsp, &cons, prod);
		uk_mb();	/* bytes read before the space is given back */
		if (cons != ring->rsp_cons) {
			ring->rsp_cons = cons;
			notify();
		}
		if (rc < 0) {
			/* Nothing to resynchronise on: drop the ring's content. */
			uk_pr_err("xenstore: protocol error on the ring\n");
			ring->rsp_cons = prod;
			reader.got = 0;
			notify();
			return;
		}
		if (rc == 0)
			return;
		dispatch();
		reader.got = 0;
	}
}

static void xs_event(uint32_t p, void *arg)
{
	process();
}

static int xs_init(void)
{
	uint64_t pfn = 0, evtchn = 0;

	if (init_rc <= 0)
		return init_rc;
	if (xen_hvm_get_param(HVM_PARAM_STORE_PFN, &pfn) || !pfn ||
	    xen_hvm_get_param(HVM_PARAM_STORE_EVTCHN, &evtchn)) {
		uk_pr_err("xenstore: no ring from Xen\n");
		init_rc = -ENODEV;
		return init_rc;
	}
	ring = (struct xenstore_domain_interface *)(uintptr_t)(pfn << 12);
	port = evtchn;
	init_rc = uk_xen_evtchn_bind(port, xs_event, NULL);
	if (init_rc)
		uk_pr_err("xenstore: cannot bind event channel %u (%d)\n",
			  port, init_rc);
	return init_rc;
}

/*
 * Polls until done() or the deadline, interrupts off.  The port is
 * cleared before each check, so an event after the check ends the poll.
 */
static int wait_for(int (*done)(void), uint64_t deadline)
{
	for (;;) {
		xen_evtchn_clear(port);
		process();
		if (done())
			return 0;
		if (xen_system_time() >= deadline)
			return -ETIMEDOUT;
		xen_evtchn_poll(port, deadline);
	}
}

static int request_room(void)
{
	return ring->req_prod - *(volatile uint32_t *)&ring->req_cons <
	       XENSTORE_RING_SIZE;
}

static int reply_done(void)
{
	return reply.done;
}

static int put_all(const void *data, size_t len, uint64_t deadline)
{
	while (len) {
		uint32_t prod = ring->req_prod;
		size_t n;

		n = xs_ring_put(ring->req,
				*(volatile uint32_t *)&ring->req_cons, &prod,
				data, len);
		uk_wmb();	/* the bytes before the index */
		ring->req_prod = prod;
		notify();
		data = (const char *)data + n;
		len -= n;
		if (len && wait_for(request_room, deadline))
			return -ETIMEDOUT;
	}
	return 0;
}

/*
 * Sends a request made of parts and waits for its reply, which goes to
 * out (NUL-terminated, truncated to outlen) with its length in *outl.
 * Returns 0 or a negative errno (XS_ERROR replies are mapped).
 */
static int request(uint32_t type, uk_xs_tx_t tx, const struct part *parts,
		   int nparts, char *out, size_t outlen, uint32_t *outl)
{
	struct xsd_sockmsg hdr = { .type = type, .tx_id = tx };
	unsigned long flags;
	uint64_t deadline;
	int i, rc;

	for (i = 0; i < nparts; i++)
		hdr.len += parts[i].len;
	if (hdr.len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	flags = uk_irq_save();
	rc = xs_init();
	if (rc || busy) {
		uk_irq_restore(flags);
		return rc ? rc : -EBUSY;
	}
	busy = 1;
	hdr.req_id = next_req_id++;
	reply.req_id = hdr.req_id;
	reply.done = 0;
	reply.waiting = 1;
	reply.buf = out;
	reply.buflen = out ? outlen : 0;
	deadline = xen_system_time() + REQUEST_TIMEOUT_NS;

	rc = put_all(&hdr, sizeof(hdr), deadline);
	for (i = 0; !rc && i < nparts; i++)
		rc = put_all(parts[i].data, parts[i].len, deadline);
	if (!rc)
		rc = wait_for(reply_done, deadline);
	reply.waiting = 0;
	busy = 0;
	uk_irq_restore(flags);

	if (rc) {
		uk_pr_err("xenstore: no reply to request %u (%d)\n", type, rc);
		return rc;
	}
	if (reply.type == XS_ERROR)
		return reply.err;
	if (reply.type != type) {
		uk_pr_err("xenstore: reply type %u to request %u\n",
			  reply.type, type);
		return -EPROTO;
	}
	if (outl)
		*outl = reply.len;
	return 0;
}

/* --- the API --------------------------------------------------------------- */

static struct part str_part(const char *s)
{
	return (struct part){ s, strlen(s) + 1 };	/* with its NUL */
}

int uk_xs_read(uk_xs_tx_t tx, const char *path, char *buf, size_t len)
{
	struct part p = str_part(path);
	uint32_t n;
	int rc;

	rc = request(XS_READ, tx, &p, 1, buf, len, &n);
	if (rc)
		return rc;
	if ((size_t)n + 1 > len)
		return -ERANGE;
	buf[n] = '\0';
	return n;
}

int uk_xs_read_ulong(uk_xs_tx_t tx, const char *path, unsigned long *val)
{
	char buf[24];
	int n = uk_xs_read(tx, path, buf, sizeof(buf));

	if (n == -ERANGE)
		return -EINVAL;
	if (n < 0)
		return n;
	return xs_parse_ulong(buf, n, val);
}

int uk_xs_write(uk_xs_tx_t tx, const char *path, const char *value)
{
	/* The value is the rest of the body, without a NUL. */
	struct part p[2] = { str_part(path), { value, strlen(value) } };

	return request(XS_WRITE, tx, p, 2, NULL, 0, NULL);
}

int uk_xs_printf(uk_xs_tx_t tx, const char *path, const char *fmt, ...)
{
	char value[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(value))
		return -E2BIG;
	return uk_xs_write(tx, path, value);
}

int uk_xs_mkdir(uk_xs_tx_t tx, const char *path)
{
	struct part p = str_part(path);

	return request(XS_MKDIR, tx, &p, 1, NULL, 0, NULL);
}

int uk_xs_rm(uk_xs_tx_t tx, const char *path)
{
	struct part p = str_part(path);

	return request(XS_RM, tx, &p, 1, NULL, 0, NULL);
}

int uk_xs_directory(uk_xs_tx_t tx, const char *path, char *buf, size_t len)
{
	struct part p = str_part(path);
	uint32_t n, i;
	int rc, count = 0;

	rc = request(XS_DIRECTORY, tx, &p, 1, buf, len, &n);
	if (rc)
		return rc;
	if (n > len || (n && buf[n - 1] != '\0'))
		return n > len ? -ERANGE : -EPROTO;
	for (i = 0; i < n; i++)
		count += buf[i] == '\0';
	return count;
}

int uk_xs_transaction_start(uk_xs_tx_t *tx)
{
	struct part p = { "", 1 };
	char buf[16];
	unsigned long id;
	uint32_t n;
	int rc;

	rc = request(XS_TRANSACTION_START, UK_XS_NO_TX, &p, 1, buf,
		     sizeof(buf), &n);
	if (rc)
		return rc;
	/* The id comes as a decimal string, with its NUL. */
	if (n >= sizeof(buf) || xs_parse_ulong(buf, strnlen(buf, n), &id) ||
	    id == 0 || id > UINT32_MAX)
		return -EPROTO;
	*tx = id;
	return 0;
}

int uk_xs_transaction_end(uk_xs_tx_t tx, int abort)
{
	struct part p = str_part(abort ? "F" : "T");

	return request(XS_TRANSACTION_END, tx, &p, 1, NULL, 0, NULL);
}

int uk_xs_domid(void)
{
	unsigned long id;
	int rc;

	if (domid >= 0)
		return domid;
	rc = uk_xs_read_ulong(UK_XS_NO_TX, "domid", &id);
	if (rc)
		return rc;
	if (id >= DOMID_FIRST_RESERVED)
		return -EPROTO;
	domid = id;
	return domid;
}

static void unlink_watch(struct uk_xs_watch *w)
{
	struct uk_xs_watch **pp;
	unsigned long flags = uk_irq_save();

	for (pp = &watches; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	uk_irq_restore(flags);
}

int uk_xs_watch_add(struct uk_xs_watch *w, const char *path)
{
	struct part p[2];
	unsigned long flags;
	int rc;

	if (strlen(path) >= sizeof(w->path))
		return -ENAMETOOLONG;
	strcpy(w->path, path);
	uk_snprintf(w->token, sizeof(w->token), "uk%u", next_token++);
	w->pending = 0;
	/* Listed first: the event xenstored sends at once must find it. */
	flags = uk_irq_save();
	w->next = watches;
	watches = w;
	uk_irq_restore(flags);
	p[0] = str_part(w->path);
	p[1] = str_part(w->token);
	rc = request(XS_WATCH, UK_XS_NO_TX, p, 2, NULL, 0, NULL);
	if (rc)
		unlink_watch(w);
	return rc;
}

int uk_xs_watch_remove(struct uk_xs_watch *w)
{
	struct part p[2] = { str_part(w->path), str_part(w->token) };
	int rc = request(XS_UNWATCH, UK_XS_NO_TX, p, 2, NULL, 0, NULL);

	unlink_watch(w);
	return rc == -ENOENT ? 0 : rc;
}

static struct uk_xs_watch *waited;

static int watch_fired(void)
{
	return waited->pending != 0;
}

int uk_xs_watch_wait(struct uk_xs_watch *w, uint64_t timeout_ns)
{
	uint64_t deadline = timeout_ns ? xen_system_time() + timeout_ns :
					 UINT64_MAX;
	unsigned long flags = uk_irq_save();
	int rc = xs_init();

	if (!rc && busy)
		rc = -EBUSY;
	if (!rc) {
		waited = w;
		rc = wait_for(watch_fired, deadline);
		if (!rc)
			w->pending = 0;
	}
	uk_irq_restore(flags);
	return rc;
}
