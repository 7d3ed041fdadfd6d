/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-mmio transport (virtio 1.x section 4.2), modern (version 2) and
 * legacy (version 1: QEMU's microvm uses it unless told
 * -global virtio-mmio.force-legacy=false).
 *
 * Finding the devices: QEMU tells Linux-protocol kernels with
 * "virtio_mmio.device=" on the command line, but not us.  We take, in
 * order: that same option if the user gives it (SIZE@ADDR:IRQ, as Linux
 * does), the devices the ACPI DSDT describes (LNRO0005 entries with their
 * window and interrupt), and, without ACPI, microvm's fixed slots.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/alloc.h>
#include <uk/arch/io.h>
#include <uk/plat/irq.h>
#include <uk/plat/memory.h>
#include <uk/kvm/setup.h>
#include <uk/kvm/virtio.h>

#define MMIO_MAGIC		0x000
#define MMIO_VERSION		0x004
#define MMIO_DEVICE_ID		0x008
#define MMIO_DEV_FEATURES	0x010
#define MMIO_DEV_FEATURES_SEL	0x014
#define MMIO_DRV_FEATURES	0x020
#define MMIO_DRV_FEATURES_SEL	0x024
#define MMIO_GUEST_PAGE_SIZE	0x028	/* legacy */
#define MMIO_QUEUE_SEL		0x030
#define MMIO_QUEUE_NUM_MAX	0x034
#define MMIO_QUEUE_NUM		0x038
#define MMIO_QUEUE_ALIGN	0x03c	/* legacy */
#define MMIO_QUEUE_PFN		0x040	/* legacy */
#define MMIO_QUEUE_READY	0x044
#define MMIO_QUEUE_NOTIFY	0x050
#define MMIO_INT_STATUS		0x060
#define MMIO_INT_ACK		0x064
#define MMIO_STATUS		0x070
#define MMIO_QUEUE_DESC_LO	0x080
#define MMIO_QUEUE_DESC_HI	0x084
#define MMIO_QUEUE_AVAIL_LO	0x090
#define MMIO_QUEUE_AVAIL_HI	0x094
#define MMIO_QUEUE_USED_LO	0x0a0
#define MMIO_QUEUE_USED_HI	0x0a4
#define MMIO_CONFIG		0x100
#define MMIO_MAGIC_VALUE	0x74726976	/* "virt" */

#define MICROVM_MMIO_BASE	0xfeb00000UL
#define MICROVM_MMIO_STRIDE	0x200
#define MAX_DEVS		32

struct mmio_dev {
	struct virtio_dev vdev;
	volatile uint8_t *base;
	unsigned int irq, irq_flags;
};

struct mmio_window {
	uint64_t base;
	unsigned int irq;
	unsigned int irq_flags;
};

static struct mmio_window from_cmdline[MAX_DEVS];
static int ncmdline;

static inline uint32_t rd(struct mmio_dev *m, unsigned int off)
{
	return mmio_read32(m->base + off);
}

static inline void wr(struct mmio_dev *m, unsigned int off, uint32_t v)
{
	mmio_write32(m->base + off, v);
}

#define MDEV(d) uk_container_of(d, struct mmio_dev, vdev)

static uint64_t get_features(struct virtio_dev *d)
{
	struct mmio_dev *m = MDEV(d);
	uint64_t f;

	wr(m, MMIO_DEV_FEATURES_SEL, 0);
	f = rd(m, MMIO_DEV_FEATURES);
	if (!d->legacy) {
		wr(m, MMIO_DEV_FEATURES_SEL, 1);
		f |= (uint64_t)rd(m, MMIO_DEV_FEATURES) << 32;
	}
	return f;
}

static void set_features(struct virtio_dev *d, uint64_t f)
{
	struct mmio_dev *m = MDEV(d);

	wr(m, MMIO_DRV_FEATURES_SEL, 0);
	wr(m, MMIO_DRV_FEATURES, (uint32_t)f);
	if (!d->legacy) {
		wr(m, MMIO_DRV_FEATURES_SEL, 1);
		wr(m, MMIO_DRV_FEATURES, (uint32_t)(f >> 32));
	}
}

static uint8_t get_status(struct virtio_dev *d)
{
	return rd(MDEV(d), MMIO_STATUS);
}

static void set_status(struct virtio_dev *d, uint8_t s)
{
	wr(MDEV(d), MMIO_STATUS, s);
}

static void reset(struct virtio_dev *d)
{
	wr(MDEV(d), MMIO_STATUS, 0);
}

