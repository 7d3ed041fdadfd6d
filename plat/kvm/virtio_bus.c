/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Virtio devices and drivers, independent of the transport: drivers
 * register at the plat init level, transports report devices at the bus
 * level, and each device goes to the driver for its type.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/alloc.h>
#include <uk/kvm/virtio.h>

void virtqueue_layout(struct virtqueue *vq, void *mem);

static UK_LIST_HEAD(drivers);

void virtio_driver_register(struct virtio_driver *drv)
{
	uk_list_add_tail(&drv->list, &drivers);
}

void virtio_dev_found(struct virtio_dev *d)
{
	struct uk_list_head *p;

	uk_list_for_each(p, &drivers) {
		struct virtio_driver *drv =
			uk_list_entry(p, struct virtio_driver, list);

		if (drv->device_id != d->device_id)
			continue;
		if (drv->probe(d) < 0) {
			uk_pr_err("%s: %s driver failed\n", d->name, drv->name);
			d->ops->set_status(d, VIRTIO_STATUS_FAILED);
		}
		return;
	}
	uk_pr_debug("%s: no driver for virtio device type %u\n", d->name,
		    d->device_id);
}

int virtio_negotiate(struct virtio_dev *d, uint64_t wanted)
{
	uint64_t offered;

	d->ops->reset(d);
	d->ops->set_status(d, VIRTIO_STATUS_ACK);
	d->ops->set_status(d, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER);
	offered = d->ops->get_features(d);
	wanted |= 1ULL << VIRTIO_F_RING_EVENT_IDX;
	if (!d->legacy)
		wanted |= 1ULL << VIRTIO_F_VERSION_1;
	d->features = offered & wanted;
	if (!d->legacy && !virtio_has(d, VIRTIO_F_VERSION_1)) {
		uk_pr_err("%s: device does not offer virtio 1.0\n", d->name);
		return -ENODEV;
	}
	d->ops->set_features(d, d->features);
	if (d->legacy)
		return 0;	/* legacy devices have no FEATURES_OK */
	d->ops->set_status(d, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER |
			   VIRTIO_STATUS_FEATURES_OK);
	if (!(d->ops->get_status(d) & VIRTIO_STATUS_FEATURES_OK)) {
		uk_pr_err("%s: device refused our features\n", d->name);
		return -ENODEV;
	}
	return 0;
}

struct virtqueue *virtio_queue_create(struct virtio_dev *d, unsigned int idx,
				      uint16_t max_size, virtqueue_cb_t cb,
				      void *cb_arg)
{
	uint16_t num = d->ops->queue_max(d, idx);
	struct virtqueue *vq;
	size_t pages;

	if (!num || idx >= UK_ARRAY_SIZE(d->vqs)) {
		uk_pr_err("%s: no queue %u\n", d->name, idx);
		return NULL;
	}
	if (max_size && num > max_size)
		num = max_size;
	/* Split rings must be a power of 2 in size. */
	while (num & (num - 1))
		num &= num - 1;

	vq = uk_calloc(1, sizeof(*vq));
	if (!vq)
		return NULL;
	vq->cookies = uk_calloc(num, sizeof(void *));
	pages = virtqueue_ring_size(num, d->legacy) / 4096;
	vq->ring_mem = uk_palloc(pages);
	if (!vq->cookies || !vq->ring_mem) {
		uk_pr_err("%s: out of memory for queue %u\n", d->name, idx);
		goto fail;
	}
	memset(vq->ring_mem, 0, pages * 4096);
	vq->ring_pages = pages;
	vq->dev = d;
	vq->index = idx;
	vq->num = num;
	vq->event_idx = virtio_has(d, VIRTIO_F_RING_EVENT_IDX);
	vq->cb = cb;
	vq->cb_arg = cb_arg;
	virtqueue_layout(vq, vq->ring_mem);
	if (d->ops->queue_setup(d, vq) < 0)
		goto fail;
	d->vqs[idx] = vq;
	if (idx >= d->nvqs)
		d->nvqs = idx + 1;
	return vq;
fail:
	if (vq->ring_mem)
		uk_pfree(vq->ring_mem, pages);
	uk_free(vq->cookies);
	uk_free(vq);
	return NULL;
}

int virtio_dev_ready(struct virtio_dev *d)
{
	int rc = d->ops->irq_setup(d, d->nvqs);

	if (rc < 0)
		return rc;
	d->ops->set_status(d, d->ops->get_status(d) | VIRTIO_STATUS_DRIVER_OK);
	return 0;
}

void virtio_queue_interrupt(struct virtqueue *vq)
{
	if (vq && vq->cb)
		vq->cb(vq, vq->cb_arg);
}
