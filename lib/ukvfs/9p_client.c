/* SPDX-License-Identifier: BSD-3-Clause */
/* A 9P2000.L client session over a uk_9pdev transport (9p_client.h). */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/arch/irq.h>
#include <uk/plat/irq.h>
#if CONFIG_LIBUKSCHED
#include <uk/sched.h>
#endif
#include "9p_client.h"
#include "vfs_impl.h"

/* Requests in flight per session (the tags in use). */
#define P9_TAGS		64

struct p9_client {
	struct uk_9pdev *dev;
	uint32_t msize;
	uint64_t tags;		/* bitmap of tags in use */
	/* fids: a counter, and the ones given back */
	uint32_t next_fid;
	uint32_t *free_fids;
	uint32_t nfree, capfree;
#if CONFIG_LIBUKSCHED
	struct uk_waitq wq;	/* waiting for a tag or transport room */
#endif
	unsigned long completions;
};

/*
 * Threads sleep on wait queues only once the scheduler runs: the root is
 * mounted by an init function, before.  The scheduler runs constructors
 * in the main thread, so this one tells us it is there; until then a
 * waiter halts the CPU until an interrupt (always correct, only slower).
 */
#if CONFIG_LIBUKSCHED
static int can_sleep;

static void __attribute__((constructor)) p9_sched_running(void)
{
	can_sleep = 1;
}
#endif

uint32_t p9_msize(struct p9_client *c)
{
	return c->msize;
}

const char *p9_name(struct p9_client *c)
{
	return c->dev->tag;
}

uint32_t p9_fid_alloc(struct p9_client *c)
{
	unsigned long f = uk_irq_save();
	uint32_t fid;

	if (c->nfree)
		fid = c->free_fids[--c->nfree];
	else
		fid = c->next_fid++;
	uk_irq_restore(f);
	return fid;
}

void p9_fid_free(struct p9_client *c, uint32_t fid)
{
	unsigned long f;

	if (c->nfree == c->capfree) {
		uint32_t cap = c->capfree ? c->capfree * 2 : 64;
		uint32_t *n = uk_realloc(c->free_fids, cap * sizeof(*n));

		if (!n)
			return;	/* leak the number; there are 4 billion */
		f = uk_irq_save();
		c->free_fids = n;
		c->capfree = cap;
		uk_irq_restore(f);
	}
	f = uk_irq_save();
	if (c->nfree < c->capfree)
		c->free_fids[c->nfree++] = fid;
	uk_irq_restore(f);
}

/* Interrupt context: the transport has the reply in. */
static void p9_complete(struct uk_9pdev *dev, struct uk_9preq *req)
{
	struct p9_call *call = req->priv;
	struct p9_client *c = dev->client;

	call->done = 1;
	c->completions++;
#if CONFIG_LIBUKSCHED
	uk_waitq_wake_all(&call->wq);
	uk_waitq_wake_all(&c->wq);
#endif
}

/* With interrupts off: waits for the next completion of any call. */
static void wait_any(struct p9_client *c, unsigned long seen)
{
	while (c->completions == seen) {
#if CONFIG_LIBUKSCHED
		if (can_sleep) {
			uk_waitq_wait(&c->wq, 0);
			continue;
		}
#endif
		uk_plat_halt();
	}
}

int p9_submit(struct p9_client *c, struct p9_call *call)
{
	unsigned long f = uk_irq_save();
	int tag = P9_NOTAG, rc;

	/* a free tag */
	if (!call->notag) {
		while (c->tags == ~0ULL)
			wait_any(c, c->completions);
		tag = __builtin_ctzll(~c->tags);
		c->tags |= 1ULL << tag;
	}
	uk_irq_restore(f);

	call->c = c;
	call->tag = (uint16_t)tag;
	call->done = 0;
#if CONFIG_LIBUKSCHED
	uk_waitq_init(&call->wq);
#endif
	p9_set_tag((void *)call->req.tx, call->tag);
	call->req.priv = call;
	call->req.rx_len = 0;
	call->req.error = 0;
	for (;;) {
		unsigned long seen;

		f = uk_irq_save();
		seen = c->completions;
		rc = c->dev->ops->request(c->dev, &call->req);
		if (rc != -ENOSPC) {
			uk_irq_restore(f);
			break;
		}
		/* the ring is full: retry after a completion frees room */
		wait_any(c, seen);
		uk_irq_restore(f);
	}
	if (rc < 0) {
		f = uk_irq_save();
		if (!call->notag)
			c->tags &= ~(1ULL << call->tag);
		uk_irq_restore(f);
		uk_pr_err("9p %s: transport refused a request: error %d\n",
			  c->dev->tag, -rc);
		return rc;
	}
	return 0;
}

int p9_wait(struct p9_client *c, struct p9_call *call)
{
	unsigned long f = uk_irq_save();

	while (!call->done) {
#if CONFIG_LIBUKSCHED
		if (can_sleep) {
			uk_waitq_wait(&call->wq, 0);
			continue;
		}
#endif
		uk_plat_halt();
	}
	if (!call->notag)
		c->tags &= ~(1ULL << call->tag);
	uk_irq_restore(f);
#if CONFIG_LIBUKSCHED
	uk_waitq_wake_all(&c->wq);	/* a tag is free */
#endif
	if (call->req.error) {
		uk_pr_err("9p %s: transport error %d\n", c->dev->tag,
			  -call->req.error);
		return -EIO;
	}
	return 0;
}

