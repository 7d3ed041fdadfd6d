/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio over PCI, modern interface (virtio 1.x section 4.1): the common,
 * notify, ISR and device configuration structures found through vendor
 * capabilities, and MSI-X interrupts, one vector per queue.  QEMU's
 * virtio-*-pci devices are transitional on pc and modern-only on PCIe:
 * both have the modern interface.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/alloc.h>
#include <uk/arch/io.h>
#include <uk/plat/memory.h>
#include <uk/kvm/pci.h>
#include <uk/kvm/virtio.h>

#define VIRTIO_PCI_VENDOR	0x1af4
#define CAP_COMMON		1
#define CAP_NOTIFY		2
#define CAP_ISR			3
#define CAP_DEVICE		4
#define NO_VECTOR		0xffff

/* struct virtio_pci_common_cfg offsets */
#define C_DFSELECT	0x00
#define C_DF		0x04
#define C_GFSELECT	0x08
#define C_GF		0x0c
#define C_MSIX_CONFIG	0x10
#define C_NUM_QUEUES	0x12
#define C_STATUS	0x14
#define C_Q_SELECT	0x16
#define C_Q_SIZE	0x18
#define C_Q_MSIX	0x1a
#define C_Q_ENABLE	0x1c
#define C_Q_NOFF	0x1e
#define C_Q_DESC	0x20
#define C_Q_AVAIL	0x28
#define C_Q_USED	0x30

struct pci_vdev {
	struct virtio_dev vdev;
	struct pci_dev pci;
	volatile uint8_t *common, *notify, *isr, *device;
	uint32_t notify_mult;
};

#define PDEV(d) uk_container_of(d, struct pci_vdev, vdev)

/* 64-bit fields as two 32-bit writes, low first (section 4.1.3.1). */
static void write64(volatile uint8_t *a, uint64_t v)
{
	mmio_write32(a, (uint32_t)v);
	mmio_write32(a + 4, (uint32_t)(v >> 32));
}

static uint64_t get_features(struct virtio_dev *d)
{
	struct pci_vdev *p = PDEV(d);
	uint64_t f;

	mmio_write32(p->common + C_DFSELECT, 0);
	f = mmio_read32(p->common + C_DF);
	mmio_write32(p->common + C_DFSELECT, 1);
	return f | (uint64_t)mmio_read32(p->common + C_DF) << 32;
}

static void set_features(struct virtio_dev *d, uint64_t f)
{
	struct pci_vdev *p = PDEV(d);

	mmio_write32(p->common + C_GFSELECT, 0);
	mmio_write32(p->common + C_GF, (uint32_t)f);
	mmio_write32(p->common + C_GFSELECT, 1);
	mmio_write32(p->common + C_GF, (uint32_t)(f >> 32));
}

static uint8_t get_status(struct virtio_dev *d)
{
	return mmio_read8(PDEV(d)->common + C_STATUS);
}

static void set_status(struct virtio_dev *d, uint8_t s)
{
	mmio_write8(PDEV(d)->common + C_STATUS, s);
}

static void reset(struct virtio_dev *d)
{
	int spin = 1000000;

	set_status(d, 0);
	/* The device acknowledges a reset by reading back 0. */
	while (get_status(d) && --spin)
		;
}

static void config_read(struct virtio_dev *d, unsigned int off, void *buf,
			size_t len)
{
	uint8_t *b = buf;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = mmio_read8(PDEV(d)->device + off + i);
}

static uint16_t queue_max(struct virtio_dev *d, unsigned int idx)
{
	struct pci_vdev *p = PDEV(d);

	if (idx >= mmio_read16(p->common + C_NUM_QUEUES))
		return 0;
	mmio_write16(p->common + C_Q_SELECT, idx);
	return mmio_read16(p->common + C_Q_SIZE);
}

static int queue_setup(struct virtio_dev *d, struct virtqueue *vq)
{
	struct pci_vdev *p = PDEV(d);

	mmio_write16(p->common + C_Q_SELECT, vq->index);
	mmio_write16(p->common + C_Q_SIZE, vq->num);
	write64(p->common + C_Q_DESC, (uintptr_t)vq->desc);
	write64(p->common + C_Q_AVAIL, (uintptr_t)vq->avail);
	write64(p->common + C_Q_USED, (uintptr_t)vq->used);
	vq->notify_off = mmio_read16(p->common + C_Q_NOFF);
	return 0;
}

