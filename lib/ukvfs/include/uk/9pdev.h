/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9P transports, as drivers (virtio-9p on KVM, 9pfront on Xen) present
 * them to the 9P client.  A transport moves whole messages: the client
 * encodes a T-message, the transport delivers it and fills in the reply.
 * Many requests may be in flight at once; the client matches replies by
 * tag, the transport only by request.
 *
 * Bulk data travels without a copy: a Twrite's payload can be given as
 * tx_data (sent right after tx), and a Rread's payload lands in rx_data
 * when rx_cap is exactly the size of the reply's header (11 bytes).
 */
#ifndef __UK_9PDEV_H__
#define __UK_9PDEV_H__

#include <stdint.h>
#include <uk/list.h>

struct uk_9pdev;

struct uk_9preq {
	const void *tx;		/* the encoded T-message ... */
	uint32_t tx_len;
	const void *tx_data;	/* ... optionally followed by this */
	uint32_t tx_data_len;
	void *rx;		/* the reply goes here ... */
	uint32_t rx_cap;
	void *rx_data;		/* ... and continues here, if given */
	uint32_t rx_data_cap;
	/* set by the transport before it calls complete(): */
	uint32_t rx_len;	/* bytes written into rx then rx_data */
	int error;		/* 0, or a negative errno (device failure) */
	void *priv;		/* the client's */
};

struct uk_9pdev_ops {
	/*
	 * Queues req.  Returns 0, or -ENOSPC if the transport is full
	 * (retry after any completion), or another negative errno.  The
	 * transport calls dev->complete(dev, req) when the reply is in,
	 * possibly from interrupt context.
	 */
	int (*request)(struct uk_9pdev *dev, struct uk_9preq *req);
};

struct uk_9pdev {
	const struct uk_9pdev_ops *ops;
	char tag[64];		/* the mount tag the host gave the share */
	char name[48];
	uint32_t max_msize;	/* largest message the transport carries */
	void *drv;
	/* set by the client */
	void (*complete)(struct uk_9pdev *dev, struct uk_9preq *req);
	void *client;
	struct uk_list_head list;
};

int uk_9pdev_register(struct uk_9pdev *dev);
/* The transport whose mount tag is tag, or NULL. */
struct uk_9pdev *uk_9pdev_find(const char *tag);

#endif
