/* SPDX-License-Identifier: BSD-3-Clause */
/* The counters of uk/net.h: the devices', the glue's and lwIP's. */
#include <string.h>
#include <uk/print.h>
#include <uk/net.h>
#include "lwip/opt.h"
#include "lwip/stats.h"
#include "lwip/tcpip.h"
#include "uknet.h"

uint64_t uk_net_sendfile_ref, uk_net_sendfile_copy, uk_net_pinned;

static uint64_t lwip_dropped(void)
{
	return lwip_stats.link.drop + lwip_stats.etharp.drop +
	       lwip_stats.ip.drop + lwip_stats.ip_frag.drop +
	       lwip_stats.icmp.drop + lwip_stats.udp.drop +
	       lwip_stats.tcp.drop;
}

void uk_net_counters(struct uk_net_counters *c)
{
	unsigned int i;

	memset(c, 0, sizeof(*c));
	LOCK_TCPIP_CORE();
	for (i = 0; i < uk_netdev_count(); i++) {
		struct uk_netdev *d = uk_netdev_get(i);
		const struct uk_netif_stats *st = uk_netif_stats(d);

		c->rx_frames += d->stats.rx_frames;
		c->tx_frames += d->stats.tx_frames;
		c->rx_dropped += d->stats.rx_dropped;
		if (st) {
			c->rx_dropped += st->rx_bad;
			c->rx_nobuf += st->rx_nobuf;
			c->tx_dropped += st->tx_dropped;
		}
	}
	c->rx_dropped += lwip_dropped();
	c->sendfile_ref = uk_net_sendfile_ref;
	c->sendfile_copy = uk_net_sendfile_copy;
	c->pinned = uk_net_pinned;
	UNLOCK_TCPIP_CORE();
}

void uk_net_stats_print(void)
{
	struct uk_net_counters c;
	unsigned int i;

	for (i = 0; i < uk_netdev_count(); i++) {
		struct uk_netdev *d = uk_netdev_get(i);
		const struct uk_netif_stats *st = uk_netif_stats(d);

		uk_pr_info("net%u: rx %lu frames %lu bytes, dropped %lu by the"
			   " driver, %lu malformed; tx %lu frames %lu bytes,"
			   " ring full %lu, dropped %lu, checksum offloaded"
			   " %lu, %lu segments merged into %lu (%lu waited);"
			   " buffers refused %lu\n",
			   i, (unsigned long)d->stats.rx_frames,
			   (unsigned long)d->stats.rx_bytes,
			   (unsigned long)d->stats.rx_dropped,
			   (unsigned long)(st ? st->rx_bad : 0),
			   (unsigned long)d->stats.tx_frames,
			   (unsigned long)d->stats.tx_bytes,
			   (unsigned long)d->stats.tx_full,
			   (unsigned long)(st ? st->tx_dropped : 0),
			   (unsigned long)(st ? st->tx_csum : 0),
			   (unsigned long)(st ? st->tso_segments : 0),
			   (unsigned long)(st ? st->tso_frames : 0),
			   (unsigned long)(st ? st->tx_refused : 0),
			   (unsigned long)(st ? st->rx_nobuf : 0));
	}
	uk_net_counters(&c);
	uk_pr_info("stack: dropped ip %lu (bad checksum %lu, length %lu),"
		   " tcp %lu, udp %lu, icmp %lu, arp %lu; sendfile %lu bytes"
		   " by reference, %lu copied, %lu pinned\n",
		   (unsigned long)lwip_stats.ip.drop,
		   (unsigned long)lwip_stats.ip.chkerr,
		   (unsigned long)lwip_stats.ip.lenerr,
		   (unsigned long)lwip_stats.tcp.drop,
		   (unsigned long)lwip_stats.udp.drop,
		   (unsigned long)lwip_stats.icmp.drop,
		   (unsigned long)lwip_stats.etharp.drop,
		   (unsigned long)c.sendfile_ref,
		   (unsigned long)c.sendfile_copy,
		   (unsigned long)c.pinned);
}
