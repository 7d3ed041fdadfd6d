/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueues (virtio 1.x, section 2.7), with event-index interrupt
 * and notification suppression.  Guest memory is identity mapped, so a
 * buffer's address is its physical address.  Everything the device writes
 * (used ring ids and lengths) is checked before use.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/io.h>
#include <uk/kvm/virtio.h>

#define VIRTQ_AVAIL_F_NO_INTERRUPT	1
#define VIRTQ_USED_F_NO_NOTIFY		1
#define PAGE				4096UL

/* Layout shared by modern and legacy devices: legacy wants the used ring
 * on its own page boundary (QueueAlign 4096). */
static size_t avail_off(uint16_t num)
{
	return 16UL * num;
}

static size_t used_off(uint16_t num)
{
	return UK_ALIGN_UP(avail_off(num) + 6 + 2UL * num, PAGE);
}

size_t virtqueue_ring_size(uint16_t num, int legacy)
{
	return used_off(num) + UK_ALIGN_UP(6 + 8UL * num, PAGE);
}

void virtqueue_layout(struct virtqueue *vq, void *mem)
{
	unsigned int i;

	vq->desc = mem;
	vq->avail = (void *)((char *)mem + avail_off(vq->num));
	vq->used = (void *)((char *)mem + used_off(vq->num));
	for (i = 0; i + 1 < vq->num; i++)
		vq->desc[i].next = i + 1;
	vq->free_head = 0;
	vq->num_free = vq->num;
}

static inline uint16_t *used_event(struct virtqueue *vq)
{
	return &vq->avail->ring[vq->num];
}

static inline volatile uint16_t *avail_event(struct virtqueue *vq)
{
	return (volatile uint16_t *)&vq->used->ring[vq->num];
}

int virtqueue_add(struct virtqueue *vq, const struct virtq_sg *sg,
		  unsigned int n, void *cookie)
{
	uint16_t head, i, prev = 0;
	unsigned int k;

	if (!n || n > vq->num_free)
		return -ENOSPC;
	head = i = vq->free_head;
	for (k = 0; k < n; k++) {
		struct virtq_desc *d = &vq->desc[i];

		d->addr = (uint64_t)(uintptr_t)sg[k].addr;
		d->len = sg[k].len;
		d->flags = (sg[k].write ? VIRTQ_DESC_F_WRITE : 0) |
			   (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
		prev = i;
		i = d->next;
	}
	vq->free_head = vq->desc[prev].next;
	vq->num_free -= n;
	vq->cookies[head] = cookie;

	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	uk_wmb();	/* the ring entry before the index that publishes it */
	vq->avail_idx++;
	*(volatile uint16_t *)&vq->avail->idx = vq->avail_idx;
	return 0;
}

void virtqueue_kick(struct virtqueue *vq)
{
	uint16_t old = vq->kicked_idx, new = vq->avail_idx;
	int notify;

	if (old == new)
		return;
	/* Our avail->idx store must be visible before we read the device's
	 * wishes (store->load: needs a full fence on x86). */
	uk_mb();
	if (vq->event_idx)
		notify = (uint16_t)(new - *avail_event(vq) - 1) <
			 (uint16_t)(new - old);
	else
		notify = !(*(volatile uint16_t *)&vq->used->flags &
			   VIRTQ_USED_F_NO_NOTIFY);
	vq->kicked_idx = new;
	if (notify)
		vq->dev->ops->queue_notify(vq->dev, vq);
}

int virtqueue_has_used(struct virtqueue *vq)
{
	return *(volatile uint16_t *)&vq->used->idx != vq->last_used;
}

void *virtqueue_get(struct virtqueue *vq, uint32_t *len)
{
	struct virtq_used_elem e;
	uint16_t i, n;
	void *cookie;

	if (!virtqueue_has_used(vq))
		return NULL;
	uk_rmb();	/* the entry after the index that published it */
	e = vq->used->ring[vq->last_used & (vq->num - 1)];
	vq->last_used++;

	if (e.id >= vq->num || !vq->cookies[e.id]) {
		uk_pr_err("%s: queue %u: device returned bad descriptor %u\n",
			  vq->dev->name, vq->index, e.id);
		return NULL;
	}
	cookie = vq->cookies[e.id];
	vq->cookies[e.id] = NULL;

	/* Return the chain to the free list (bounded: a loop is a bug). */
	i = e.id;
	for (n = 1; (vq->desc[i].flags & VIRTQ_DESC_F_NEXT) && n < vq->num; n++)
		i = vq->desc[i].next;
	vq->desc[i].next = vq->free_head;
	vq->free_head = e.id;
	vq->num_free += n;

	/* While the driver polls, used_event stays behind: no interrupt. */
	if (vq->event_idx && !vq->cb_off)
		*(volatile uint16_t *)used_event(vq) = vq->last_used;
	if (len)
		*len = e.len;
	return cookie;
}

void virtqueue_disable_cb(struct virtqueue *vq)
{
	vq->cb_off = 1;
	if (!vq->event_idx)
		vq->avail->flags |= VIRTQ_AVAIL_F_NO_INTERRUPT;
	/* With event index, used_event simply stops moving forward. */
}

int virtqueue_enable_cb(struct virtqueue *vq)
{
	vq->cb_off = 0;
	if (vq->event_idx)
		*(volatile uint16_t *)used_event(vq) = vq->last_used;
	else
		vq->avail->flags &= ~VIRTQ_AVAIL_F_NO_INTERRUPT;
	uk_mb();
	return virtqueue_has_used(vq);
}
