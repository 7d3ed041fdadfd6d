/* SPDX-License-Identifier: BSD-3-Clause */
/* The malloc family over ukalloc; ENOMEM when ukalloc is not selected. */
#include <stdlib.h>
#include <errno.h>
#if CONFIG_LIBUKALLOC
#include <uk/alloc.h>

void *malloc(size_t size)
{
	void *p = uk_malloc(size);

	if (!p && size)
		errno = ENOMEM;
	return p;
}

void *calloc(size_t nmemb, size_t size)
{
	void *p = uk_calloc(nmemb, size);

	if (!p && nmemb && size)
		errno = ENOMEM;
	return p;
}

void *realloc(void *ptr, size_t size)
{
	void *p = uk_realloc(ptr, size);

	if (!p && size)
		errno = ENOMEM;
	return p;
}

void free(void *ptr)
{
	uk_free(ptr);
}

int posix_memalign(void **memptr, size_t align, size_t size)
{
	return uk_posix_memalign(memptr, align, size);
}

void *memalign(size_t align, size_t size)
{
	void *p = NULL;
	int rc = uk_posix_memalign(&p, align < sizeof(void *) ?
				   sizeof(void *) : align, size);

	if (rc)
		errno = rc;
	return rc ? NULL : p;
}

#else /* !CONFIG_LIBUKALLOC */

void *malloc(size_t size)
{
	errno = ENOMEM;
	return NULL;
}

void *calloc(size_t nmemb, size_t size)
{
	errno = ENOMEM;
	return NULL;
}

void *realloc(void *ptr, size_t size)
{
	errno = ENOMEM;
	return NULL;
}

void free(void *ptr)
{
}

int posix_memalign(void **memptr, size_t align, size_t size)
{
	return ENOMEM;
}

void *memalign(size_t align, size_t size)
{
	errno = ENOMEM;
	return NULL;
}
#endif

void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}
