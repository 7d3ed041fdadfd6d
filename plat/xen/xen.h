/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to plat/xen: hypercalls and the interfaces between its files.
 * Includes Xen's public headers (libxen-dev), which only plat/xen's
 * sources can see (Makefile.uk).
 */
#ifndef __PLAT_XEN_XEN_H__
#define __PLAT_XEN_XEN_H__

#include <stddef.h>
#include <stdint.h>
#include <uk/arch/io.h>

/* Xen's ring macros (xen/io/ring.h) expect the includer's barriers. */
#define xen_mb()	uk_mb()
#define xen_rmb()	uk_rmb()
#define xen_wmb()	uk_wmb()

#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/memory.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <xen/grant_table.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>

/* --- hypercalls (hypervisor.c fills the page) --------------------------- */

/* Xen writes one 32-byte stub per hypercall number into this page. */
extern char xen_hypercall_page[4096];

/*
 * x86_64 convention: number selects the stub; arguments in rdi, rsi,
 * rdx, r10, r8; result in rax; the stubs clobber rcx and r11, and Xen may
 * change the argument registers.
 */
static inline long xen_hypercall(unsigned int op, unsigned long a1,
				 unsigned long a2, unsigned long a3,
				 unsigned long a4, unsigned long a5)
{
	register unsigned long rdi __asm__("rdi") = a1;
	register unsigned long rsi __asm__("rsi") = a2;
	register unsigned long rdx __asm__("rdx") = a3;
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long r8 __asm__("r8") = a5;
	long ret;

	__asm__ __volatile__("call *%[stub]"
			     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx),
			       "+r"(r10), "+r"(r8)
			     : [stub] "r"(xen_hypercall_page + op * 32)
			     : "memory", "rcx", "r11");
	return ret;
}

static inline long xen_hc_sched_op(int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_sched_op, cmd, (unsigned long)arg,
			     0, 0, 0);
}

static inline long xen_hc_event_channel_op(int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_event_channel_op, cmd,
			     (unsigned long)arg, 0, 0, 0);
}

static inline long xen_hc_memory_op(unsigned int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg,
			     0, 0, 0);
}

static inline long xen_hc_hvm_op(int op, void *arg)
{
	return xen_hypercall(__HYPERVISOR_hvm_op, op, (unsigned long)arg,
			     0, 0, 0);
}

static inline long xen_hc_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return xen_hypercall(__HYPERVISOR_vcpu_op, cmd, vcpu,
			     (unsigned long)arg, 0, 0);
}

static inline long xen_hc_grant_table_op(unsigned int cmd, void *arg,
					 unsigned int count)
{
	return xen_hypercall(__HYPERVISOR_grant_table_op, cmd,
			     (unsigned long)arg, count, 0, 0);
}

static inline long xen_hc_xen_version(int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_xen_version, cmd,
			     (unsigned long)arg, 0, 0, 0);
}

/* --- hypervisor.c ------------------------------------------------------- */

/*
 * Hypercalls fail with Xen's errno values (<xen/errno.h>: Linux's x86
 * numbers), which are not the image's when it is built with newlib.
 * Every error a hypercall returns to a caller outside plat/xen goes
 * through this: rc < 0 becomes the image's -errno (-EIO for values we
 * do not know), anything else is returned as it is.
 */
long xen_errno(long rc);

/*
 * Finds Xen's CPUID leaves and has Xen fill the hypercall page.  Returns
 * 0, or -1 when we do not run on Xen (nothing else in plat/xen works then).
 */
int xen_hypervisor_init(void);
/* HVM parameters (HVM_PARAM_*): 0 or a negative Xen errno. */
int xen_hvm_get_param(unsigned int idx, uint64_t *val);
int xen_hvm_set_param(unsigned int idx, uint64_t val);
/* Maps the shared info page into our memory (xen_shared_info). */
void xen_shared_info_init(void);
extern struct shared_info *xen_shared_info;
/* Xen's major << 16 | minor, read at init. */
extern unsigned long xen_version;
/* Set once the hypercall page is filled (until then it traps). */
extern int xen_hypercalls_ready;

/* --- console.c ---------------------------------------------------------- */
void xen_console_early_write(const char *buf, size_t len);	/* port 0xe9 */
/* Connects the PV console ring; output before this went to port 0xe9. */
void xen_console_init(void);
/* Waits (bounded) until the console daemon has read everything. */
void xen_console_flush(void);

/* --- bootinfo.c (memory regions: plat/common) ------------------------ */
void xen_bootinfo_parse(uint32_t magic, uint32_t info);

/* --- evtchn.c ----------------------------------------------------------- */
/* Routes event channel upcalls to our interrupt vector. */
void xen_evtchn_init(void);
/* Clears port's pending bit (before checking what it signals). */
void xen_evtchn_clear(evtchn_port_t port);
/*
 * Blocks the vCPU until port is pending or Xen system time reaches
 * deadline (0: no limit).  Works with interrupts off: the caller clears
 * the port, checks its condition, then polls, so no event is missed.
 */
void xen_evtchn_poll(evtchn_port_t port, uint64_t deadline);

/* --- shutdown.c --------------------------------------------------------- */
/*
 * Carries out a shutdown the toolstack asked for (control/shutdown), if
 * one came.  Thread context (the idle CPU, uk_plat_halt): it reads
 * xenstore, and does not return when the domain shuts down.
 */
#if CONFIG_PLAT_XEN_SHUTDOWN_WATCH
void xen_shutdown_check(void);
#else
static inline void xen_shutdown_check(void) {}
#endif

/* --- time.c ------------------------------------------------------------- */
/* Xen system time: nanoseconds since the host booted (pvclock). */
uint64_t xen_system_time(void);
void xen_time_init(void);


#endif
