/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Init tables.  A library registers a function at a level; ukboot runs all
 * of them in level order before main().  The tables are linker sections
 * (.uk_inittab.<level><priority>, sorted by name), so no central list
 * names any library.  Within a level, a lower priority digit runs first
 * (default 5).  A function returns 0, or a negative errno to stop the boot.
 */
#ifndef __UK_INIT_H__
#define __UK_INIT_H__

#include <uk/essentials.h>

typedef int (*uk_init_func_t)(void);

struct uk_init_entry {
	uk_init_func_t fn;
	const char *name;
};

#define UK_INIT_LEVEL_EARLY	1
#define UK_INIT_LEVEL_PLAT	2
#define UK_INIT_LEVEL_BUS	3
#define UK_INIT_LEVEL_LIB	4
#define UK_INIT_LEVEL_ROOTFS	5
#define UK_INIT_LEVEL_SYS	6
#define UK_INIT_LEVEL_LATE	7

#define __UK_INIT(fn, lvl, prio)					\
	static const struct uk_init_entry				\
	UK_CONCAT(__uk_inittab_, fn) __uk_used				\
	__uk_section(".uk_inittab." UK_STRINGIFY(lvl) UK_STRINGIFY(prio)) \
	__uk_aligned(sizeof(void *)) = { fn, #fn }

#define UK_INIT_EARLY_PRIO(fn, p)	__UK_INIT(fn, 1, p)
#define UK_INIT_PLAT_PRIO(fn, p)	__UK_INIT(fn, 2, p)
#define UK_INIT_BUS_PRIO(fn, p)		__UK_INIT(fn, 3, p)
#define UK_INIT_LIB_PRIO(fn, p)		__UK_INIT(fn, 4, p)
#define UK_INIT_ROOTFS_PRIO(fn, p)	__UK_INIT(fn, 5, p)
#define UK_INIT_SYS_PRIO(fn, p)		__UK_INIT(fn, 6, p)
#define UK_INIT_LATE_PRIO(fn, p)	__UK_INIT(fn, 7, p)

#define UK_INIT_EARLY(fn)	UK_INIT_EARLY_PRIO(fn, 5)
#define UK_INIT_PLAT(fn)	UK_INIT_PLAT_PRIO(fn, 5)
#define UK_INIT_BUS(fn)		UK_INIT_BUS_PRIO(fn, 5)
#define UK_INIT_LIB(fn)		UK_INIT_LIB_PRIO(fn, 5)
#define UK_INIT_ROOTFS(fn)	UK_INIT_ROOTFS_PRIO(fn, 5)
#define UK_INIT_SYS(fn)		UK_INIT_SYS_PRIO(fn, 5)
#define UK_INIT_LATE(fn)	UK_INIT_LATE_PRIO(fn, 5)

extern const struct uk_init_entry __uk_inittab_start[], __uk_inittab_end[];

/*
 * Runs every entry in table order.  Returns 0, or the first error; *failed
 * then points at the entry that failed.
 */
int uk_init_run(const struct uk_init_entry *start,
		const struct uk_init_entry *end,
		const struct uk_init_entry **failed);

#endif
