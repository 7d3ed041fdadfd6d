/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-net (virtio 1.x section 5.1) behind uknet's netdev interface.
 * Receive buffers come from the network library and are kept posted;
 * transmitted frames are sent from the library's memory, by reference,
 * with the virtio header in a small per-slot array.  Transmit checksums
 * are offloaded when the device offers it.  Frames the device returns too
 * short or too long are dropped and counted.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/alloc.h>
#include <uk/netdev.h>
#include <uk/kvm/virtio.h>

#define VIRTIO_NET_F_CSUM	0
#define VIRTIO_NET_F_GUEST_CSUM	1
#define VIRTIO_NET_F_MAC	5
#define VIRTIO_NET_F_HOST_TSO4	11
#define VIRTIO_F_ANY_LAYOUT	27

#define HDR_F_NEEDS_CSUM	1
#define HDR_F_DATA_VALID	2

#define RXQ			0
#define TXQ			1
#define QUEUE_MAX		256
#define ETH_HLEN		14
#define RX_FRAME_MAX		1518	/* 1500 + Ethernet header + VLAN tag */
#define MAX_SEGS		UK_NETDEV_TSO_MAX_SEGS
#define GSO_TCPV4		1

struct vnet_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;	/* virtio 1.0 only */
} __uk_packed;

struct rx_slot {
	void *cookie;		/* the library's */
	uint8_t *buf;
	struct rx_slot *next_free;
};

struct tx_slot {
	void *cookie;
	struct vnet_hdr hdr;
	struct tx_slot *next_free;
};

struct vnet {
	struct uk_netdev nd;
	struct virtio_dev *vdev;
	struct virtqueue *rxq, *txq;
	unsigned int hdr_len;
	uint32_t rx_buf_size;
	struct rx_slot *rx_slots, *rx_free;
	struct tx_slot *tx_slots, *tx_free;
	unsigned int rx_posted;
};

#define VNET(d) uk_container_of(d, struct vnet, nd)

static void refill(struct vnet *v)
{
	int added = 0;

	while (v->rx_free && virtqueue_free(v->rxq) >= 1) {
		struct rx_slot *s = v->rx_free;
		struct virtq_sg sg;

		s->buf = v->nd.rx_alloc(&v->nd, v->rx_buf_size, &s->cookie);
		if (!s->buf)
			break;		/* library out of buffers: later */
		sg.addr = s->buf;
		sg.len = v->rx_buf_size;
		sg.write = 1;
		if (virtqueue_add(v->rxq, &sg, 1, s) < 0) {
			v->nd.rx_free(&v->nd, s->cookie);
			break;
		}
		v->rx_free = s->next_free;
		v->rx_posted++;
		added++;
	}
	if (added)
		virtqueue_kick(v->rxq);
}

static int vnet_start(struct uk_netdev *d)
{
	struct vnet *v = VNET(d);

	refill(v);
	if (!v->rx_posted) {
		uk_pr_err("%s: no receive buffers\n", d->name);
		return -ENOMEM;
	}
	virtqueue_enable_cb(v->rxq);
	virtqueue_enable_cb(v->txq);
	return 0;
}

static void reclaim_tx(struct vnet *v)
{
	struct tx_slot *s;

	while ((s = virtqueue_get(v->txq, NULL))) {
		void *cookie = s->cookie;

		s->next_free = v->tx_free;
		v->tx_free = s;
		v->nd.tx_done(&v->nd, cookie);
	}
}

static int vnet_xmit(struct uk_netdev *d, const struct uk_netseg *seg,
		     unsigned int n, const struct uk_netdev_txmeta *meta,
		     void *cookie)
{
	struct vnet *v = VNET(d);
	struct virtq_sg sg[MAX_SEGS + 1];
	struct tx_slot *s;
	unsigned int i;
	uint32_t bytes = 0;

	if (n == 0 || n > MAX_SEGS)
		return -EINVAL;
	/* segmentation only where the device does it, with the checksum */
	if (meta && meta->gso_size &&
	    (!(d->features & UK_NETDEV_F_TX_TSO4) || !meta->csum ||
	     !(d->features & UK_NETDEV_F_TX_CSUM)))
		return -EINVAL;
	if (!v->tx_free || virtqueue_free(v->txq) < n + 1)
		reclaim_tx(v);
	if (!v->tx_free || virtqueue_free(v->txq) < n + 1) {
		d->stats.tx_full++;
		return -ENOSPC;
	}
	s = v->tx_free;
	memset(&s->hdr, 0, sizeof(s->hdr));
	if (meta && meta->csum && (d->features & UK_NETDEV_F_TX_CSUM)) {
		s->hdr.flags = HDR_F_NEEDS_CSUM;
		s->hdr.csum_start = meta->csum_start;
		s->hdr.csum_offset = meta->csum_offset;
		if (meta->gso_size) {
			s->hdr.gso_type = GSO_TCPV4;
			s->hdr.gso_size = meta->gso_size;
			s->hdr.hdr_len = meta->hdr_len;
		}
	}
	sg[0].addr = &s->hdr;
	sg[0].len = v->hdr_len;
	sg[0].write = 0;
	for (i = 0; i < n; i++) {
		sg[i + 1].addr = seg[i].data;
		sg[i + 1].len = seg[i].len;
		sg[i + 1].write = 0;
		bytes += seg[i].len;
	}
	s->cookie = cookie;
	if (virtqueue_add(v->txq, sg, n + 1, s) < 0)
		return -ENOSPC;
	v->tx_free = s->next_free;
	d->stats.tx_frames++;
	d->stats.tx_bytes += bytes;
	return 0;
}

