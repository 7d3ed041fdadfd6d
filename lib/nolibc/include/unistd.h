/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef _NOLIBC_UNISTD_H
#define _NOLIBC_UNISTD_H

#include <sys/types.h>

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

/* Only the console: fds 1 and 2 write to it, fd 0 reads from it. */
ssize_t write(int fd, const void *buf, size_t n);
ssize_t read(int fd, void *buf, size_t n);
void _exit(int status) __attribute__((noreturn));

#endif
