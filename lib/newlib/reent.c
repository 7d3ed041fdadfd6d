/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's per-thread state.  newlib (built with __DYNAMIC_REENT__) finds
 * errno, strtok's position, rand's seed, dtoa's buffers... through
 * __getreent().  Each thread's struct _reent lives in its TLS block, set
 * up on first use, so a thread that never calls into the C library never
 * pays for it.  With uksched, a thread's state is reclaimed when it ends.
 * stdin, stdout and stderr are global streams shared by all threads
 * (--enable-newlib-global-stdio-streams), locked by lock.c.
 */
#include <reent.h>
#include <uk/init.h>
#if CONFIG_LIBUKSCHED
#include <uk/sched.h>
#endif

static __thread struct _reent thread_reent;
static __thread int thread_reent_ready;

/* newlib's stdio set-up (findfp.c), not in its public headers. */
extern void __sinit(struct _reent *r);

struct _reent *__getreent(void)
{
	if (__builtin_expect(!thread_reent_ready, 0)) {
		_REENT_INIT_PTR(&thread_reent);
		thread_reent_ready = 1;
		/*
		 * The shared streams belong to the global state, whose
		 * clean-up exit() runs: set it up first, or a thread's own
		 * __sinit would register the clean-up in the thread's state
		 * and exit() would not flush stdout.
		 */
		if (!_GLOBAL_REENT->__sdidinit)
			__sinit(_GLOBAL_REENT);
	}
	return &thread_reent;
}

#if CONFIG_LIBUKSCHED
/* Runs in the ending thread, with its TLS still in place. */
static void reent_fini(struct uk_thread *t)
{
	if (thread_reent_ready) {
		_reclaim_reent(&thread_reent);
		thread_reent_ready = 0;
	}
}

static int reent_hook(void)
{
	uk_thread_fini_hook = reent_fini;
	return 0;
}
UK_INIT_LIB(reent_hook);
#endif
