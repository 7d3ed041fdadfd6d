/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's compiler and platform header for Unikit (private to lib/uknet).
 * Byte order, diagnostics and assertions; types come from <stdint.h>.
 */
#ifndef __UKNET_LWIP_ARCH_CC_H__
#define __UKNET_LWIP_ARCH_CC_H__

#include <stdint.h>
#include <stddef.h>
#include <limits.h>
#include <sys/types.h>
#include <uk/print.h>
#include <uk/crash.h>

/* newlib's <machine/endian.h> may have said so already */
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif

/* ssize_t is the C library's (lwIP would make its own without this) */
#ifndef SSIZE_MAX
#define SSIZE_MAX LONG_MAX
#endif

/* The C library's errno values, so that socket errors are newlib's. */
#define LWIP_ERRNO_STDINCLUDE 1

/* Not the C library's ctype.h: lwIP's own macros suffice. */
#define LWIP_NO_CTYPE_H 1

#define lwip_htons(x) ((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_ntohs(x) lwip_htons(x)
#define lwip_htonl(x) ((u32_t)__builtin_bswap32((u32_t)(x)))
#define lwip_ntohl(x) lwip_htonl(x)

/* lwIP's message strings use a double-parenthesis printf style. */
#define LWIP_PLATFORM_DIAG(x) do { uk_pr_debug x; } while (0)
#define LWIP_PLATFORM_ASSERT(x)					\
	uk_panic("lwIP assertion \"%s\" failed at %s:%d", x, __FILE__,	\
		 __LINE__)

/* Random numbers: TCP initial sequence numbers, ports, DHCP xid. */
uint32_t uk_lwip_rand(void);
#define LWIP_RAND() uk_lwip_rand()

#endif
