/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Library options from the kernel command line: "name=value" before "--"
 * (or anywhere, when the name is a registered option and there is no
 * "--").  A library declares what it accepts; ukboot sets the values before
 * any init function runs:
 *
 *   static const char *rootfs = "9pfs";
 *   UK_LIBPARAM_STR("vfs.rootfs", rootfs);
 *   static int vfs_mount(const char *value);   // repeatable options
 *   UK_LIBPARAM_FN("vfs.mount", vfs_mount);
 */
#ifndef __UK_LIBPARAM_H__
#define __UK_LIBPARAM_H__

#include <uk/essentials.h>

enum uk_libparam_type {
	UK_LIBPARAM_T_STR,	/* const char **: points into the command line */
	UK_LIBPARAM_T_INT,	/* long * */
	UK_LIBPARAM_T_BOOL,	/* int *: 1/0, yes/no, on/off, true/false */
	UK_LIBPARAM_T_FN,	/* int (*)(const char *value): 0 or -errno */
};

struct uk_libparam {
	const char *name;
	enum uk_libparam_type type;
	void *ptr;
};

#define __UK_LIBPARAM(n, t, p)						\
	static const struct uk_libparam					\
	UK_CONCAT(__uk_libparam_, __LINE__) __uk_used			\
	__uk_section(".uk_libparam") __uk_aligned(sizeof(void *)) =	\
		{ n, t, (void *)(p) }

#define UK_LIBPARAM_STR(name, var)  __UK_LIBPARAM(name, UK_LIBPARAM_T_STR, &(var))
#define UK_LIBPARAM_INT(name, var)  __UK_LIBPARAM(name, UK_LIBPARAM_T_INT, &(var))
#define UK_LIBPARAM_BOOL(name, var) __UK_LIBPARAM(name, UK_LIBPARAM_T_BOOL, &(var))
#define UK_LIBPARAM_FN(name, fn)    __UK_LIBPARAM(name, UK_LIBPARAM_T_FN, fn)

extern const struct uk_libparam __uk_libparam_start[], __uk_libparam_end[];

/* Finds the declaration for "name=..." (name ends at '=' or NUL). */
const struct uk_libparam *uk_libparam_find(const struct uk_libparam *start,
					   const struct uk_libparam *end,
					   const char *opt);

/* Applies "name=value" to p.  Returns 0 or a negative errno. */
int uk_libparam_set(const struct uk_libparam *p, const char *value);

#endif