static void queue_notify(struct virtio_dev *d, struct virtqueue *vq)
{
	struct pci_vdev *p = PDEV(d);

	mmio_write16(p->notify + vq->notify_off * p->notify_mult, vq->index);
}

static int queue_irq(void *arg)
{
	virtio_queue_interrupt(arg);
	return 1;
}

static int irq_setup(struct virtio_dev *d, unsigned int nqueues)
{
	struct pci_vdev *p = PDEV(d);
	void *args[8];
	unsigned int i;
	int rc;

	for (i = 0; i < nqueues; i++)
		args[i] = d->vqs[i];
	rc = pci_msix_setup(&p->pci, nqueues, queue_irq, args);
	if (rc < 0) {
		uk_pr_err("%s: cannot set up MSI-X (error %d)\n", d->name, -rc);
		return rc;
	}
	mmio_write16(p->common + C_MSIX_CONFIG, NO_VECTOR);
	for (i = 0; i < nqueues; i++) {
		mmio_write16(p->common + C_Q_SELECT, i);
		if (!d->vqs[i])
			continue;
		mmio_write16(p->common + C_Q_MSIX, i);
		if (mmio_read16(p->common + C_Q_MSIX) != i) {
			uk_pr_err("%s: queue %u refused its MSI-X vector\n",
				  d->name, i);
			return -EIO;
		}
		mmio_write16(p->common + C_Q_ENABLE, 1);
	}
	return 0;
}

static const struct virtio_transport_ops pci_ops = {
	.get_features = get_features,
	.set_features = set_features,
	.get_status = get_status,
	.set_status = set_status,
	.reset = reset,
	.config_read = config_read,
	.queue_max = queue_max,
	.queue_setup = queue_setup,
	.queue_notify = queue_notify,
	.irq_setup = irq_setup,
};

static volatile uint8_t *map_cap(struct pci_vdev *p, uint8_t cap)
{
	uint8_t bar = pci_read8(&p->pci, cap + 4);
	uint32_t off = pci_read32(&p->pci, cap + 8);
	uint32_t len = pci_read32(&p->pci, cap + 12);
	uint64_t base = pci_bar_addr(&p->pci, bar);

	if (!base || !len)
		return NULL;
	return uk_plat_mmio_map(base + off, len);
}

static void found(const struct pci_dev *pd)
{
	struct pci_vdev *p;
	uint8_t cap = 0;
	uint32_t type;

	if (pd->vendor != VIRTIO_PCI_VENDOR ||
	    pd->device < 0x1000 || pd->device > 0x107f)
		return;
	/* Transitional devices give the type in the subsystem id. */
	type = pd->device >= 0x1040 ? pd->device - 0x1040 : pd->subsys_id;

	p = uk_calloc(1, sizeof(*p));
	if (!p)
		return;
	p->pci = *pd;
	while ((cap = pci_find_cap(pd, PCI_CAP_VENDOR, cap))) {
		switch (pci_read8(pd, cap + 3)) {
		case CAP_COMMON:
			if (!p->common)
				p->common = map_cap(p, cap);
			break;
		case CAP_NOTIFY:
			if (!p->notify) {
				p->notify = map_cap(p, cap);
				p->notify_mult = pci_read32(pd, cap + 16);
			}
			break;
		case CAP_ISR:
			if (!p->isr)
				p->isr = map_cap(p, cap);
			break;
		case CAP_DEVICE:
			if (!p->device)
				p->device = map_cap(p, cap);
			break;
		}
	}
	uk_snprintf(p->vdev.name, sizeof(p->vdev.name), "pci %02x:%02x.%x",
		    pd->bus, pd->slot, pd->func);
	if (!p->common || !p->notify) {
		uk_pr_warn("%s: virtio device without the modern interface\n",
			   p->vdev.name);
		uk_free(p);
		return;
	}
	/* Memory decoding and bus mastering on before we touch the BARs. */
	pci_write16(pd, 0x04, pci_read16(pd, 0x04) | 0x6);
	p->vdev.ops = &pci_ops;
	p->vdev.device_id = type;
	p->vdev.transport_priv = p;
	virtio_dev_found(&p->vdev);
}

static int virtio_pci_scan(void)
{
	pci_enumerate(found);
	return 0;
}
UK_INIT_BUS(virtio_pci_scan);
