/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's locks: the one place where the C library meets uksched.
 *
 * newlib is built with --enable-newlib-retargetable-locking: it locks its
 * shared state (the list of FILEs, each FILE, atexit's list, the
 * environment, the time zone...) through the functions and static lock
 * objects below.  (Its own no-op versions are deleted from libc.a at
 * build time, so none can be mixed in.)
 *
 * With uksched, a lock is a uk_mutex (recursive for the *_recursive
 * functions).  Without it there is one thread and nothing to exclude.
 */
#include <stddef.h>
#include <sys/lock.h>
#if CONFIG_LIBUKSCHED
#include <uk/alloc.h>
#include <uk/mutex.h>

struct __lock {
	struct uk_mutex m;
};

#define LOCK(name, rec) \
	struct __lock name = { { NULL, 0, rec, UK_WAITQ_INIT(name.m.wq) } }
#else
struct __lock {
	char unused;
};

#define LOCK(name, rec) struct __lock name
#endif

LOCK(__lock___sinit_recursive_mutex, 1);
LOCK(__lock___sfp_recursive_mutex, 1);
LOCK(__lock___atexit_recursive_mutex, 1);
LOCK(__lock___at_quick_exit_mutex, 0);
LOCK(__lock___malloc_recursive_mutex, 1);
LOCK(__lock___env_recursive_mutex, 1);
LOCK(__lock___tz_mutex, 0);
LOCK(__lock___dd_hash_mutex, 0);
LOCK(__lock___arc4random_mutex, 0);

#if CONFIG_LIBUKSCHED
static void lock_new(_LOCK_T *lock, int recursive)
{
	*lock = uk_malloc(sizeof(**lock));
	if (*lock)
		uk_mutex_init(&(*lock)->m, recursive);
	/* No memory: a NULL lock does nothing (as without threads). */
}

void __retarget_lock_init(_LOCK_T *lock)
{
	lock_new(lock, 0);
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	lock_new(lock, 1);
}

void __retarget_lock_close(_LOCK_T lock)
{
	uk_free(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	uk_free(lock);
}

void __retarget_lock_acquire(_LOCK_T lock)
{
	if (lock)
		uk_mutex_lock(&lock->m);
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
	if (lock)
		uk_mutex_lock(&lock->m);
}

/* 0: acquired (ftrylockfile() returns this as is, and POSIX says 0) */
int __retarget_lock_try_acquire(_LOCK_T lock)
{
	return lock ? -uk_mutex_trylock(&lock->m) : 0;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	return lock ? -uk_mutex_trylock(&lock->m) : 0;
}

void __retarget_lock_release(_LOCK_T lock)
{
	if (lock)
		uk_mutex_unlock(&lock->m);
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
	if (lock)
		uk_mutex_unlock(&lock->m);
}

#else /* !CONFIG_LIBUKSCHED */

void __retarget_lock_init(_LOCK_T *lock)
{
	*lock = NULL;
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	*lock = NULL;
}

void __retarget_lock_close(_LOCK_T lock)
{
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
}

void __retarget_lock_acquire(_LOCK_T lock)
{
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
	return 0;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	return 0;
}

void __retarget_lock_release(_LOCK_T lock)
{
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
}
#endif
