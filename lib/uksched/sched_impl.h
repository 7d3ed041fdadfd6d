/* SPDX-License-Identifier: BSD-3-Clause */
/* What the files of uksched share and nobody else sees. */
#ifndef __UKSCHED_IMPL_H__
#define __UKSCHED_IMPL_H__

#include <uk/sched.h>

extern struct uk_thread uk_sched_idle;
extern struct uk_thread *uk_sched_current;
extern struct uk_thread *uk_sched_dead;
extern int uk_sched_need_resched;

void uk_sched_schedule(void);
void uk_sched_enqueue(struct uk_thread *t);
void uk_sched_finish_switch(void);
int uk_sched_runnable_waiting(void);

void uk_sched_timer_init(void);
void uk_sched_timer_rearm(void);

void uk_thread_register(struct uk_thread *t);
void uk_thread_free(struct uk_thread *t);
const char *uk_thread_guard_owner(unsigned long addr);

#endif
