/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xenbus device discovery and the frontend side of the state machine.
 * The device list comes from xenstore ("device/<type>/<id>", with the
 * backend's folder in "backend" and its domain in "backend-id"); every
 * string from there is bounded before we keep it.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/plat/time.h>
#include <uk/xen/xenstore.h>
#include <uk/xen/xenbus.h>
#include <xen/io/xenbus.h>
#include "xen.h"
#include "xs_wire.h"

#define MAX_DEVS	CONFIG_PLAT_XEN_XENBUS_MAXDEVS

static struct uk_xenbus_driver *drivers;
static struct uk_xenbus_dev devs[MAX_DEVS];
static int ndevs = -1;		/* -1: not scanned yet */
static char list[1024];		/* directory listings */

int uk_xenbus_driver_register(struct uk_xenbus_driver *drv)
{
	if (!drv || !drv->type || !drv->probe)
		return -EINVAL;
	drv->next = drivers;
	drivers = drv;
	return 0;
}

static struct uk_xenbus_driver *driver_for(const char *type)
{
	struct uk_xenbus_driver *d;

	for (d = drivers; d; d = d->next)
		if (!strcmp(d->type, type))
			return d;
	return NULL;
}

/* Fills dev from device/<type>/<id>; 0 or a negative errno. */
static int read_dev(struct uk_xenbus_dev *dev, const char *type,
		    const char *id)
{
	char path[96];
	unsigned long v;
	int rc;

	if (strlen(type) >= sizeof(dev->type))
		return -EINVAL;
	if (xs_parse_ulong(id, strlen(id), &v) || v > 0xffff)
		return -ENODEV;	/* not a device: "suspend/event-channel" */
	strcpy(dev->type, type);
	dev->id = v;
	uk_snprintf(dev->nodename, sizeof(dev->nodename), "device/%s/%s",
		    type, id);
	uk_snprintf(path, sizeof(path), "%s/backend", dev->nodename);
	rc = uk_xs_read(UK_XS_NO_TX, path, dev->otherend,
			sizeof(dev->otherend));
	if (rc < 0)
		return rc;
	uk_snprintf(path, sizeof(path), "%s/backend-id", dev->nodename);
	rc = uk_xs_read_ulong(UK_XS_NO_TX, path, &v);
	if (rc)
		return rc;
	if (v >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	dev->otherend_id = v;
	return 0;
}

int uk_xenbus_scan(void)
{
	/* Names of types, then of ids, are copied out of list before reuse. */
	char types[256], path[64];
	const char *t, *id;
	int ntypes, nids, i, j, rc;

	if (ndevs >= 0)
		return ndevs;
	ndevs = 0;
	ntypes = uk_xs_directory(UK_XS_NO_TX, "device", types, sizeof(types));
	if (ntypes == -ENOENT)
		return 0;		/* no devices at all */
	if (ntypes < 0) {
		uk_pr_err("xenbus: cannot list devices (%d)\n", ntypes);
		return ntypes;
	}
	for (i = 0, t = types; i < ntypes; i++, t += strlen(t) + 1) {
		if (strlen(t) > 16)
			continue;
		uk_snprintf(path, sizeof(path), "device/%s", t);
		nids = uk_xs_directory(UK_XS_NO_TX, path, list, sizeof(list));
		for (j = 0, id = list; j < nids; j++, id += strlen(id) + 1) {
			struct uk_xenbus_dev *dev;

			if (ndevs == MAX_DEVS) {
				uk_pr_warn("xenbus: more than %d devices;"
					   " ignoring %s/%s\n", MAX_DEVS, t, id);
				continue;
			}
			dev = &devs[ndevs];
			memset(dev, 0, sizeof(*dev));
			rc = read_dev(dev, t, id);
			if (rc == -ENODEV)
				continue;
			if (rc) {
				uk_pr_warn("xenbus: device/%s/%s unusable (%d)\n",
					   t, id, rc);
				continue;
			}
			ndevs++;
		}
	}
	for (i = 0; i < ndevs; i++) {
		struct uk_xenbus_driver *drv = driver_for(devs[i].type);

		if (!drv)
			continue;
		rc = drv->probe(&devs[i]);
		if (rc)
			uk_pr_err("xenbus: %s: probe failed (%d)\n",
				  devs[i].nodename, rc);
		else
			devs[i].drv = drv;
	}
	return ndevs;
}

struct uk_xenbus_dev *uk_xenbus_dev_get(int i)
{
	if (i < 0 || i >= ndevs)
		return NULL;
	return &devs[i];
}

int uk_xenbus_switch_state(struct uk_xenbus_dev *dev, int state)
{
	char path[64];

	uk_snprintf(path, sizeof(path), "%s/state", dev->nodename);
	return uk_xs_printf(UK_XS_NO_TX, path, "%d", state);
}

int uk_xenbus_read_state(const char *path)
{
	unsigned long v;
	int rc = uk_xs_read_ulong(UK_XS_NO_TX, path, &v);

	if (rc)
		return rc;
	return v > XenbusStateReconfigured ? -EPROTO : (int)v;
}

int uk_xenbus_wait_otherend(struct uk_xenbus_dev *dev, int state,
			    uint64_t timeout_ns)
{
	struct uk_xs_watch w = { .fn = NULL };	/* removed before we return */
	char path[sizeof(dev->otherend) + 8];
	uint64_t end = uk_plat_monotonic_ns() + timeout_ns;
	int rc, st;

	uk_snprintf(path, sizeof(path), "%s/state", dev->otherend);
	rc = uk_xs_watch_add(&w, path);
	if (rc)
		return rc;
	for (;;) {
		uint64_t now;

		st = uk_xenbus_read_state(path);
		if (st == state) {
			rc = 0;
			break;
		}
		if (st == XenbusStateClosing || st == XenbusStateClosed) {
			rc = -ENODEV;
			break;
		}
		now = uk_plat_monotonic_ns();
		if (now >= end) {
			rc = -ETIMEDOUT;
			break;
		}
		rc = uk_xs_watch_wait(&w, end - now);
		if (rc)
			break;
	}
	uk_xs_watch_remove(&w);
	return rc;
}

static int xenbus_init(void)
{
	UK_BUILD_BUG_ON(UK_XENBUS_INITWAIT != XenbusStateInitWait ||
			UK_XENBUS_INITIALISED != XenbusStateInitialised ||
			UK_XENBUS_CONNECTED != XenbusStateConnected ||
			UK_XENBUS_CLOSING != XenbusStateClosing ||
			UK_XENBUS_CLOSED != XenbusStateClosed);

	/* Nobody would use the devices without a driver: don't look. */
	if (drivers)
		uk_xenbus_scan();	/* errors are reported; boot goes on */
	return 0;
}
UK_INIT_BUS(xenbus_init);
