/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Virtio devices, whatever their transport (PCI, MMIO; modern or legacy
 * MMIO as microvm defaults to), and split virtqueues.  Drivers (net, 9p)
 * see only this header.
 */
#ifndef __UK_KVM_VIRTIO_H__
#define __UK_KVM_VIRTIO_H__

#include <stddef.h>
#include <stdint.h>
#include <uk/list.h>

#define VIRTIO_ID_NET		1
#define VIRTIO_ID_BLOCK		2
#define VIRTIO_ID_9P		9

#define VIRTIO_STATUS_ACK		0x01
#define VIRTIO_STATUS_DRIVER		0x02
#define VIRTIO_STATUS_DRIVER_OK		0x04
#define VIRTIO_STATUS_FEATURES_OK	0x08
#define VIRTIO_STATUS_FAILED		0x80

#define VIRTIO_F_RING_INDIRECT_DESC	28
#define VIRTIO_F_RING_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32

struct virtio_dev;
struct virtqueue;

/* What a transport provides (virtio_pci.c, virtio_mmio.c). */
struct virtio_transport_ops {
	uint64_t (*get_features)(struct virtio_dev *d);
	void (*set_features)(struct virtio_dev *d, uint64_t features);
	uint8_t (*get_status)(struct virtio_dev *d);
	void (*set_status)(struct virtio_dev *d, uint8_t status);
	void (*reset)(struct virtio_dev *d);
	/* device-specific configuration space */
	void (*config_read)(struct virtio_dev *d, unsigned int off, void *buf,
			    size_t len);
	/* largest queue size for queue idx (0: no such queue) */
	uint16_t (*queue_max)(struct virtio_dev *d, unsigned int idx);
	/* tells the device where queue vq lives; 0 or negative errno */
	int (*queue_setup)(struct virtio_dev *d, struct virtqueue *vq);
	void (*queue_notify)(struct virtio_dev *d, struct virtqueue *vq);
	/* routes the queues' interrupts to virtio_dev_interrupt/virtqueue cb */
	int (*irq_setup)(struct virtio_dev *d, unsigned int nqueues);
};

struct virtio_dev {
	const struct virtio_transport_ops *ops;
	uint32_t device_id;
	uint64_t features;		/* negotiated */
	int legacy;			/* legacy virtio-mmio (version 1) */
	char name[32];			/* "virtio-mmio@feb02e00", "pci 00:03.0" */
	struct virtqueue *vqs[8];
	unsigned int nvqs;
	void *transport_priv;
	void *driver_priv;
};

typedef void (*virtqueue_cb_t)(struct virtqueue *vq, void *arg);

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

#define VIRTQ_DESC_F_NEXT	1
#define VIRTQ_DESC_F_WRITE	2

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* then used_event */
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];	/* then avail_event */
};

struct virtqueue {
	struct virtio_dev *dev;
	unsigned int index;
	uint16_t num;			/* ring size, a power of 2 */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	void *ring_mem;			/* allocation holding the three */
	size_t ring_pages;
	uint16_t free_head, num_free;
	uint16_t last_used;		/* next used entry to look at */
	uint16_t avail_idx;		/* our copy of avail->idx */
	uint16_t kicked_idx;		/* avail_idx at the last notify */
	int event_idx;
	int cb_off;			/* the driver polls: no interrupts */
	void **cookies;			/* per head descriptor */
	virtqueue_cb_t cb;
	void *cb_arg;
	uint32_t notify_off;		/* transport data (PCI notify offset) */
};

/* One piece of a request: memory the device reads, or writes if write. */
struct virtq_sg {
	void *addr;
	uint32_t len;
	int write;
};

/* --- drivers --------------------------------------------------------- */
struct virtio_driver {
	uint32_t device_id;
	const char *name;
	int (*probe)(struct virtio_dev *d);
	struct uk_list_head list;
};

/* Registers a driver; call from an init function at the plat level. */
void virtio_driver_register(struct virtio_driver *drv);
/* Called by transports when they find a device: the driver probes it. */
void virtio_dev_found(struct virtio_dev *d);

/*
 * Starts feature negotiation: resets the device, acknowledges it, and
 * accepts the intersection of its features and wanted (plus VERSION_1 and
 * EVENT_IDX when offered).  Returns 0, or -ENODEV if the device refuses.
 */
int virtio_negotiate(struct virtio_dev *d, uint64_t wanted);
/* Creates queue idx with at most max_size entries (0: the device's). */
struct virtqueue *virtio_queue_create(struct virtio_dev *d, unsigned int idx,
				      uint16_t max_size, virtqueue_cb_t cb,
				      void *cb_arg);
/* Sets up interrupts for the queues created so far, then DRIVER_OK. */
int virtio_dev_ready(struct virtio_dev *d);
static inline int virtio_has(struct virtio_dev *d, unsigned int bit)
{
	return !!(d->features & (1ULL << bit));
}

/* Called from a transport's interrupt handler for every queue with work. */
void virtio_queue_interrupt(struct virtqueue *vq);

/* --- virtqueues (virtqueue.c) ------------------------------------------ */
/*
 * Adds a request of n pieces (the device-readable ones first), with a
 * cookie that virtqueue_get returns when the device is done.  Does not
 * notify.  Returns 0, or -ENOSPC if the ring has too few free entries.
 */
int virtqueue_add(struct virtqueue *vq, const struct virtq_sg *sg,
		  unsigned int n, void *cookie);
/* Notifies the device of new requests, unless it asked not to be. */
void virtqueue_kick(struct virtqueue *vq);
/* Takes one finished request: its cookie (NULL if none) and *len written. */
void *virtqueue_get(struct virtqueue *vq, uint32_t *len);
/* Free ring entries. */
static inline unsigned int virtqueue_free(struct virtqueue *vq)
{
	return vq->num_free;
}
/*
 * Interrupt suppression while a driver polls: disable_cb asks the device
 * not to interrupt; enable_cb asks again and returns 1 if requests
 * finished in the meantime (the caller must poll once more).
 */
void virtqueue_disable_cb(struct virtqueue *vq);
int virtqueue_enable_cb(struct virtqueue *vq);
int virtqueue_has_used(struct virtqueue *vq);

/* Memory allocations of rings: page-aligned, physically contiguous. */
size_t virtqueue_ring_size(uint16_t num, int legacy);

#endif
