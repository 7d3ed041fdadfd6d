/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/ukvfs: a 9P client session over one transport.  Each
 * call gets its own tag, so many threads can have requests in flight on
 * one channel; a thread waiting for its reply sleeps on its own wait
 * queue, woken by the transport's completion (interrupt context).
 * Before the scheduler runs (the root is mounted at boot) the caller
 * halts the CPU until the reply's interrupt instead.
 */
#ifndef __UKVFS_9P_CLIENT_H__
#define __UKVFS_9P_CLIENT_H__

#include <stdint.h>
#include <uk/9pdev.h>
#if CONFIG_LIBUKSCHED
#include <uk/wait.h>
#endif
#include "9p_msg.h"

struct p9_client;

struct p9_call {
	struct uk_9preq req;	/* tx/rx buffers and payloads: set these */
	uint8_t ttype;		/* the T-message type, for checking */
	int notag;		/* Tversion: sent with NOTAG */
	/* private */
	struct p9_client *c;
	volatile int done;
	uint16_t tag;
#if CONFIG_LIBUKSCHED
	struct uk_waitq wq;
#endif
};

/* Version (msize at most want, and at most what dev carries) and attach
 * of the share's root to a new fid.  */
int p9_connect(struct uk_9pdev *dev, uint32_t want, struct p9_client **out,
	       uint32_t *rootfid, struct p9_qid *rootqid);
uint32_t p9_msize(struct p9_client *c);
const char *p9_name(struct p9_client *c);

uint32_t p9_fid_alloc(struct p9_client *c);
void p9_fid_free(struct p9_client *c, uint32_t fid);

/*
 * Sends call->req.tx (its tag is set here: the buffer must be writable)
 * and returns at once; p9_wait() waits for the reply.  Returns 0 or a
 * negative errno (the call is then not in flight).
 */
int p9_submit(struct p9_client *c, struct p9_call *call);
/* Waits for the reply to call; returns the transport's error or 0. */
int p9_wait(struct p9_client *c, struct p9_call *call);

/*
 * One whole request: tx[0..txlen) out, the reply into rx[0..rxcap),
 * checked (type, tag, size) and its body in *body.  Returns 0, the
 * server's error, or -EIO/-EPROTO (logged).
 */
int p9_rpc(struct p9_client *c, void *tx, uint32_t txlen, void *rx,
	   uint32_t rxcap, struct p9_rbuf *body);

/* Logs a malformed reply. */
void p9_bad_reply(struct p9_client *c, uint8_t ttype, const char *why);

#endif /* __UKVFS_9P_CLIENT_H__ */
