/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/ukvfs: a reader of cpio "newc" archives (the initrd
 * format), pure and bounds-checked.  It never trusts a field: every size
 * and offset is checked against the archive's length before use.
 */
#ifndef __UKVFS_CPIO_H__
#define __UKVFS_CPIO_H__

#include <stddef.h>
#include <stdint.h>

#define CPIO_HDR_LEN	110
#define CPIO_TRAILER	"TRAILER!!!"

struct cpio_entry {
	const char *name;	/* NUL-terminated, inside the archive */
	size_t namelen;		/* without the NUL */
	uint32_t ino, mode, uid, gid, nlink, mtime;
	uint32_t devmajor, devminor, rdevmajor, rdevminor;
	const void *data;	/* inside the archive */
	size_t size;
	size_t offset;		/* of the entry's header in the archive */
};

struct cpio_reader {
	const uint8_t *base;
	size_t len;
	size_t off;		/* next header */
	int done;
};

void cpio_init(struct cpio_reader *r, const void *base, size_t len);

/*
 * Reads the next entry into *e.  Returns 1 for an entry, 0 after the
 * trailer, or -EINVAL for a corrupt or truncated archive: then *why says
 * what is wrong and *where the archive offset it was found at.
 */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e, const char **why,
	      size_t *where);

#endif /* __UKVFS_CPIO_H__ */