static void config_read(struct virtio_dev *d, unsigned int off, void *buf,
			size_t len)
{
	struct mmio_dev *m = MDEV(d);
	uint8_t *b = buf;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = mmio_read8(m->base + MMIO_CONFIG + off + i);
}

static uint16_t queue_max(struct virtio_dev *d, unsigned int idx)
{
	struct mmio_dev *m = MDEV(d);

	wr(m, MMIO_QUEUE_SEL, idx);
	if (!d->legacy && rd(m, MMIO_QUEUE_READY))
		return 0;	/* already in use */
	return UK_MIN(rd(m, MMIO_QUEUE_NUM_MAX), 32768U);
}

static int queue_setup(struct virtio_dev *d, struct virtqueue *vq)
{
	struct mmio_dev *m = MDEV(d);
	uint64_t desc = (uintptr_t)vq->desc, avail = (uintptr_t)vq->avail,
		 used = (uintptr_t)vq->used;

	wr(m, MMIO_QUEUE_SEL, vq->index);
	wr(m, MMIO_QUEUE_NUM, vq->num);
	if (d->legacy) {
		wr(m, MMIO_GUEST_PAGE_SIZE, 4096);
		wr(m, MMIO_QUEUE_ALIGN, 4096);
		wr(m, MMIO_QUEUE_PFN, (uint32_t)(desc >> 12));
		return 0;
	}
	wr(m, MMIO_QUEUE_DESC_LO, (uint32_t)desc);
	wr(m, MMIO_QUEUE_DESC_HI, (uint32_t)(desc >> 32));
	wr(m, MMIO_QUEUE_AVAIL_LO, (uint32_t)avail);
	wr(m, MMIO_QUEUE_AVAIL_HI, (uint32_t)(avail >> 32));
	wr(m, MMIO_QUEUE_USED_LO, (uint32_t)used);
	wr(m, MMIO_QUEUE_USED_HI, (uint32_t)(used >> 32));
	wr(m, MMIO_QUEUE_READY, 1);
	return 0;
}

static void queue_notify(struct virtio_dev *d, struct virtqueue *vq)
{
	wr(MDEV(d), MMIO_QUEUE_NOTIFY, vq->index);
}

static int mmio_irq(void *arg)
{
	struct mmio_dev *m = arg;
	uint32_t status = rd(m, MMIO_INT_STATUS);
	unsigned int i;

	if (!status)
		return 0;
	wr(m, MMIO_INT_ACK, status);	/* lowers the (level) line */
	if (status & 1)
		for (i = 0; i < m->vdev.nvqs; i++)
			virtio_queue_interrupt(m->vdev.vqs[i]);
	return 1;
}

static int irq_setup(struct virtio_dev *d, unsigned int nqueues)
{
	struct mmio_dev *m = MDEV(d);

	return uk_plat_irq_register(m->irq, m->irq_flags, mmio_irq, m);
}

