/* SPDX-License-Identifier: BSD-3-Clause */
/* <sys/timerfd.h>, as on Linux: a timer as a file (lib/ukfile/timerfd.c). */
#ifndef _UK_SYS_TIMERFD_H
#define _UK_SYS_TIMERFD_H

#include <fcntl.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TFD_TIMER_ABSTIME	1
#define TFD_CLOEXEC		O_CLOEXEC
#define TFD_NONBLOCK		O_NONBLOCK

int timerfd_create(clockid_t clockid, int flags);
int timerfd_settime(int fd, int flags, const struct itimerspec *new_value,
		    struct itimerspec *old_value);
int timerfd_gettime(int fd, struct itimerspec *curr_value);

#ifdef __cplusplus
}
#endif

#endif
