/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/ukfile: what the descriptor table tells epoll. */
#ifndef __UKFILE_EPOLL_H__
#define __UKFILE_EPOLL_H__

struct uk_file;

/* f's last reference is going: every epoll watching it lets it go. */
void uk_epoll_forget(struct uk_file *f);

#endif
