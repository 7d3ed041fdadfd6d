/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX thread types for uksched.  Replaces newlib's header of the same
 * name (found first on the include path when uksched is selected), whose
 * types are 32-bit handles into tables we do not want: here a pthread_t
 * is the thread itself and the objects hold their state inline, so static
 * initializers work without any allocation.
 */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

#include <sys/types.h>

typedef struct uk_thread *pthread_t;

typedef struct {
	int is_initialized;
	size_t stacksize;
	int detachstate;
} pthread_attr_t;

/* A uk_mutex inline; a NULL wait-queue link means "not set up yet". */
typedef struct {
	void *__owner;
	unsigned int __depth;
	int __recursive;
	void *__wq_next, *__wq_prev;
	int __type;
} pthread_mutex_t;

typedef struct {
	int is_initialized;
	int type;
} pthread_mutexattr_t;

typedef struct {
	void *__wq_next, *__wq_prev;
	int __clock;
} pthread_cond_t;

typedef struct {
	int is_initialized;
	int clock;
} pthread_condattr_t;

typedef unsigned int pthread_key_t;

typedef struct {
	int is_initialized;
	int init_executed;
} pthread_once_t;

#define _PTHREAD_MUTEX_INITIALIZER { 0, 0, 0, 0, 0, 0 }
#define _PTHREAD_COND_INITIALIZER { 0, 0, 0 }
#define _PTHREAD_ONCE_INIT { 1, 0 }

#endif
