/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's operating-system layer on uksched (private to lib/uknet):
 * semaphores, mutexes, mailboxes, threads; the core lock; critical
 * sections by masking interrupts (one CPU).  See sys_arch.c.
 */
#ifndef __UKNET_LWIP_ARCH_SYS_ARCH_H__
#define __UKNET_LWIP_ARCH_SYS_ARCH_H__

#include <stdint.h>
#include <uk/semaphore.h>
#include <uk/mutex.h>
#include <uk/wait.h>
#include <uk/arch/irq.h>

struct uk_thread;

typedef struct {
	struct uk_semaphore sem;
	int valid;
} sys_sem_t;

typedef struct {
	struct uk_mutex mtx;
	int valid;
} sys_mutex_t;

/* A bounded ring of messages; waiters sleep on the two wait queues. */
typedef struct {
	void **msgs;
	unsigned int size, head, count;
	struct uk_waitq readers, writers;
	int valid;
} sys_mbox_t;

typedef struct uk_thread *sys_thread_t;
typedef unsigned long sys_prot_t;

#define sys_sem_valid(s)		((s)->valid)
#define sys_sem_set_invalid(s)		((s)->valid = 0)
#define sys_mutex_valid(m)		((m)->valid)
#define sys_mutex_set_invalid(m)	((m)->valid = 0)
#define sys_mbox_valid(m)		((m)->valid)
#define sys_mbox_set_invalid(m)		((m)->valid = 0)

/* Critical sections: interrupts off (drivers' handlers only signal). */
#define SYS_ARCH_DECL_PROTECT(lev)	sys_prot_t lev
#define SYS_ARCH_PROTECT(lev)		((lev) = uk_irq_save())
#define SYS_ARCH_UNPROTECT(lev)		uk_irq_restore(lev)

/*
 * The core lock (LWIP_TCPIP_CORE_LOCKING): every call into lwIP's raw
 * API holds it.  Unlocking first sends the frames queued meanwhile
 * (one device notification per batch, see netif.c).
 */
void uk_lwip_core_lock(void);
void uk_lwip_core_unlock(void);
int uk_lwip_core_locked(void);
#define LOCK_TCPIP_CORE()		uk_lwip_core_lock()
#define UNLOCK_TCPIP_CORE()		uk_lwip_core_unlock()

#endif