static void vnet_kick(struct uk_netdev *d)
{
	virtqueue_kick(VNET(d)->txq);
}

static int vnet_poll(struct uk_netdev *d, int budget)
{
	struct vnet *v = VNET(d);
	struct rx_slot *s;
	uint32_t len;
	int got = 0;

	reclaim_tx(v);
	while (got < budget && (s = virtqueue_get(v->rxq, &len))) {
		struct vnet_hdr *h = (struct vnet_hdr *)s->buf;
		void *cookie = s->cookie;
		uint8_t *buf = s->buf;
		unsigned int flags = 0;

		v->rx_posted--;
		s->next_free = v->rx_free;
		v->rx_free = s;
		if (len < v->hdr_len + ETH_HLEN || len > v->rx_buf_size) {
			d->stats.rx_dropped++;
			d->rx_free(d, cookie);
			continue;
		}
		/* DATA_VALID: checked by the device; NEEDS_CSUM: made on
		 * this host and never on a wire, so not corrupt. */
		if (h->flags & (HDR_F_DATA_VALID | HDR_F_NEEDS_CSUM))
			flags |= UK_NETDEV_RX_CSUM_OK;
		d->stats.rx_frames++;
		d->stats.rx_bytes += len - v->hdr_len;
		d->rx_frame(d, cookie, buf + v->hdr_len, len - v->hdr_len,
			    flags);
		got++;
	}
	refill(v);
	return got;
}

static int vnet_enable_events(struct uk_netdev *d)
{
	struct vnet *v = VNET(d);
	int more = virtqueue_enable_cb(v->rxq);

	more |= virtqueue_enable_cb(v->txq);
	return more;
}

static void vq_event(struct virtqueue *vq, void *arg)
{
	struct vnet *v = arg;

	virtqueue_disable_cb(v->rxq);
	virtqueue_disable_cb(v->txq);
	if (v->nd.event)
		v->nd.event(&v->nd);
}

static const struct uk_netdev_ops vnet_ops = {
	.start = vnet_start,
	.xmit = vnet_xmit,
	.xmit_kick = vnet_kick,
	.poll = vnet_poll,
	.enable_events = vnet_enable_events,
};

static int vnet_probe(struct virtio_dev *vd)
{
	struct vnet *v;
	unsigned int i;
	uint64_t want = (1ULL << VIRTIO_NET_F_MAC) |
			(1ULL << VIRTIO_NET_F_CSUM) |
			(1ULL << VIRTIO_NET_F_GUEST_CSUM) |
			(1ULL << VIRTIO_NET_F_HOST_TSO4) |
			(1ULL << VIRTIO_F_ANY_LAYOUT);
	int rc;

	v = uk_calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->vdev = vd;
	rc = virtio_negotiate(vd, want);
	if (rc < 0)
		goto fail;
	v->hdr_len = vd->legacy ? 10 : sizeof(struct vnet_hdr);
	v->rx_buf_size = v->hdr_len + RX_FRAME_MAX;
	v->rxq = virtio_queue_create(vd, RXQ, QUEUE_MAX, vq_event, v);
	v->txq = virtio_queue_create(vd, TXQ, QUEUE_MAX, vq_event, v);
	if (!v->rxq || !v->txq) {
		rc = -ENOMEM;
		goto fail;
	}
	v->rx_slots = uk_calloc(v->rxq->num, sizeof(*v->rx_slots));
	v->tx_slots = uk_calloc(v->txq->num, sizeof(*v->tx_slots));
	if (!v->rx_slots || !v->tx_slots) {
		rc = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < v->rxq->num; i++) {
		v->rx_slots[i].next_free = v->rx_free;
		v->rx_free = &v->rx_slots[i];
	}
	for (i = 0; i < v->txq->num; i++) {
		v->tx_slots[i].next_free = v->tx_free;
		v->tx_free = &v->tx_slots[i];
	}

	if (virtio_has(vd, VIRTIO_NET_F_MAC)) {
		vd->ops->config_read(vd, 0, v->nd.mac, 6);
	} else {
		/* A locally administered address, fixed: 52:54:00:12:34:56. */
		static const uint8_t def[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };

		memcpy(v->nd.mac, def, 6);
	}
	v->nd.ops = &vnet_ops;
	v->nd.mtu = 1500;
	v->nd.drv = v;
	if (virtio_has(vd, VIRTIO_NET_F_CSUM))
		v->nd.features |= UK_NETDEV_F_TX_CSUM;
	/* the device segments only frames whose checksum it fills in */
	if (virtio_has(vd, VIRTIO_NET_F_CSUM) &&
	    virtio_has(vd, VIRTIO_NET_F_HOST_TSO4))
		v->nd.features |= UK_NETDEV_F_TX_TSO4;
	if (virtio_has(vd, VIRTIO_NET_F_GUEST_CSUM))
		v->nd.features |= UK_NETDEV_F_RX_CSUM;
	uk_snprintf(v->nd.name, sizeof(v->nd.name), "virtio-net %s",
		    vd->name);
	virtqueue_disable_cb(v->rxq);	/* until the library starts it */
	virtqueue_disable_cb(v->txq);
	rc = virtio_dev_ready(vd);
	if (rc < 0)
		goto fail;
	return uk_netdev_register(&v->nd);
fail:
	uk_pr_err("%s: virtio-net setup failed (error %d)\n", vd->name, -rc);
	return rc;
}

static struct virtio_driver vnet_driver = {
	.device_id = VIRTIO_ID_NET,
	.name = "virtio-net",
	.probe = vnet_probe,
};

static int vnet_register(void)
{
	virtio_driver_register(&vnet_driver);
	return 0;
}
UK_INIT_PLAT(vnet_register);
