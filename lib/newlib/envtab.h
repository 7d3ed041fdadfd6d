/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/newlib: the boot environment table (envtab.c). */
#ifndef __NEWLIB_ENVTAB_H__
#define __NEWLIB_ENVTAB_H__

#include <stddef.h>

/*
 * Adds entry ("NAME=VALUE", kept by pointer) to tab, a NULL-terminated
 * array with room for max entries plus the NULL, replacing an entry with
 * the same NAME.  Returns 0, -EINVAL when entry has no '=' or an empty
 * NAME, -ENOSPC when tab is full.
 */
int uk_envtab_set(char **tab, size_t max, char *entry);

#endif /* __NEWLIB_ENVTAB_H__ */
