/* SPDX-License-Identifier: BSD-3-Clause */
/* The list of network devices the drivers found. */
#include <errno.h>
#include <uk/print.h>
#include <uk/netdev.h>

#define MAX_NETDEVS 8

static struct uk_netdev *devs[MAX_NETDEVS];
static unsigned int ndevs;

int uk_netdev_register(struct uk_netdev *d)
{
	if (ndevs == MAX_NETDEVS)
		return -ENOSPC;
	d->index = ndevs;
	devs[ndevs++] = d;
	uk_pr_info("net%u: %s, MAC %02x:%02x:%02x:%02x:%02x:%02x\n", d->index,
		   d->name, d->mac[0], d->mac[1], d->mac[2], d->mac[3],
		   d->mac[4], d->mac[5]);
	return 0;
}

unsigned int uk_netdev_count(void)
{
	return ndevs;
}

struct uk_netdev *uk_netdev_get(unsigned int index)
{
	return index < ndevs ? devs[index] : NULL;
}
