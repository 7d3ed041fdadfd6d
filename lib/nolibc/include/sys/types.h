/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef _NOLIBC_SYS_TYPES_H
#define _NOLIBC_SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned int mode_t;
typedef long time_t;

#endif
