/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <sched.h>: the C library's, plus sched_yield(), which newlib declares
 * only for targets with priority scheduling.
 */
#ifndef _UK_SCHED_H
#define _UK_SCHED_H

#if __has_include_next(<sched.h>)
#include_next <sched.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

int sched_yield(void);

#ifdef __cplusplus
}
#endif

#endif
