/* SPDX-License-Identifier: BSD-3-Clause */
/* TCP flows waiting for a merged-frame batch: see flowq.h. */
#include <string.h>
#include "flowq.h"

static int same(const struct uk_net_flow *a, const struct uk_net_flow *b)
{
	return a->addrs[0] == b->addrs[0] && a->addrs[1] == b->addrs[1] &&
	       a->ports == b->ports;
}

static void remove_first(struct uk_net_flowq *q, unsigned int pos,
			 unsigned int count)
{
	memmove(&q->f[pos], &q->f[pos + count],
		(q->n - pos - count) * sizeof(q->f[0]));
	q->n -= count;
}

int uk_net_flowq_admit(struct uk_net_flowq *q, const struct uk_net_flow *f,
		       unsigned int nfree)
{
	unsigned int i;

	for (i = 0; i < q->n; i++) {
		if (!same(&q->f[i], f))
			continue;
		if (i >= nfree)
			return 0;	/* others came first */
		remove_first(q, i, 1);
		return 1;
	}
	if (q->n < nfree)
		return 1;		/* one to spare beyond every waiter */
	if (q->n < UK_NET_FLOWQ_LEN)
		q->f[q->n++] = *f;
	return 0;
}

void uk_net_flowq_prune(struct uk_net_flowq *q, unsigned int nfree)
{
	remove_first(q, 0, nfree < q->n ? nfree : q->n);
}
