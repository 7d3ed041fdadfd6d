/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-9p (the virtio 9P transport, device type 9): a 9P transport for
 * ukvfs.  Each request is one descriptor chain, device-readable T-message
 * (and its bulk payload) then device-writable reply (and its bulk
 * destination); the device fills the reply and returns the chain.
 * Guest memory is identity mapped, so client buffers go to the device
 * as they are.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/alloc.h>
#include <uk/arch/irq.h>
#include <uk/9pdev.h>
#include <uk/kvm/virtio.h>

#define VIRTIO_9P_F_MOUNT_TAG	0
#define QUEUE_MAX		128

struct v9p {
	struct uk_9pdev dev;
	struct virtio_dev *vdev;
	struct virtqueue *vq;
};

static int v9p_request(struct uk_9pdev *dev, struct uk_9preq *req)
{
	struct v9p *v = dev->drv;
	struct virtq_sg sg[4];
	unsigned int n = 0;
	unsigned long f;
	int rc;

	sg[n].addr = (void *)req->tx;
	sg[n].len = req->tx_len;
	sg[n++].write = 0;
	if (req->tx_data_len) {
		sg[n].addr = (void *)req->tx_data;
		sg[n].len = req->tx_data_len;
		sg[n++].write = 0;
	}
	sg[n].addr = req->rx;
	sg[n].len = req->rx_cap;
	sg[n++].write = 1;
	if (req->rx_data_cap) {
		sg[n].addr = req->rx_data;
		sg[n].len = req->rx_data_cap;
		sg[n++].write = 1;
	}
	f = uk_irq_save();	/* the interrupt handler takes from this ring */
	rc = virtqueue_add(v->vq, sg, n, req);
	if (!rc)
		virtqueue_kick(v->vq);
	uk_irq_restore(f);
	return rc;
}

static const struct uk_9pdev_ops v9p_ops = {
	.request = v9p_request,
};

/* Interrupt context: hand every finished request back to the client. */
static void v9p_done(struct virtqueue *vq, void *arg)
{
	struct v9p *v = arg;
	struct uk_9preq *req;
	uint32_t len;

	do {
		while ((req = virtqueue_get(vq, &len))) {
			uint32_t cap = req->rx_cap + req->rx_data_cap;

			req->rx_len = UK_MIN(len, cap);
			req->error = len > cap ? -EPROTO : 0;
			v->dev.complete(&v->dev, req);
		}
	} while (virtqueue_enable_cb(vq));
}

static int v9p_probe(struct virtio_dev *vd)
{
	struct v9p *v = uk_calloc(1, sizeof(*v));
	uint16_t tag_len = 0;
	int rc;

	if (!v)
		return -ENOMEM;
	rc = virtio_negotiate(vd, 1ULL << VIRTIO_9P_F_MOUNT_TAG);
	if (rc < 0)
		goto fail;
	rc = -ENODEV;
	if (!virtio_has(vd, VIRTIO_9P_F_MOUNT_TAG)) {
		uk_pr_err("%s: 9p device without a mount tag\n", vd->name);
		goto fail;
	}
	vd->ops->config_read(vd, 0, &tag_len, 2);
	if (tag_len == 0 || tag_len >= sizeof(v->dev.tag)) {
		uk_pr_err("%s: bad 9p mount tag length %u\n", vd->name, tag_len);
		goto fail;
	}
	vd->ops->config_read(vd, 2, v->dev.tag, tag_len);
	v->dev.tag[tag_len] = '\0';
	v->vdev = vd;
	v->vq = virtio_queue_create(vd, 0, QUEUE_MAX, v9p_done, v);
	rc = -ENOMEM;
	if (!v->vq)
		goto fail;
	v->dev.ops = &v9p_ops;
	v->dev.drv = v;
	/* Messages of up to 512 KiB plus headers, in 4 descriptors. */
	v->dev.max_msize = 512 * 1024 + 4096;
	uk_snprintf(v->dev.name, sizeof(v->dev.name), "virtio-9p %s", vd->name);
	rc = virtio_dev_ready(vd);
	if (rc < 0)
		goto fail;
	return uk_9pdev_register(&v->dev);
fail:
	uk_free(v);	/* a created queue stays: the device is dead anyway */
	return rc;
}

static struct virtio_driver v9p_driver = {
	.device_id = VIRTIO_ID_9P,
	.name = "virtio-9p",
	.probe = v9p_probe,
};

static int v9p_register(void)
{
	virtio_driver_register(&v9p_driver);
	return 0;
}
UK_INIT_PLAT(v9p_register);
