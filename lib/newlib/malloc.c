/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The malloc family, on ukalloc.  newlib is built with MALLOC_PROVIDED:
 * its own malloc (over sbrk) is not compiled, and its code calls the
 * reentrant _malloc_r family below.  Without ukalloc every allocation
 * fails with ENOMEM.
 */
#include <errno.h>
#include <malloc.h>
#include <reent.h>
#include <stdlib.h>
#include <string.h>
#include <uk/essentials.h>
#if CONFIG_LIBUKALLOC
#include <uk/alloc.h>
#endif

#define PAGE_SIZE __UK_PAGE_SIZE

#if CONFIG_LIBUKALLOC
#define ALLOC(size)		uk_malloc(size)
#define ZALLOC(n, size)		uk_calloc(n, size)
#define REALLOC(p, size)	uk_realloc(p, size)
#define FREE(p)			uk_free(p)
#define MEMALIGN(a, size)	uk_memalign(a, size)
#define USABLE(p)		uk_malloc_usable_size(p)
#else
#define ALLOC(size)		NULL
#define ZALLOC(n, size)		NULL
#define REALLOC(p, size)	NULL
#define FREE(p)			do { } while (0)
#define MEMALIGN(a, size)	NULL
#define USABLE(p)		0
#endif

static void *nomem(struct _reent *r)
{
	r->_errno = ENOMEM;
	return NULL;
}

void *_malloc_r(struct _reent *r, size_t size)
{
	void *p = ALLOC(size);

	return p ? p : nomem(r);
}

void _free_r(struct _reent *r, void *p)
{
	if (p)
		FREE(p);
}

void *_calloc_r(struct _reent *r, size_t n, size_t size)
{
	void *p = ZALLOC(n, size);

	return p ? p : nomem(r);
}

void *_realloc_r(struct _reent *r, void *old, size_t size)
{
	void *p;

	if (!old)
		return _malloc_r(r, size);
	if (!size) {
		/* as glibc: realloc(p, 0) frees p */
		FREE(old);
		return NULL;
	}
	p = REALLOC(old, size);
	return p ? p : nomem(r);	/* old is still valid on failure */
}

void *_memalign_r(struct _reent *r, size_t align, size_t size)
{
	void *p;

	if (!UK_IS_POW2(align)) {
		r->_errno = EINVAL;
		return NULL;
	}
	if (align < sizeof(void *))
		align = sizeof(void *);
	p = MEMALIGN(align, size);
	return p ? p : nomem(r);
}

size_t _malloc_usable_size_r(struct _reent *r, void *p)
{
	return p ? USABLE(p) : 0;
}

void *_valloc_r(struct _reent *r, size_t size)
{
	return _memalign_r(r, PAGE_SIZE, size);
}

void *_pvalloc_r(struct _reent *r, size_t size)
{
	if (size > SIZE_MAX - PAGE_SIZE)
		return nomem(r);
	return _memalign_r(r, PAGE_SIZE, UK_ALIGN_UP(size, PAGE_SIZE));
}

void *malloc(size_t size)
{
	return _malloc_r(_REENT, size);
}

void free(void *p)
{
	_free_r(_REENT, p);
}

void *calloc(size_t n, size_t size)
{
	return _calloc_r(_REENT, n, size);
}

void *realloc(void *p, size_t size)
{
	return _realloc_r(_REENT, p, size);
}

void *memalign(size_t align, size_t size)
{
	return _memalign_r(_REENT, align, size);
}

void *valloc(size_t size)
{
	return _valloc_r(_REENT, size);
}

void *pvalloc(size_t size)
{
	return _pvalloc_r(_REENT, size);
}

size_t malloc_usable_size(void *p)
{
	return _malloc_usable_size_r(_REENT, p);
}

/* C11: any power-of-two alignment (as glibc); errno EINVAL otherwise. */
void *aligned_alloc(size_t align, size_t size)
{
	return _memalign_r(_REENT, align, size);
}

/* Returns the error rather than setting errno, as POSIX says. */
int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (!UK_IS_POW2(align) || align % sizeof(void *))
		return EINVAL;
	p = MEMALIGN(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}
