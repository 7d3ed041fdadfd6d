/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * memcpy, memmove, memset, memcmp for the whole image.  They use only
 * general registers (this file is kernel code), so an interrupt handler
 * may call them without disturbing an application's SSE state, and the
 * string instructions are fast on CPUs with ERMS and cheap under TCG.
 * The C library's own versions are not linked in: ours come first.
 */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	void *ret = dst;

	__asm__ __volatile__("rep movsb"
			     : "+D"(dst), "+S"(src), "+c"(n)
			     : : "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	void *ret = dst;

	if ((uintptr_t)dst - (uintptr_t)src >= n) {
		/* No harmful overlap: forward copy. */
		__asm__ __volatile__("rep movsb"
				     : "+D"(dst), "+S"(src), "+c"(n)
				     : : "memory");
	} else {
		dst = (char *)dst + n - 1;
		src = (const char *)src + n - 1;
		__asm__ __volatile__("std; rep movsb; cld"
				     : "+D"(dst), "+S"(src), "+c"(n)
				     : : "memory");
	}
	return ret;
}

void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;

	__asm__ __volatile__("rep stosb"
			     : "+D"(dst), "+c"(n)
			     : "a"(c)
			     : "memory");
	return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}
