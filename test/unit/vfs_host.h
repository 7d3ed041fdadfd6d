#ifndef VFS_HOST_H
#define VFS_HOST_H
#include <stddef.h>
/* The initrd uk_plat_initrd() reports (NULL: none). */
extern const void *host_initrd;
extern size_t host_initrd_len;
#endif
