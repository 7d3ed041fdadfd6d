/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The boot environment table: "NAME=VALUE" strings from the command line
 * (env.c).  Pure logic, unit-tested on the host (test_newlib_env.c).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "envtab.h"

int uk_envtab_set(char **tab, size_t max, char *entry)
{
	const char *eq = strchr(entry, '=');
	size_t namelen, i;

	if (!eq || eq == entry)
		return -EINVAL;
	namelen = (size_t)(eq - entry) + 1;	/* with the '=' */
	for (i = 0; tab[i]; i++) {
		if (!strncmp(tab[i], entry, namelen)) {
			tab[i] = entry;	/* a later setting wins */
			return 0;
		}
	}
	if (i >= max)
		return -ENOSPC;
	tab[i] = entry;
	tab[i + 1] = NULL;
	return 0;
}
