/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's operating-system layer on uksched: semaphores, mutexes,
 * mailboxes with timeouts, threads, time; the core lock; memory from
 * ukalloc (with optional fault injection); random numbers.
 *
 * Mailboxes are rings guarded by masking interrupts, which on one CPU
 * also keeps a preemptive scheduler out; waiters sleep on wait queues.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/plat/time.h>
#include <uk/arch/cpu.h>
#if CONFIG_LIBUKNET_FAULT_INJECT
#include <uk/libparam.h>
#endif
#include "lwip/opt.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"
#include "uknet.h"

#define NS_PER_MS 1000000ULL

void sys_init(void)
{
}

u32_t sys_now(void)
{
	return (u32_t)(uk_plat_monotonic_ns() / NS_PER_MS);
}

u32_t sys_jiffies(void)
{
	return sys_now();
}

/* Milliseconds since start_ns, kept below SYS_ARCH_TIMEOUT. */
static u32_t ms_since(uint64_t start_ns)
{
	uint64_t ms = (uk_plat_monotonic_ns() - start_ns) / NS_PER_MS;

	return ms >= SYS_ARCH_TIMEOUT ? SYS_ARCH_TIMEOUT - 1 : (u32_t)ms;
}

static uint64_t deadline_of(uint64_t start_ns, u32_t timeout_ms)
{
	return timeout_ms ? start_ns + timeout_ms * NS_PER_MS : 0;
}

/* --- semaphores ---------------------------------------------------------- */

err_t sys_sem_new(sys_sem_t *s, u8_t count)
{
	uk_semaphore_init(&s->sem, count);
	s->valid = 1;
	return ERR_OK;
}

