/* SPDX-License-Identifier: BSD-3-Clause */
/* Assertions: a failed one is a crash, with a backtrace. */
#ifndef __UK_ASSERT_H__
#define __UK_ASSERT_H__

#include <uk/essentials.h>
#include <uk/crash.h>

#if CONFIG_LIBUKDEBUG_ASSERT
#define UK_ASSERT(x)							\
	do {								\
		if (uk_unlikely(!(x)))					\
			uk_panic("assertion failed: %s at %s:%d",	\
				 #x, __FILE__, __LINE__);		\
	} while (0)
#else
#define UK_ASSERT(x) do { (void)sizeof(x); } while (0)
#endif

#define UK_BUG_ON(x)							\
	do {								\
		if (uk_unlikely(x))					\
			uk_panic("BUG: %s at %s:%d", #x, __FILE__, __LINE__); \
	} while (0)

#define UK_BUG() uk_panic("BUG at %s:%d", __FILE__, __LINE__)

#endif
