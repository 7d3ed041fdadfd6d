/* SPDX-License-Identifier: BSD-3-Clause */
/* The 9P transports the drivers found, by mount tag. */
#include <string.h>
#include <uk/print.h>
#include <uk/9pdev.h>

static UK_LIST_HEAD(devs);

int uk_9pdev_register(struct uk_9pdev *dev)
{
	uk_list_add_tail(&dev->list, &devs);
	uk_pr_info("9p: share '%s' on %s\n", dev->tag, dev->name);
	return 0;
}

struct uk_9pdev *uk_9pdev_find(const char *tag)
{
	struct uk_list_head *p;

	uk_list_for_each(p, &devs) {
		struct uk_9pdev *d = uk_list_entry(p, struct uk_9pdev, list);

		if (!strcmp(d->tag, tag))
			return d;
	}
	return NULL;
}
