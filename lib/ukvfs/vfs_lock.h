/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/ukvfs: locks.  With uksched they are mutexes; without it
 * (one thread) and in host unit tests they cost nothing.
 */
#ifndef __UKVFS_LOCK_H__
#define __UKVFS_LOCK_H__

#if CONFIG_LIBUKSCHED && !UK_HOST_TEST
#include <uk/mutex.h>

struct vfs_lock {
	struct uk_mutex m;
};

static inline void vfs_lock_init(struct vfs_lock *l)
{
	uk_mutex_init(&l->m, 1);
}

static inline void vfs_lock(struct vfs_lock *l)
{
	uk_mutex_lock(&l->m);
}

static inline void vfs_unlock(struct vfs_lock *l)
{
	uk_mutex_unlock(&l->m);
}
#else
struct vfs_lock {
	int unused;
};

static inline void vfs_lock_init(struct vfs_lock *l)
{
	(void)l;
}

static inline void vfs_lock(struct vfs_lock *l)
{
	(void)l;
}

static inline void vfs_unlock(struct vfs_lock *l)
{
	(void)l;
}
#endif

#endif /* __UKVFS_LOCK_H__ */
