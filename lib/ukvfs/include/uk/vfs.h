/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukvfs: the file system namespace of the image.  Applications use the
 * POSIX calls (open, read, stat, opendir...); this header is for other
 * libraries and for applications that want more than POSIX offers:
 * mounting at run time, reading a file's bytes in place (sendfile), and
 * file system statistics.
 *
 * Every function returns 0 (or a count) on success and a negative errno
 * on failure, errno values being the image's (newlib's).
 */
#ifndef __UK_VFS_H__
#define __UK_VFS_H__

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct uk_file;

/*
 * Mounts a file system of type fstype ("9pfs", "initrd", "ramfs",
 * "devfs") at the absolute path dir.  src is what the type needs: the 9p
 * mount tag for "9pfs", ignored by the others.  The directory dir need
 * not exist in the file system below: a mount point is a path, not a
 * directory.  Mounting on a path already mounted on is -EBUSY.
 */
int uk_vfs_mount(const char *src, const char *dir, const char *fstype);

/*
 * The bytes of an open regular file, in memory, without a copy: files of
 * an initrd (the archive's own memory) and of ramfs.  *data and *len get
 * the whole file.  Returns -ENOTSUP for files whose data is elsewhere
 * (9pfs, devices), -EBADF if f is not a ukvfs file.
 *
 * Validity: initrd data that was never written stays valid for the VM's
 * lifetime.  Other data stays valid while the caller holds a reference
 * on f (uk_file_get) and nobody writes to or truncates the file.
 */
int uk_vfs_file_mem(struct uk_file *f, const void **data, size_t *len);
/* The same for descriptor fd. */
int uk_vfs_fd_mem(int fd, const void **data, size_t *len);

/* What statfs reports about the file system holding a path. */
struct uk_vfs_statfs {
	uint32_t type;		/* the server's f_type (9pfs), else 0 */
	uint32_t bsize;		/* block size */
	uint64_t blocks, bfree, bavail;
	uint64_t files, ffree;
	uint32_t namelen;	/* longest file name */
	char fstype[16];	/* "9pfs", "ramfs", "initrd", "devfs" */
	int readonly;		/* mounted read-only (the initrd) */
};

int uk_vfs_statfs(const char *path, struct uk_vfs_statfs *st);

/*
 * Directory entries of the open directory fd, as struct dirent records
 * (<dirent.h>) filling at most len bytes of buf; each record is
 * sizeof(struct dirent) bytes.  Returns the bytes filled, 0 at the end,
 * -ENOTDIR, -EINVAL if buf cannot hold one record.  What opendir and
 * readdir are built on.
 */
ssize_t uk_vfs_getdents(int fd, void *buf, size_t len);

/* Fills buf with len bytes from the kernel's random generator (the one
 * behind /dev/urandom).  Returns 0, or -ENOTSUP without devfs. */
int uk_vfs_random(void *buf, size_t len);

#endif /* __UK_VFS_H__ */
