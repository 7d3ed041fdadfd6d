/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xenbus: Xen's paravirtual devices, as the toolstack lists them in
 * xenstore under our domain's "device/<type>/<id>".  A driver (netfront
 * for "vif", 9pfront for "9pfs") registers for a type at the plat init
 * level; at the bus level every device found is handed to its driver's
 * probe.  A device and its backend (in dom0) connect through a state
 * machine: each writes its "state" key and watches the other's.
 */
#ifndef __UK_XEN_XENBUS_H__
#define __UK_XEN_XENBUS_H__

#include <stdint.h>

/* The states, as enum xenbus_state of <xen/io/xenbus.h> (checked in xenbus.c). */
#define UK_XENBUS_UNKNOWN	0
#define UK_XENBUS_INITIALISING	1
#define UK_XENBUS_INITWAIT	2	/* backend: waiting for the frontend's details */
#define UK_XENBUS_INITIALISED	3	/* frontend: details (rings, ports) written */
#define UK_XENBUS_CONNECTED	4
#define UK_XENBUS_CLOSING	5
#define UK_XENBUS_CLOSED	6

struct uk_xenbus_driver;

struct uk_xenbus_dev {
	char type[16];			/* "vif" */
	unsigned int id;		/* 0 */
	char nodename[48];		/* "device/vif/0" (ours) */
	char otherend[128];		/* the backend's folder */
	uint16_t otherend_id;		/* the backend's domain */
	struct uk_xenbus_driver *drv;	/* NULL: no driver for the type */
	void *priv;			/* the driver's */
};

struct uk_xenbus_driver {
	const char *type;
	/* Sets the device up; 0 or a negative errno (the device is skipped). */
	int (*probe)(struct uk_xenbus_dev *dev);
	struct uk_xenbus_driver *next;	/* private */
};

/* Adds drv; call it at UK_INIT_PLAT level (before devices are probed). */
int uk_xenbus_driver_register(struct uk_xenbus_driver *drv);

/*
 * Reads the device list from xenstore (once; later calls return the same
 * count) and probes the devices that have a driver.  Runs by itself at
 * the bus init level when a driver is registered.  Returns the number of
 * devices found, or a negative errno.
 */
int uk_xenbus_scan(void);

/* Device i (0 <= i < uk_xenbus_scan()), or NULL. */
struct uk_xenbus_dev *uk_xenbus_dev_get(int i);

/* Writes our side's state.  Returns 0 or a negative errno. */
int uk_xenbus_switch_state(struct uk_xenbus_dev *dev, int state);

/* Reads the state key at path ("<folder>/state"): the state or -errno. */
int uk_xenbus_read_state(const char *path);

/*
 * Waits until the backend's state is state, at most timeout_ns.  Returns
 * 0, -ENODEV if the backend closes instead, -ETIMEDOUT, or another
 * negative errno.
 */
int uk_xenbus_wait_otherend(struct uk_xenbus_dev *dev, int state,
			    uint64_t timeout_ns);

#endif
