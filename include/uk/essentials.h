/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Small helpers every part of Unikit uses: attributes, alignment,
 * array sizes, container_of.  No dependencies beyond the compiler.
 */
#ifndef __UK_ESSENTIALS_H__
#define __UK_ESSENTIALS_H__

#ifndef __ASSEMBLY__
#include <stddef.h>
#include <stdint.h>
#endif

#define __uk_unused		__attribute__((unused))
#define __uk_used		__attribute__((used))
#define __uk_noreturn		__attribute__((noreturn))
#define __uk_packed		__attribute__((packed))
#define __uk_aligned(x)		__attribute__((aligned(x)))
#define __uk_section(s)		__attribute__((section(s)))
#define __uk_weak		__attribute__((weak))
#define __uk_printf(f, a)	__attribute__((format(printf, f, a)))
#define __uk_noinline		__attribute__((noinline))
#define __uk_always_inline	inline __attribute__((always_inline))

#define uk_likely(x)		__builtin_expect(!!(x), 1)
#define uk_unlikely(x)		__builtin_expect(!!(x), 0)

#define UK_STRINGIFY_(x)	#x
#define UK_STRINGIFY(x)		UK_STRINGIFY_(x)
#define UK_CONCAT_(a, b)	a##b
#define UK_CONCAT(a, b)		UK_CONCAT_(a, b)

#define UK_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define UK_ALIGN_UP(x, a)	(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define UK_ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define UK_IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define UK_IS_POW2(x)		((x) != 0 && ((x) & ((x) - 1)) == 0)
#define UK_MIN(a, b)		((a) < (b) ? (a) : (b))
#define UK_MAX(a, b)		((a) > (b) ? (a) : (b))
#define UK_DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

#define uk_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define UK_BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)

#define __UK_PAGE_SHIFT		12
#define __UK_PAGE_SIZE		(1UL << __UK_PAGE_SHIFT)

#endif /* __UK_ESSENTIALS_H__ */
