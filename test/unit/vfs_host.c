/*
 * What lib/ukvfs calls on the host: the allocator (plain malloc) and the
 * platform's initrd (whatever the test sets in host_initrd).
 */
#include <errno.h>
#include <stdlib.h>
#include <uk/alloc.h>
#include <uk/plat/bootinfo.h>
#include "vfs_host.h"

const void *host_initrd;
size_t host_initrd_len;

void *uk_malloc(size_t size)
{
	return malloc(size);
}

void *uk_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

void *uk_realloc(void *p, size_t size)
{
	return realloc(p, size);
}

void uk_free(void *p)
{
	free(p);
}

int uk_plat_initrd(const void **base, size_t *len)
{
	if (!host_initrd)
		return -ENOENT;
	*base = host_initrd;
	*len = host_initrd_len;
	return 0;
}