void p9_bad_reply(struct p9_client *c, uint8_t ttype, const char *why)
{
	uk_pr_err("9p %s: bad reply to message type %u: %s\n", c->dev->tag,
		  ttype, why ? why : "malformed");
}

int p9_rpc(struct p9_client *c, void *tx, uint32_t txlen, void *rx,
	   uint32_t rxcap, struct p9_rbuf *body)
{
	struct p9_call call;
	const char *why;
	int rc;

	memset(&call, 0, sizeof(call));
	if (!txlen)
		return -ENAMETOOLONG;	/* the message did not fit */
	call.req.tx = tx;
	call.req.tx_len = txlen;
	call.req.rx = rx;
	call.req.rx_cap = rxcap;
	call.ttype = ((uint8_t *)tx)[4];
	rc = p9_submit(c, &call);
	if (rc < 0)
		return -EIO;
	rc = p9_wait(c, &call);
	if (rc < 0)
		return rc;
	rc = p9_reply(rx, call.req.rx_len, call.ttype, call.tag, body, &why);
	if (rc == -EPROTO && why) {
		p9_bad_reply(c, call.ttype, why);
		return -EIO;
	}
	return rc;
}

int p9_connect(struct uk_9pdev *dev, uint32_t want, struct p9_client **out,
	       uint32_t *rootfid, struct p9_qid *rootqid)
{
	struct p9_client *c;
	struct p9_wbuf b;
	struct p9_rbuf r;
	uint8_t tx[128], rx[128];
	const char *ver;
	uint16_t vlen;
	uint32_t msize, len;
	int rc;

	if (dev->client) {
		uk_pr_err("9p %s: share already mounted\n", dev->tag);
		return -EBUSY;
	}
	c = uk_calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->dev = dev;
	c->next_fid = 1;
#if CONFIG_LIBUKSCHED
	uk_waitq_init(&c->wq);
#endif
	dev->client = c;
	dev->complete = p9_complete;

	if (dev->max_msize && want > dev->max_msize)
		want = dev->max_msize;
	p9_begin(&b, tx, sizeof(tx), P9_TVERSION, P9_NOTAG);
	p9_put_u32(&b, want);
	p9_put_str(&b, P9_VERSION);
	len = p9_end(&b, 0);
	/* Tversion is the one message with NOTAG */
	{
		struct p9_call call;
		const char *why;

		memset(&call, 0, sizeof(call));
		call.req.tx = tx;
		call.req.tx_len = len;
		call.req.rx = rx;
		call.req.rx_cap = sizeof(rx);
		call.ttype = P9_TVERSION;
		call.notag = 1;
		rc = p9_submit(c, &call);
		if (rc == 0)
			rc = p9_wait(c, &call);
		if (rc == 0) {
			rc = p9_reply(rx, call.req.rx_len, P9_TVERSION,
				      P9_NOTAG, &r, &why);
			if (rc == -EPROTO)
				p9_bad_reply(c, P9_TVERSION, why);
		}
	}
	if (rc < 0)
		goto fail;
	rc = p9_parse_rversion(&r, &msize, &ver, &vlen);
	if (rc < 0) {
		p9_bad_reply(c, P9_TVERSION, "malformed Rversion");
		goto fail;
	}
	if (vlen != strlen(P9_VERSION) || memcmp(ver, P9_VERSION, vlen)) {
		uk_pr_err("9p %s: the server does not speak " P9_VERSION
			  " (it answered '%.*s')\n", dev->tag, (int)vlen, ver);
		rc = -EPROTONOSUPPORT;
		goto fail;
	}
	if (msize > want || msize < 4096) {
		uk_pr_err("9p %s: the server chose msize %u (asked %u, at "
			  "least 4096)\n", dev->tag, msize, want);
		rc = -EPROTO;
		goto fail;
	}
	c->msize = msize;

	*rootfid = p9_fid_alloc(c);
	p9_begin(&b, tx, sizeof(tx), P9_TATTACH, 0);
	p9_put_u32(&b, *rootfid);
	p9_put_u32(&b, P9_NOFID);
	p9_put_str(&b, "root");
	p9_put_str(&b, "");
	p9_put_u32(&b, 0);	/* n_uname: uid 0 */
	rc = p9_rpc(c, tx, p9_end(&b, 0), rx, sizeof(rx), &r);
	if (rc == 0) {
		p9_get_qid(&r, rootqid);
		if (p9_get_end(&r)) {
			p9_bad_reply(c, P9_TATTACH, "malformed Rattach");
			rc = -EIO;
		} else if (!(rootqid->type & P9_QTDIR)) {
			uk_pr_err("9p %s: the share's root is not a directory\n",
				  dev->tag);
			rc = -ENOTDIR;
		}
	} else {
		uk_pr_err("9p %s: attach failed: error %d\n", dev->tag, -rc);
	}
	if (rc < 0)
		goto fail;
	uk_pr_info("9p %s: 9P2000.L, msize %u\n", dev->tag, c->msize);
	*out = c;
	return 0;
fail:
	dev->client = NULL;
	dev->complete = NULL;
	uk_free(c->free_fids);
	uk_free(c);
	return rc;
}
