/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef _NOLIBC_STRINGS_H
#define _NOLIBC_STRINGS_H
#include <string.h>
#endif
