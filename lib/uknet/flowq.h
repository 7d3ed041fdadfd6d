/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/uknet: TCP flows waiting for a merged-frame batch (see
 * tso.h), served in the order they came.
 *
 * Batches are few (a device holds them until it has sent them), and a
 * flow whose ACKs keep coming would otherwise take each batch back the
 * moment the device returns it, while a flow that was refused, with
 * nothing in flight, only gets a turn when TCP retries it: under load
 * some connections waited seconds.  So a flow that finds no batch joins
 * this queue, and a returned batch goes to the first waiter; a flow that
 * is not waiting takes one only when there are more free batches than
 * waiters.  Pure code (unit-tested on the host).
 */
#ifndef __UKNET_FLOWQ_H__
#define __UKNET_FLOWQ_H__

#include <stdint.h>

#define UK_NET_FLOWQ_LEN	64

struct uk_net_flow {
	uint32_t addrs[2];	/* source, destination (as on the wire) */
	uint32_t ports;		/* both ports (as on the wire) */
};

struct uk_net_flowq {
	struct uk_net_flow f[UK_NET_FLOWQ_LEN];
	unsigned int n;
};

/*
 * 1 if flow f may take one of the nfree free batches now (it leaves the
 * queue if it was in it); 0 if it must wait (it joins the queue at the
 * tail, if it was not in it and there is room).
 */
int uk_net_flowq_admit(struct uk_net_flowq *q, const struct uk_net_flow *f,
		       unsigned int nfree);

/*
 * After every waiting flow was offered a turn (TCP retried them all):
 * the first waiters that could have taken one of the nfree free batches
 * and did not have nothing to send any more; they leave the queue.
 */
void uk_net_flowq_prune(struct uk_net_flowq *q, unsigned int nfree);

#endif
