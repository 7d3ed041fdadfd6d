/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform interface: clocks and the one-shot timer. */
#ifndef __UK_PLAT_TIME_H__
#define __UK_PLAT_TIME_H__

#include <stdint.h>

#define UK_NSEC_PER_SEC 1000000000ULL

/*
 * Nanoseconds since an arbitrary point at boot; never goes backwards.
 * The clock source (kvmclock, CPUID TSC frequency, or a TSC calibrated
 * once against a fixed-frequency timer) is set up on the first call.
 */
uint64_t uk_plat_monotonic_ns(void);

/* Nanoseconds since 1970-01-01 UTC, from the RTC or the hypervisor. */
uint64_t uk_plat_wall_ns(void);

/* TSC ticks per second (0 if the platform has no usable TSC). */
uint64_t uk_plat_tsc_hz(void);

/*
 * Arms the one-shot timer to raise its interrupt at monotonic time
 * deadline_ns (or at once if it has passed); the handler registered with
 * uk_plat_timer_handler() runs then.  A later call replaces the deadline.
 * deadline_ns == 0 disarms it.
 */
void uk_plat_timer_set(uint64_t deadline_ns);

/* Sets the function the timer interrupt calls (with interrupts off). */
void uk_plat_timer_handler(void (*fn)(void));

#endif
