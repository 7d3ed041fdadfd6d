/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX threads over uksched.  pthread_t is the uk_thread; mutexes and
 * condition variables are uk_mutex and uk_condvar laid out inline in the
 * POSIX types (checked below), set up lazily so that the static
 * initializers need no allocation.  Functions return an error number, as
 * POSIX says, never -1/errno.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/mutex.h>
#include <uk/condvar.h>
#include <uk/plat/time.h>
#include <uk/arch/irq.h>

UK_BUILD_BUG_ON(offsetof(pthread_mutex_t, __owner) != offsetof(struct uk_mutex, owner));
UK_BUILD_BUG_ON(offsetof(pthread_mutex_t, __depth) != offsetof(struct uk_mutex, depth));
UK_BUILD_BUG_ON(offsetof(pthread_mutex_t, __recursive) != offsetof(struct uk_mutex, recursive));
UK_BUILD_BUG_ON(offsetof(pthread_mutex_t, __wq_next) != offsetof(struct uk_mutex, wq));
UK_BUILD_BUG_ON(sizeof(struct uk_mutex) > offsetof(pthread_mutex_t, __type));
UK_BUILD_BUG_ON(offsetof(pthread_cond_t, __wq_next) != offsetof(struct uk_condvar, wq));
UK_BUILD_BUG_ON(sizeof(struct uk_condvar) > offsetof(pthread_cond_t, __clock));

#define KEYS_MAX		UK_THREAD_KEYS_MAX
#define DESTRUCTOR_ROUNDS	4

/* --- threads ------------------------------------------------------------ */
struct start {
	void *(*fn)(void *);
	void *arg;
};

static struct {
	int used;
	void (*destructor)(void *);
} keys[KEYS_MAX];

static void run_key_destructors(struct uk_thread *t)
{
	int round, k, again = 1;

	for (round = 0; round < DESTRUCTOR_ROUNDS && again; round++) {
		again = 0;
		for (k = 0; k < KEYS_MAX; k++) {
			void *v = t->keys[k];

			if (!v || !keys[k].used || !keys[k].destructor)
				continue;
			t->keys[k] = NULL;
			keys[k].destructor(v);
			again = 1;
		}
	}
}

void pthread_exit(void *retval)
{
	run_key_destructors(uk_thread_current());
	uk_thread_exit(retval);
}

static void trampoline(void *p)
{
	struct start s = *(struct start *)p;

	uk_free(p);
	pthread_exit(s.fn(s.arg));
}

int pthread_create(pthread_t *t, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	struct start *s = uk_malloc(sizeof(*s));
	struct uk_thread *th;

	if (!s)
		return EAGAIN;
	s->fn = fn;
	s->arg = arg;
	th = uk_thread_create("pthread", attr ? attr->stacksize : 0,
			      trampoline, s);
	if (!th) {
		uk_free(s);
		return EAGAIN;
	}
	if (attr && attr->detachstate == PTHREAD_CREATE_DETACHED)
		uk_thread_detach(th);
	*t = th;
	return 0;
}

int pthread_join(pthread_t t, void **retval)
{
	if (t == uk_thread_current())
		return EDEADLK;
	return uk_thread_join(t, retval) ? EINVAL : 0;
}

int pthread_detach(pthread_t t)
{
	return uk_thread_detach(t) ? EINVAL : 0;
}

pthread_t pthread_self(void)
{
	return uk_thread_current();
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

int pthread_setname_np(pthread_t t, const char *name)
{
	strncpy(t->name, name, sizeof(t->name) - 1);
	t->name[sizeof(t->name) - 1] = '\0';
	return 0;
}

int sched_yield(void)
{
	uk_sched_yield();
	return 0;
}

/* --- attributes -------------------------------------------------------- */
int pthread_attr_init(pthread_attr_t *a)
{
	a->is_initialized = 1;
	a->stacksize = 0;	/* the Kconfig default */
	a->detachstate = PTHREAD_CREATE_JOINABLE;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a)
{
	a->is_initialized = 0;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	a->stacksize = size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	*size = a->stacksize ? a->stacksize :
		(size_t)CONFIG_LIBUKSCHED_STACK_SIZE_KB * 1024;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
	if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	a->detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	*state = a->detachstate;
	return 0;
}

/* --- time -------------------------------------------------------------- */
/* An absolute time on clock -> a monotonic deadline (never 0). */
static uint64_t deadline_of(const struct timespec *abs, int clock)
{
	uint64_t now_mono = uk_plat_monotonic_ns();
	int64_t now = clock == CLOCK_MONOTONIC ? (int64_t)now_mono :
		      (int64_t)uk_plat_wall_ns();
	int64_t when = (int64_t)abs->tv_sec * 1000000000LL + abs->tv_nsec;

	if (when <= now)
		return now_mono ? now_mono : 1;
	return now_mono + (uint64_t)(when - now);
}

/* --- mutexes ----------------------------------------------------------- */
static struct uk_mutex *mutex_of(pthread_mutex_t *m)
{
	struct uk_mutex *um = (struct uk_mutex *)m;

	if (uk_unlikely(!m->__wq_next)) {
		unsigned long f = uk_irq_save();

		if (!m->__wq_next)
			uk_waitq_init(&um->wq);
		uk_irq_restore(f);
	}
	return um;
}

int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	a->is_initialized = 1;
	a->type = PTHREAD_MUTEX_DEFAULT;
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
	a->is_initialized = 0;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ERRORCHECK)
		return EINVAL;
	a->type = type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	*type = a->type;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	int type = a ? a->type : PTHREAD_MUTEX_DEFAULT;

	uk_mutex_init((struct uk_mutex *)m, type == PTHREAD_MUTEX_RECURSIVE);
	m->__type = type;
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return m->__owner ? EBUSY : 0;
}

