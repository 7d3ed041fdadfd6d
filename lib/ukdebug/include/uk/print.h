/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel messages.  Each library's messages carry its name (UK_LIBNAME,
 * set by the build).  Levels below the Kconfig choice compile to nothing.
 * Messages end with "\n", as in Linux.
 */
#ifndef __UK_PRINT_H__
#define __UK_PRINT_H__

#include <stdarg.h>
#include <stddef.h>
#include <uk/essentials.h>

#define UK_PRINT_CRIT	0
#define UK_PRINT_ERR	1
#define UK_PRINT_WARN	2
#define UK_PRINT_INFO	3
#define UK_PRINT_DEBUG	4

#if defined(CONFIG_LIBUKDEBUG_PRINT_DEBUG)
#define UK_PRINT_LEVEL UK_PRINT_DEBUG
#elif defined(CONFIG_LIBUKDEBUG_PRINT_INFO)
#define UK_PRINT_LEVEL UK_PRINT_INFO
#elif defined(CONFIG_LIBUKDEBUG_PRINT_WARN)
#define UK_PRINT_LEVEL UK_PRINT_WARN
#elif defined(CONFIG_LIBUKDEBUG_PRINT_ERR)
#define UK_PRINT_LEVEL UK_PRINT_ERR
#elif defined(CONFIG_LIBUKDEBUG_PRINT_CRIT)
#define UK_PRINT_LEVEL UK_PRINT_CRIT
#else
#define UK_PRINT_LEVEL UK_PRINT_INFO
#endif

#ifndef UK_LIBNAME
#define UK_LIBNAME "?"
#endif

void uk_printk(int level, const char *lib, const char *fmt, ...)
	__uk_printf(3, 4);
void uk_vprintk(int level, const char *lib, const char *fmt, va_list ap);

#define uk_pr_level(lvl, fmt, ...)					\
	do {								\
		if ((lvl) <= UK_PRINT_LEVEL)				\
			uk_printk(lvl, UK_LIBNAME, fmt, ##__VA_ARGS__);	\
	} while (0)

#define uk_pr_crit(fmt, ...)	uk_pr_level(UK_PRINT_CRIT, fmt, ##__VA_ARGS__)
#define uk_pr_err(fmt, ...)	uk_pr_level(UK_PRINT_ERR, fmt, ##__VA_ARGS__)
#define uk_pr_warn(fmt, ...)	uk_pr_level(UK_PRINT_WARN, fmt, ##__VA_ARGS__)
#define uk_pr_info(fmt, ...)	uk_pr_level(UK_PRINT_INFO, fmt, ##__VA_ARGS__)
#define uk_pr_debug(fmt, ...)	uk_pr_level(UK_PRINT_DEBUG, fmt, ##__VA_ARGS__)

/*
 * The formatter: %d %i %u %x %X %o %c %s %p %%, flags "-+ #0", width and
 * precision (also "*"), lengths hh h l ll z t j.  No floating point.
 * Returns the length the full output would have (as C99 snprintf).
 */
int uk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int uk_snprintf(char *buf, size_t size, const char *fmt, ...)
	__uk_printf(3, 4);

/*
 * Formats through a callback, chunk by chunk, without a length limit.
 * Returns the number of characters produced.
 */
int uk_vcbprintf(void (*out)(void *ctx, const char *s, size_t n), void *ctx,
		 const char *fmt, va_list ap);

/* Raw console output of a formatted string, no prefix, no level. */
void uk_console_printf(const char *fmt, ...) __uk_printf(1, 2);

#endif
