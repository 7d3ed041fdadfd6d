/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/ukvfs: what the VFS core and the file systems share.
 *
 * A vnode is a file, directory, symlink or device as a file system knows
 * it, with a reference count.  The core resolves paths by asking
 * directory vnodes for their children one name at a time (lookup), and
 * does everything else through the vnode operations.  File systems never
 * see paths, "." or "..": the core handles those.
 */
#ifndef __UKVFS_IMPL_H__
#define __UKVFS_IMPL_H__

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <uk/list.h>
#include <uk/vfs.h>
#include "vfs_lock.h"

#define VFS_NAME_MAX	255
#define VFS_PATH_MAX	4096
/* Symbolic links followed while resolving one path, as on Linux. */
#define VFS_SYMLOOP_MAX	40

struct uk_vnode;
struct uk_mount;

/* Attributes to change (setattr). */
#define VFS_SET_MODE	0x01
#define VFS_SET_SIZE	0x02
#define VFS_SET_ATIME	0x04
#define VFS_SET_MTIME	0x08
#define VFS_SET_UID	0x10
#define VFS_SET_GID	0x20

struct vfs_setattr {
	unsigned int mask;
	mode_t mode;		/* permission bits only */
	off_t size;
	struct timespec atime, mtime;
	uid_t uid;
	gid_t gid;
};

/* readdir's callback: 0 to go on, nonzero to stop (buffer full). */
typedef int (*vfs_filldir_t)(void *arg, const char *name, size_t len,
			     uint64_t ino, unsigned char dtype,
			     uint64_t next_cookie);

/*
 * Operations of a vnode.  Any may be NULL (the call then fails with the
 * errno the core chooses: EROFS for changes, ENOTSUP otherwise).  Names
 * are single components, never "." or "..", NUL-terminated, at most
 * VFS_NAME_MAX bytes.  Every vnode returned holds a reference for the
 * caller.
 */
struct uk_pipe;

struct uk_vnode_ops {
	/* -ENOENT if dir has no entry name. */
	int (*lookup)(struct uk_vnode *dir, const char *name,
		      struct uk_vnode **out);
	/* Creates and opens regular file name (-EEXIST if it exists).
	 * oflags: the open flags (access mode, O_APPEND...). */
	int (*create)(struct uk_vnode *dir, const char *name, mode_t mode,
		      int oflags, struct uk_vnode **out, void **handle);
	int (*mkdir)(struct uk_vnode *dir, const char *name, mode_t mode);
	/* Makes a FIFO (mode: S_IFIFO and permissions).  NULL: -EPERM */
	int (*mknod)(struct uk_vnode *dir, const char *name, mode_t mode);
	/* A FIFO's pipe, which its opens open ends of (uk/pipe.h). */
	struct uk_pipe *(*fifo)(struct uk_vnode *vn);
	int (*symlink)(struct uk_vnode *dir, const char *name,
		       const char *target);
	int (*link)(struct uk_vnode *dir, const char *name,
		    struct uk_vnode *vn);
	int (*unlink)(struct uk_vnode *dir, const char *name);
	int (*rmdir)(struct uk_vnode *dir, const char *name);
	/* Both directories are of the same mount. */
	int (*rename)(struct uk_vnode *odir, const char *oname,
		      struct uk_vnode *ndir, const char *nname);
	/* Returns the length of the target (not NUL-terminated), at most len. */
	ssize_t (*readlink)(struct uk_vnode *vn, char *buf, size_t len);
	int (*getattr)(struct uk_vnode *vn, struct stat *st);
	int (*setattr)(struct uk_vnode *vn, const struct vfs_setattr *sa);

	/* Opens vn (O_TRUNC already done by the core); *handle is the
	 * file system's per-open state, passed back to the calls below. */
	int (*open)(struct uk_vnode *vn, int oflags, void **handle);
	int (*close)(struct uk_vnode *vn, void *handle);
	ssize_t (*read)(struct uk_vnode *vn, void *handle, void *buf,
			size_t len, off_t off);
	ssize_t (*write)(struct uk_vnode *vn, void *handle, const void *buf,
			 size_t len, off_t off);
	/* Calls fill for entries after *cookie (0: from the start), moving
	 * *cookie past each entry it accepts. */
	int (*readdir)(struct uk_vnode *vn, void *handle, uint64_t *cookie,
		       vfs_filldir_t fill, void *arg);
	int (*fsync)(struct uk_vnode *vn, void *handle);
	int (*ioctl)(struct uk_vnode *vn, void *handle, unsigned long req,
		     void *arg);
	/* The file's bytes in memory (see uk_vfs_file_mem). */
	int (*mem)(struct uk_vnode *vn, const void **data, size_t *len);
	int (*statfs)(struct uk_vnode *vn, struct uk_vfs_statfs *st);

	/* The last reference is gone. */
	void (*inactive)(struct uk_vnode *vn);
	/* Nonzero: descriptors of these vnodes are terminals. */
	int tty;
};

struct uk_vnode {
	const struct uk_vnode_ops *ops;
	struct uk_mount *mnt;
	long refs;
	mode_t type;		/* S_IFDIR, S_IFREG, S_IFLNK, S_IFCHR */
	void *priv;		/* the file system's */
};

/* A file system type: "ramfs", "initrd", "9pfs", "devfs". */
struct vfs_fstype {
	const char *name;
	/* Sets up m (m->root, m->priv) for source src. */
	int (*mount)(struct uk_mount *m, const char *src);
	/* Frees what mount made (may be NULL). Nothing may be open. */
	void (*unmount)(struct uk_mount *m);
};