static const struct virtio_transport_ops mmio_ops = {
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

/* Checks the window at base; hands a present device to its driver. */
static void probe(uint64_t base, unsigned int irq, unsigned int irq_flags)
{
	volatile uint8_t *p = uk_plat_mmio_map(base, 0x200);
	struct mmio_dev *m;
	uint32_t version, id;

	if (!p)
		return;
	if (mmio_read32(p + MMIO_MAGIC) != MMIO_MAGIC_VALUE)
		return;
	version = mmio_read32(p + MMIO_VERSION);
	id = mmio_read32(p + MMIO_DEVICE_ID);
	if (id == 0)
		return;		/* an empty slot */
	if (version != 1 && version != 2) {
		uk_pr_warn("virtio-mmio@%lx: unknown version %u\n",
			   (unsigned long)base, version);
		return;
	}
	m = uk_calloc(1, sizeof(*m));
	if (!m)
		return;
	m->base = p;
	m->irq = irq;
	m->irq_flags = irq_flags;
	m->vdev.ops = &mmio_ops;
	m->vdev.device_id = id;
	m->vdev.legacy = (version == 1);
	m->vdev.transport_priv = m;
	uk_snprintf(m->vdev.name, sizeof(m->vdev.name), "virtio-mmio@%lx",
		    (unsigned long)base);
	uk_pr_debug("%s: type %u, irq %u%s\n", m->vdev.name, id, irq,
		    m->vdev.legacy ? ", legacy" : "");
	virtio_dev_found(&m->vdev);
}

/* "virtio_mmio.device=SIZE@ADDR:IRQ" (SIZE with an optional K/M suffix). */
static unsigned long long parse_num(const char **s)
{
	unsigned long long v = 0;
	int base = 10;

	if ((*s)[0] == '0' && ((*s)[1] == 'x' || (*s)[1] == 'X')) {
		base = 16;
		*s += 2;
	}
	for (;; (*s)++) {
		char c = **s;
		int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		v = v * base + d;
	}
	return v;
}

static int cmdline_device(const char *val)
{
	const char *s = val;
	unsigned long long size, addr, irq;

	size = parse_num(&s);
	if (*s == 'K' || *s == 'k')
		size <<= 10, s++;
	else if (*s == 'M' || *s == 'm')
		size <<= 20, s++;
	if (*s++ != '@')
		goto bad;
	addr = parse_num(&s);
	if (*s++ != ':')
		goto bad;
	irq = parse_num(&s);
	if ((*s && *s != ':') || !size || !addr || irq >= UK_IRQ_MSI_BASE)
		goto bad;
	if (ncmdline == MAX_DEVS)
		return -ENOSPC;
	from_cmdline[ncmdline].base = addr;
	from_cmdline[ncmdline].irq = irq;
	ncmdline++;
	return 0;
bad:
	uk_pr_err("virtio_mmio.device=%s: expected SIZE@ADDR:IRQ\n", val);
	return -EINVAL;
}
UK_LIBPARAM_FN("virtio_mmio.device", cmdline_device);

/*
 * The DSDT describes each virtio-mmio window as a device with _HID
 * "LNRO0005" and a resource template: Memory32Fixed (tag 0x86) then an
 * Extended Interrupt (tag 0x89).  We look for those byte patterns after
 * each such _HID, up to the next one.
 */
static int from_dsdt(struct mmio_window *w, int max)
{
	uint32_t len = 0;
	const uint8_t *dsdt = kvm_acpi_table("DSDT", &len);
	static const char hid[] = "LNRO0005";
	const uint8_t *p, *end;
	int n = 0;

	if (!dsdt)
		return -1;
	end = dsdt + len;
	for (p = dsdt + 36; p + sizeof(hid) < end && n < max; p++) {
		const uint8_t *q, *stop;
		uint64_t base = 0;
		int irq = -1;

		/* the first byte inline: a call per byte is slow emulated */
		if (p[0] != hid[0] || memcmp(p, hid, sizeof(hid) - 1))
			continue;
		stop = UK_MIN(p + 256, end);
		for (q = p + 8; q + 12 <= stop; q++) {
			if (q[0] == hid[0] && !memcmp(q, hid, sizeof(hid) - 1))
				break;
			if (q[0] == 0x86 && q[1] == 0x09 && q[2] == 0x00) {
				uint32_t b;

				memcpy(&b, q + 4, 4);
				base = b;
			} else if (base && q[0] == 0x89 && q[3] & 1 &&
				   q[4] >= 1) {
				uint32_t i;

				memcpy(&i, q + 5, 4);
				irq = i;
				w[n].irq_flags = ((q[3] & 2) ? UK_IRQ_EDGE : UK_IRQ_LEVEL) |
						 ((q[3] & 4) ? UK_IRQ_ACTIVE_LOW : 0);
				break;
			}
		}
		if (base && irq >= 0) {
			w[n].base = base;
			w[n].irq = irq;
			n++;
		}
		p += 8;
	}
	return n;
}

static int virtio_mmio_scan(void)
{
	static struct mmio_window w[MAX_DEVS];
	int i, n;

	if (ncmdline) {
		for (i = 0; i < ncmdline; i++)
			probe(from_cmdline[i].base, from_cmdline[i].irq,
			      UK_IRQ_LEVEL | UK_IRQ_ACTIVE_HIGH);
		return 0;
	}
	n = from_dsdt(w, MAX_DEVS);
	if (n > 0) {
		/* QEMU fills the top slots first: probe from the top down so
		 * devices get the order they were given on the command line. */
		for (i = n - 1; i >= 0; i--)
			probe(w[i].base, w[i].irq, w[i].irq_flags);
		return 0;
	}
	if (n < 0 && kvm_pci_present())
		return 0;	/* a PC without ACPI: no virtio-mmio here */
	/* microvm without ACPI: 8 slots, interrupts 5..12, level-triggered. */
	for (i = 7; i >= 0; i--)
		probe(MICROVM_MMIO_BASE + i * MICROVM_MMIO_STRIDE, 5 + i,
		      UK_IRQ_LEVEL | UK_IRQ_ACTIVE_HIGH);
	return 0;
}
UK_INIT_BUS(virtio_mmio_scan);
