/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * initrd: the cpio (newc) archive the loader handed over (QEMU -initrd)
 * unpacked into a ramfs.  Regular files are not copied: their data is the
 * archive's memory, which the platform keeps reserved for the VM's
 * lifetime, so uk_vfs_file_mem() gives sendfile a pointer into it.  The
 * tree is writable like Linux's initramfs (a changed file gets a private
 * copy first).
 *
 * A corrupt archive stops the mount with a message naming the initrd and
 * the offset: a half-unpacked root must not look like a good one.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/plat/bootinfo.h>
#include "cpio.h"
#include "vfs_impl.h"

struct hardlink {
	uint32_t ino, major, minor;
	struct ramfs_node *node;
};

struct unpack {
	struct hardlink *links;
	size_t nlinks, cap;
};

static struct hardlink *link_find(struct unpack *u, const struct cpio_entry *e)
{
	size_t i;

	for (i = 0; i < u->nlinks; i++)
		if (u->links[i].ino == e->ino &&
		    u->links[i].major == e->devmajor &&
		    u->links[i].minor == e->devminor)
			return &u->links[i];
	return NULL;
}

static int link_add(struct unpack *u, const struct cpio_entry *e,
		    struct ramfs_node *n)
{
	if (u->nlinks == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 16;
		struct hardlink *l = uk_realloc(u->links, cap * sizeof(*l));

		if (!l)
			return -ENOMEM;
		u->links = l;
		u->cap = cap;
	}
	u->links[u->nlinks].ino = e->ino;
	u->links[u->nlinks].major = e->devmajor;
	u->links[u->nlinks].minor = e->devminor;
	u->links[u->nlinks].node = n;
	u->nlinks++;
	return 0;
}

/*
 * Adds entry e under root, creating missing parent directories.  Returns
 * 0, 1 if the entry was skipped (with a warning), or a negative errno
 * with *why set.
 */
static int add_entry(struct unpack *u, struct ramfs_node *root,
		     const struct cpio_entry *e, const char **why)
{
	const char *p = e->name, *end = e->name + e->namelen;
	struct ramfs_node *dir = root, *n;
	struct hardlink *hl;
	mode_t type = e->mode & S_IFMT;
	int rc;

	for (;;) {
		const char *c;
		size_t len;
		int last;

		while (p < end && *p == '/')
			p++;
		if (p == end)
			return 1;	/* "." or "/": the root itself */
		c = p;
		while (p < end && *p != '/')
			p++;
		len = p - c;
		while (p < end && *p == '/')
			p++;
		last = p == end;
		if (len == 1 && c[0] == '.') {
			if (last)
				return 1;
			continue;
		}
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			*why = "name with a \"..\" component";
			return -EINVAL;
		}
		if (len > VFS_NAME_MAX) {
			*why = "name component longer than 255 bytes";
			return -EINVAL;
		}
		n = ramfs_child(dir, c, len);
		if (!last) {
			if (!n) {
				rc = ramfs_add(dir, c, len, S_IFDIR | 0755,
					       NULL, 0, -1, NULL, &n);
				if (rc < 0) {
					*why = "out of memory";
					return rc;
				}
			} else if (!ramfs_node_is_dir(n)) {
				*why = "a parent of this entry is not a directory";
				return -EINVAL;
			}
			dir = n;
			continue;
		}
		if (n) {
			if (type == S_IFDIR && ramfs_node_is_dir(n))
				return 1;	/* made earlier as a parent */
			uk_pr_warn("initrd: duplicate entry '%s' ignored\n",
				   e->name);
			return 1;
		}
		switch (type) {
		case S_IFDIR:
			return ramfs_add(dir, c, len, S_IFDIR | (e->mode & 07777),
					 NULL, 0, e->mtime, NULL, NULL);
		case S_IFLNK:
			if (e->size == 0 || e->size >= VFS_PATH_MAX) {
				*why = "symlink target empty or too long";
				return -EINVAL;
			}
			return ramfs_add(dir, c, len, S_IFLNK | 0777, e->data,
					 e->size, e->mtime, NULL, NULL);
		case S_IFREG:
			hl = e->nlink > 1 ? link_find(u, e) : NULL;
			if (hl) {
				/* newc gives a hard link's data once, with
				 * the last of its names */
				rc = ramfs_add(dir, c, len, 0, NULL, 0, -1,
					       hl->node, NULL);
				if (rc == 0 && e->size)
					ramfs_set_extdata(hl->node, e->data,
							  e->size);
				return rc;
			}
			rc = ramfs_add(dir, c, len, S_IFREG | (e->mode & 07777),
				       e->data, e->size, e->mtime, NULL, &n);
			if (rc == 0 && e->nlink > 1)
				rc = link_add(u, e, n);
			return rc;
		default:
			uk_pr_warn("initrd: '%s': device, fifo or socket "
				   "(mode %o) skipped\n", e->name, e->mode);
			return 1;
		}
	}
}

static int initrd_unpack(struct uk_mount *m, const void *base, size_t len)
{
	struct unpack u = { NULL, 0, 0 };
	struct cpio_reader r;
	struct cpio_entry e;
	const char *why = NULL;
	size_t where = 0, files = 0;
	int rc, reported = 0;

	rc = ramfs_mount_new(m);
	if (rc < 0)
		return rc;
	cpio_init(&r, base, len);
	while ((rc = cpio_next(&r, &e, &why, &where)) > 0) {
		why = "cannot add the entry";
		rc = add_entry(&u, ramfs_root(m), &e, &why);
		if (rc < 0) {
			uk_pr_err("initrd (%zu bytes at 0x%lx): entry '%s' "
				  "at offset %zu: %s\n", len,
				  (unsigned long)base, e.name, e.offset, why);
			reported = 1;
			break;
		}
		files += rc == 0;
	}
	if (rc < 0 && !reported)
		uk_pr_err("initrd (%zu bytes at 0x%lx): corrupt cpio archive "
			  "at offset %zu: %s\n", len, (unsigned long)base,
			  where, why);
	uk_free(u.links);
	if (rc < 0) {
		ramfs_unmount(m);	/* the half-built tree is never mounted */
		return -EINVAL;
	}
	uk_pr_info("initrd: %zu entries, %zu bytes, mounted at %s\n", files,
		   len, m->path);
	return 0;
}

static int initrd_mount(struct uk_mount *m, const char *src)
{
	const void *base;
	size_t len;
	int rc = uk_plat_initrd(&base, &len);

	if (rc == -EINVAL) {
		uk_pr_err("initrd: the one given is unusable (see above); "
			  "cannot mount it at %s\n", m->path);
		return rc;
	}
	if (rc < 0) {
		uk_pr_err("initrd: none was given (QEMU -initrd FILE), cannot "
			  "mount it at %s\n", m->path);
		return -ENOENT;
	}
	return initrd_unpack(m, base, len);
}

const struct vfs_fstype vfs_initrd_type = {
	.name = "initrd",
	.mount = initrd_mount,
	.unmount = ramfs_unmount,
};
