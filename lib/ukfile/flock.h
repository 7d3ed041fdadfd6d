/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/ukfile: what the descriptor table tells flock.c. */
#ifndef __UKFILE_FLOCK_H__
#define __UKFILE_FLOCK_H__

struct uk_file;

/* f's last reference is going: its flock() locks are released. */
void uk_flock_forget(struct uk_file *f);

#endif