static int relock(pthread_mutex_t *m)
{
	/* The caller holds it already and it is not recursive. */
	if (m->__type == PTHREAD_MUTEX_ERRORCHECK)
		return EDEADLK;
	return -1;	/* NORMAL: a deadlock; uk_mutex_lock reports it */
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	struct uk_mutex *um = mutex_of(m);

	if (m->__type != PTHREAD_MUTEX_RECURSIVE &&
	    um->owner == uk_thread_current() && relock(m) > 0)
		return EDEADLK;
	uk_mutex_lock(um);
	return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	return uk_mutex_trylock(mutex_of(m)) ? EBUSY : 0;
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abs)
{
	struct uk_mutex *um = mutex_of(m);

	if (m->__type != PTHREAD_MUTEX_RECURSIVE &&
	    um->owner == uk_thread_current())
		return m->__type == PTHREAD_MUTEX_ERRORCHECK ? EDEADLK : ETIMEDOUT;
	return uk_mutex_lock_until(um, deadline_of(abs, CLOCK_REALTIME)) ?
		ETIMEDOUT : 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	return uk_mutex_unlock(mutex_of(m)) ? EPERM : 0;
}

/* --- condition variables ---------------------------------------------- */
static struct uk_condvar *cond_of(pthread_cond_t *c)
{
	struct uk_condvar *uc = (struct uk_condvar *)c;

	if (uk_unlikely(!c->__wq_next)) {
		unsigned long f = uk_irq_save();

		if (!c->__wq_next)
			uk_condvar_init(uc);
		uk_irq_restore(f);
	}
	return uc;
}

int pthread_condattr_init(pthread_condattr_t *a)
{
	a->is_initialized = 1;
	a->clock = CLOCK_REALTIME;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *a)
{
	a->is_initialized = 0;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	a->clock = clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clock)
{
	*clock = a->clock;
	return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	uk_condvar_init((struct uk_condvar *)c);
	c->__clock = a ? a->clock : CLOCK_REALTIME;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	return 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (m->__owner != uk_thread_current())
		return EPERM;
	uk_condvar_wait(cond_of(c), mutex_of(m));
	return 0;
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
			   const struct timespec *abs)
{
	if (m->__owner != uk_thread_current())
		return EPERM;
	if (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000L)
		return EINVAL;
	return uk_condvar_wait_until(cond_of(c), mutex_of(m),
				     deadline_of(abs, c->__clock)) ?
		ETIMEDOUT : 0;
}

int pthread_cond_signal(pthread_cond_t *c)
{
	uk_condvar_signal(cond_of(c));
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	uk_condvar_broadcast(cond_of(c));
	return 0;
}

/* --- once and keys ----------------------------------------------------- */
int pthread_once(pthread_once_t *o, void (*fn)(void))
{
	/* init_executed: 0 not yet, 1 running, 2 done.  Cooperative
	 * scheduling: another caller waits by yielding until it is done. */
	unsigned long f = uk_irq_save();

	if (o->init_executed == 0) {
		o->init_executed = 1;
		uk_irq_restore(f);
		fn();
		o->init_executed = 2;
		return 0;
	}
	uk_irq_restore(f);
	while (o->init_executed != 2)
		uk_sched_yield();
	return 0;
}

int pthread_key_create(pthread_key_t *k, void (*destructor)(void *))
{
	unsigned int i;

	for (i = 0; i < KEYS_MAX; i++) {
		if (!keys[i].used) {
			keys[i].used = 1;
			keys[i].destructor = destructor;
			*k = i;
			return 0;
		}
	}
	return EAGAIN;
}

int pthread_key_delete(pthread_key_t k)
{
	if (k >= KEYS_MAX || !keys[k].used)
		return EINVAL;
	keys[k].used = 0;
	keys[k].destructor = NULL;
	return 0;
}

void *pthread_getspecific(pthread_key_t k)
{
	return k < KEYS_MAX ? uk_thread_current()->keys[k] : NULL;
}

int pthread_setspecific(pthread_key_t k, const void *v)
{
	if (k >= KEYS_MAX || !keys[k].used)
		return EINVAL;
	uk_thread_current()->keys[k] = (void *)v;
	return 0;
}