void sys_sem_signal(sys_sem_t *s)
{
	uk_semaphore_up(&s->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *s, u32_t timeout)
{
	uint64_t start = uk_plat_monotonic_ns();

	if (uk_semaphore_down_until(&s->sem, deadline_of(start, timeout)))
		return SYS_ARCH_TIMEOUT;
	return ms_since(start);
}

void sys_sem_free(sys_sem_t *s)
{
	s->valid = 0;
}

/* --- mutexes ------------------------------------------------------------- */

err_t sys_mutex_new(sys_mutex_t *m)
{
	uk_mutex_init(&m->mtx, 0);
	m->valid = 1;
	return ERR_OK;
}

void sys_mutex_lock(sys_mutex_t *m)
{
	uk_mutex_lock(&m->mtx);
}

void sys_mutex_unlock(sys_mutex_t *m)
{
	uk_mutex_unlock(&m->mtx);
}

void sys_mutex_free(sys_mutex_t *m)
{
	m->valid = 0;
}

/* --- mailboxes ----------------------------------------------------------- */

err_t sys_mbox_new(sys_mbox_t *mb, int size)
{
	if (size <= 0)
		size = 32;
	mb->msgs = uk_calloc(size, sizeof(void *));
	if (!mb->msgs)
		return ERR_MEM;
	mb->size = size;
	mb->head = 0;
	mb->count = 0;
	uk_waitq_init(&mb->readers);
	uk_waitq_init(&mb->writers);
	mb->valid = 1;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mb)
{
	if (mb->count)
		uk_pr_warn("lwIP freed a mailbox with %u messages in it\n",
			   mb->count);
	uk_free(mb->msgs);
	mb->msgs = NULL;
	mb->valid = 0;
}

/* Interrupts off, room in the ring. */
static void mbox_put(sys_mbox_t *mb, void *msg)
{
	mb->msgs[(mb->head + mb->count) % mb->size] = msg;
	mb->count++;
	uk_waitq_wake_one(&mb->readers);
}

/* Interrupts off, a message in the ring. */
static void *mbox_get(sys_mbox_t *mb)
{
	void *msg = mb->msgs[mb->head];

	mb->head = (mb->head + 1) % mb->size;
	mb->count--;
	uk_waitq_wake_one(&mb->writers);
	return msg;
}

void sys_mbox_post(sys_mbox_t *mb, void *msg)
{
	unsigned long f = uk_irq_save();

	while (mb->count == mb->size)
		uk_waitq_wait(&mb->writers, 0);
	mbox_put(mb, msg);
	uk_irq_restore(f);
}

err_t sys_mbox_trypost(sys_mbox_t *mb, void *msg)
{
	unsigned long f = uk_irq_save();
	err_t rc = ERR_MEM;

	if (mb->count < mb->size) {
		mbox_put(mb, msg);
		rc = ERR_OK;
	}
	uk_irq_restore(f);
	return rc;
}

/* Interrupt handlers may post: nothing above blocks or allocates. */
err_t sys_mbox_trypost_fromisr(sys_mbox_t *mb, void *msg)
{
	return sys_mbox_trypost(mb, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mb, void **msg, u32_t timeout)
{
	uint64_t start = uk_plat_monotonic_ns();
	uint64_t deadline = deadline_of(start, timeout);
	unsigned long f = uk_irq_save();
	void *m;

	while (mb->count == 0) {
		if (uk_waitq_wait(&mb->readers, deadline) && mb->count == 0) {
			uk_irq_restore(f);
			return SYS_ARCH_TIMEOUT;
		}
	}
	m = mbox_get(mb);
	uk_irq_restore(f);
	if (msg)
		*msg = m;
	return ms_since(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mb, void **msg)
{
	unsigned long f = uk_irq_save();
	void *m;

	if (mb->count == 0) {
		uk_irq_restore(f);
		return SYS_MBOX_EMPTY;
	}
	m = mbox_get(mb);
	uk_irq_restore(f);
	if (msg)
		*msg = m;
	return 0;
}

/* --- threads ------------------------------------------------------------- */

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn fn, void *arg,
			    int stacksize, int prio)
{
	struct uk_thread *t;

	t = uk_thread_create(name, stacksize > 0 ? (size_t)stacksize : 0,
			     fn, arg);
	if (!t)
		uk_panic("lwIP: cannot create thread %s", name);
	uk_thread_detach(t);
	return t;
}

/* --- the core lock --------------------------------------------------------- */

void uk_lwip_core_lock(void)
{
	uk_mutex_lock(&lock_tcpip_core.mtx);
}

void uk_lwip_core_unlock(void)
{
	struct uk_net_pin *done;

	uk_netif_kick_all();
	done = uk_net_pins_take();
	uk_mutex_unlock(&lock_tcpip_core.mtx);
	if (uk_unlikely(done != NULL))
		uk_net_pins_release(done);
}

int uk_lwip_core_locked(void)
{
	return lock_tcpip_core.mtx.owner == uk_thread_current();
}

void uk_lwip_assert_core_locked(void)
{
	/* lwip_init() runs before tcpip_init() creates the lock. */
	if (lock_tcpip_core.valid && !uk_lwip_core_locked())
		uk_panic("lwIP called without the core lock (thread %s)",
			 uk_thread_current()->name);
}

/* --- memory ---------------------------------------------------------------- */

#if CONFIG_LIBUKNET_FAULT_INJECT
static long fail_every;
static unsigned long alloc_count;
UK_LIBPARAM_INT("uknet.failalloc", fail_every);

/* Nonzero when this allocation is to fail (test option). */
int uk_lwip_fault(void)
{
	return fail_every > 0 && ++alloc_count % (unsigned long)fail_every == 0;
}
#else
int uk_lwip_fault(void)
{
	return 0;
}
#endif

void *uk_lwip_malloc(size_t size)
{
	if (uk_lwip_fault())
		return NULL;
	return uk_malloc(size);
}

void *uk_lwip_calloc(size_t n, size_t size)
{
	if (uk_lwip_fault())
		return NULL;
	return uk_calloc(n, size);
}

void uk_lwip_free(void *p)
{
	uk_free(p);
}

/* --- random numbers ---------------------------------------------------------- */

/*
 * xorshift64*, seeded from the TSC at the first call: unpredictable
 * enough for sequence numbers and ports on a fresh VM, not a CSPRNG.
 */
static uint64_t rng_state;

uint32_t uk_lwip_rand(void)
{
	uint64_t x = rng_state;

	if (!x)
		x = x86_rdtsc() ^ 0x9e3779b97f4a7c15ULL ^
		    (uk_plat_monotonic_ns() << 17);
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return (uint32_t)((x * 0x2545f4914f6cdd1dULL) >> 32);
}