struct uk_mount {
	char *path;		/* canonical: "/" or "/a/b" */
	size_t pathlen;
	const struct vfs_fstype *type;
	struct uk_vnode *root;
	void *priv;
	unsigned int id;	/* st_dev */
	int readonly;
	struct uk_list_head list;
};

/* Sets up vn with one reference, the caller's. */
void vfs_vnode_init(struct uk_vnode *vn, const struct uk_vnode_ops *ops,
		    struct uk_mount *mnt, mode_t type, void *priv);
void vfs_vnode_get(struct uk_vnode *vn);
void vfs_vnode_put(struct uk_vnode *vn);

/* The file system types compiled in. */
extern const struct vfs_fstype vfs_ramfs_type;
extern const struct vfs_fstype vfs_initrd_type;
extern const struct vfs_fstype vfs_9pfs_type;
extern const struct vfs_fstype vfs_devfs_type;

/* Drops every mount (host tests only). */
void vfs_reset(void);

/* --- the core's calls by path (vfs.c), what posix.c builds on ---------- */

struct vfs_file;

int vfs_open(const char *path, int flags, mode_t mode, struct vfs_file **out);
int vfs_stat(const char *path, struct stat *st, int follow);
int vfs_access(const char *path, int mode);
int vfs_unlink(const char *path);
int vfs_mkdir(const char *path, mode_t mode);
int vfs_rmdir(const char *path);
int vfs_rename(const char *from, const char *to);
int vfs_link(const char *from, const char *to);
int vfs_symlink(const char *target, const char *path);
ssize_t vfs_readlink(const char *path, char *buf, size_t len);
int vfs_setattr_path(const char *path, const struct vfs_setattr *sa,
		     int follow);
int vfs_chdir(const char *path);
int vfs_getcwd(char *buf, size_t len);
int vfs_statfs(const char *path, struct uk_vfs_statfs *st);

/* An open file: the vnode, the file system's handle, the position. */
struct vfs_file {
	struct uk_vnode *vn;
	void *handle;
	int flags;		/* open flags */
	off_t pos;
	uint64_t dircookie;	/* directories: where readdir goes on */
	char *path;		/* directories: their canonical path when
				 * opened (the *at() calls start there) */
	struct uk_pipe *fifo;	/* a FIFO: its pipe (posix.c opens an end) */
	struct vfs_lock lock;	/* serialises position updates */
};

ssize_t vfs_file_read(struct vfs_file *f, void *buf, size_t len);
ssize_t vfs_file_write(struct vfs_file *f, const void *buf, size_t len);
ssize_t vfs_file_pread(struct vfs_file *f, void *buf, size_t len, off_t off);
ssize_t vfs_file_pwrite(struct vfs_file *f, const void *buf, size_t len,
			off_t off);
off_t vfs_file_lseek(struct vfs_file *f, off_t off, int whence);
int vfs_file_stat(struct vfs_file *f, struct stat *st);
int vfs_mknod(const char *path, mode_t mode);
/* A directory's path (see struct vfs_file): its length, or -ENOTDIR,
 * -ERANGE. */
int vfs_file_dirpath(struct vfs_file *f, char *buf, size_t len);
int vfs_file_truncate(struct vfs_file *f, off_t len);
int vfs_file_setattr(struct vfs_file *f, const struct vfs_setattr *sa);
int vfs_file_statfs(struct vfs_file *f, struct uk_vfs_statfs *st);
int vfs_file_sync(struct vfs_file *f);
int vfs_file_readdir(struct vfs_file *f, vfs_filldir_t fill, void *arg);
int vfs_file_close(struct vfs_file *f);

/*
 * Lexical normalisation of an absolute path: collapses "//", removes "."
 * and resolves ".." without ever climbing above "/".  No file system is
 * consulted.  Used for mount points.  Returns the length written (without
 * the NUL), -EINVAL for a relative path, -ENAMETOOLONG.
 */
int vfs_path_normalize(const char *path, char *out, size_t outlen);

/* Linux errno (from a 9P server) -> the image's errno (9p_errno.c). */
int vfs_linux_errno(uint32_t lerr);

/* Builds a ramfs mount (ramfs.c), for initrd.c, and frees it. */
struct ramfs_node;
int ramfs_mount_new(struct uk_mount *m);
void ramfs_unmount(struct uk_mount *m);
struct ramfs_node *ramfs_root(struct uk_mount *m);
/*
 * Adds name under dir (both ramfs of m): a directory (type S_IFDIR), a
 * symlink (target data/len) or a regular file whose content is the
 * external memory data/len (not copied, never freed; copied on the first
 * write).  With existing != NULL, links that node instead.  *out (if not
 * NULL) gets the node, no reference taken.
 */
int ramfs_add(struct ramfs_node *dir, const char *name, size_t namelen,
	      mode_t mode, const void *data, size_t len, int64_t mtime,
	      struct ramfs_node *existing, struct ramfs_node **out);
/* The node dir/name[0..namelen), or NULL. */
struct ramfs_node *ramfs_child(struct ramfs_node *dir, const char *name,
			       size_t namelen);
int ramfs_node_is_dir(struct ramfs_node *n);
int ramfs_node_is_reg(struct ramfs_node *n);
/* Gives a regular file external content data/len. */
void ramfs_set_extdata(struct ramfs_node *n, const void *data, size_t len);

#endif /* __UKVFS_IMPL_H__ */
