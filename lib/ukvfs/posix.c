/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukvfs seen from the C library: the namespace's path operations
 * (uk_path_ops, registered at boot) and the operations of an open file
 * (uk_file_ops), so that open(), read(), stat(), mkdir()... of newlib's
 * glue reach the VFS core.  Also what the glue does not route yet:
 * getdents (for opendir/readdir, dirent.c), utimes, and the in-memory
 * access for sendfile.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/time.h>
#include <sys/statvfs.h>
#include <time.h>
#include <utime.h>
#include <uk/alloc.h>
#include <uk/file.h>
#include <uk/init.h>
#if CONFIG_LIBUKSCHED
#include <uk/pipe.h>
#endif
#include <uk/print.h>
#include <sys/dirent.h>
#include "vfs_impl.h"

struct vfs_ufile {
	struct uk_file f;
	struct vfs_file *vf;
};

static struct vfs_file *vf_of(struct uk_file *f)
{
	return ((struct vfs_ufile *)f->priv)->vf;
}

static ssize_t uf_read(struct uk_file *f, void *buf, size_t len)
{
	return vfs_file_read(vf_of(f), buf, len);
}

static ssize_t uf_write(struct uk_file *f, const void *buf, size_t len)
{
	struct vfs_file *vf = vf_of(f);

	/* fcntl(F_SETFL) changes O_APPEND on the uk_file */
	vf->flags = (vf->flags & ~O_APPEND) | (f->flags & O_APPEND);
	return vfs_file_write(vf, buf, len);
}

static ssize_t uf_pread(struct uk_file *f, void *buf, size_t len, off_t off)
{
	return vfs_file_pread(vf_of(f), buf, len, off);
}

static ssize_t uf_pwrite(struct uk_file *f, const void *buf, size_t len,
			 off_t off)
{
	return vfs_file_pwrite(vf_of(f), buf, len, off);
}

static off_t uf_lseek(struct uk_file *f, off_t off, int whence)
{
	return vfs_file_lseek(vf_of(f), off, whence);
}

static int uf_fstat(struct uk_file *f, struct stat *st)
{
	return vfs_file_stat(vf_of(f), st);
}

static int uf_dirpath(struct uk_file *f, char *buf, size_t len)
{
	return vfs_file_dirpath(vf_of(f), buf, len);
}

static int uf_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	struct vfs_file *vf = vf_of(f);

	if (vf->vn->ops->ioctl)
		return vf->vn->ops->ioctl(vf->vn, vf->handle, req, arg);
	return -ENOTTY;
}

static int uf_fsync(struct uk_file *f)
{
	return vfs_file_sync(vf_of(f));
}

static int uf_ftruncate(struct uk_file *f, off_t len)
{
	return vfs_file_truncate(vf_of(f), len);
}

static int uf_release(struct uk_file *f)
{
	struct vfs_ufile *u = f->priv;
	int rc = vfs_file_close(u->vf);

	uk_free(u);
	return rc;
}

static const struct uk_file_ops vfs_file_ops = {
	.read = uf_read,
	.write = uf_write,
	.pread = uf_pread,
	.pwrite = uf_pwrite,
	.lseek = uf_lseek,
	.fstat = uf_fstat,
	.ioctl = uf_ioctl,
	.fsync = uf_fsync,
	.ftruncate = uf_ftruncate,
	.dirpath = uf_dirpath,
	.release = uf_release,
};

/* The same for terminals (/dev/console): isatty() says yes. */
static const struct uk_file_ops vfs_tty_ops = {
	.read = uf_read,
	.write = uf_write,
	.pread = uf_pread,
	.pwrite = uf_pwrite,
	.lseek = uf_lseek,
	.fstat = uf_fstat,
	.ioctl = uf_ioctl,
	.fsync = uf_fsync,
	.ftruncate = uf_ftruncate,
	.release = uf_release,
	.tty = 1,
};

static int is_vfs_file(struct uk_file *f)
{
	return f->ops == &vfs_file_ops || f->ops == &vfs_tty_ops;
}

static int p_open(const char *path, int flags, mode_t mode,
		  struct uk_file **out)
{
	struct vfs_ufile *u = uk_calloc(1, sizeof(*u));
	int rc;

	if (!u)
		return -ENOMEM;
	rc = vfs_open(path, flags, mode, &u->vf);
	if (rc < 0) {
		uk_free(u);
		return rc;
	}
	if (u->vf->fifo) {
		/* an end of the FIFO's pipe; the node is not needed after */
#if CONFIG_LIBUKSCHED
		rc = uk_fifo_open(u->vf->fifo, flags, out);
#else
		rc = -ENXIO;
#endif
		vfs_file_close(u->vf);
		uk_free(u);
		return rc;
	}
	uk_file_init(&u->f, u->vf->vn->ops->tty ? &vfs_tty_ops : &vfs_file_ops,
		     u, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
	*out = &u->f;
	return 0;
}

static int p_mknod(const char *path, mode_t mode, dev_t dev)
{
	return vfs_mknod(path, mode);
}

static int p_stat(const char *path, struct stat *st)
{
	return vfs_stat(path, st, 1);
}

static int p_lstat(const char *path, struct stat *st)
{
	return vfs_stat(path, st, 0);
}

static int p_chmod(const char *path, mode_t mode)
{
	struct vfs_setattr sa = { .mask = VFS_SET_MODE, .mode = mode };

	return vfs_setattr_path(path, &sa, 1);
}

/* chown's -1 (as uid_t or gid_t): leave that one as it is. */
static void owner_attrs(struct vfs_setattr *sa, uid_t uid, gid_t gid)
{
	if (uid != (uid_t)-1) {
		sa->mask |= VFS_SET_UID;
		sa->uid = uid;
	}
	if (gid != (gid_t)-1) {
		sa->mask |= VFS_SET_GID;
		sa->gid = gid;
	}
}

static int p_chown(const char *path, uid_t uid, gid_t gid, int follow)
{
	struct vfs_setattr sa = { 0 };

	owner_attrs(&sa, uid, gid);
	return vfs_setattr_path(path, &sa, follow);
}

/* utimensat's times: UTIME_NOW is the guest's clock, UTIME_OMIT no change. */
static void time_attrs(struct vfs_setattr *sa, const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	sa->mask |= VFS_SET_ATIME | VFS_SET_MTIME;
	sa->atime = sa->mtime = now;
	if (!ts)
		return;
	if (ts[0].tv_nsec == UTIME_OMIT)
		sa->mask &= ~VFS_SET_ATIME;
	else if (ts[0].tv_nsec != UTIME_NOW)
		sa->atime = ts[0];
	if (ts[1].tv_nsec == UTIME_OMIT)
		sa->mask &= ~VFS_SET_MTIME;
	else if (ts[1].tv_nsec != UTIME_NOW)
		sa->mtime = ts[1];
}

static int p_utimens(const char *path, const struct timespec *ts, int follow)
{
	struct vfs_setattr sa = { 0 };

	time_attrs(&sa, ts);
	if (!sa.mask) {		/* both UTIME_OMIT: only "does it exist?" */
		struct stat st;

		return vfs_stat(path, &st, follow);
	}
	return vfs_setattr_path(path, &sa, follow);
}

static int p_truncate(const char *path, off_t len)
{
	struct vfs_setattr sa = { .mask = VFS_SET_SIZE, .size = len };

	if (len < 0)
		return -EINVAL;
	return vfs_setattr_path(path, &sa, 1);
}

static const struct uk_path_ops vfs_path_ops = {
	.open = p_open,
	.stat = p_stat,
	.lstat = p_lstat,
	.access = vfs_access,
	.unlink = vfs_unlink,
	.mkdir = vfs_mkdir,
	.mknod = p_mknod,
	.rmdir = vfs_rmdir,
	.rename = vfs_rename,
	.link = vfs_link,
	.symlink = vfs_symlink,
	.readlink = vfs_readlink,
	.chmod = p_chmod,
	.chown = p_chown,
	.utimens = p_utimens,
	.truncate = p_truncate,
	.chdir = vfs_chdir,
	.getcwd = vfs_getcwd,
};

static int ukvfs_register(void)
{
	uk_path_ops_register(&vfs_path_ops);
	return 0;
}
UK_INIT_LIB(ukvfs_register);

/* --- beyond the glue -------------------------------------------------- */

int uk_vfs_file_mem(struct uk_file *f, const void **data, size_t *len)
{
	struct vfs_file *vf;

	if (!f || !is_vfs_file(f))
		return -EBADF;
	vf = vf_of(f);
	if (!S_ISREG(vf->vn->type) || !vf->vn->ops->mem)
		return -ENOTSUP;
	return vf->vn->ops->mem(vf->vn, data, len);
}

int uk_vfs_fd_mem(int fd, const void **data, size_t *len)
{
	struct uk_file *f = uk_fd_get(fd);
	int rc;

	if (!f)
		return -EBADF;
	rc = uk_vfs_file_mem(f, data, len);
	uk_file_put(f);
	return rc;
}

struct dents {
	struct dirent *buf;
	size_t n, max;
};

static int fill_dirent(void *arg, const char *name, size_t len, uint64_t ino,
		       unsigned char dtype, uint64_t next)
{
	struct dents *d = arg;
	struct dirent *e;

	if (d->n == d->max)
		return 1;
	if (len > MAXNAMLEN)
		return 0;	/* skip what cannot be named */
	e = &d->buf[d->n++];
	memset(e, 0, sizeof(*e));
	e->d_ino = (ino_t)ino;
	e->d_off = (off_t)next;
	e->d_reclen = sizeof(*e);
	e->d_type = dtype;
	memcpy(e->d_name, name, len);
	e->d_name[len] = '\0';
	return 0;
}

ssize_t uk_vfs_getdents(int fd, void *buf, size_t len)
{
	struct dents d = { buf, 0, len / sizeof(struct dirent) };
	struct uk_file *f = uk_fd_get(fd);
	int rc;

	if (!f)
		return -EBADF;
	if (!is_vfs_file(f))
		rc = -ENOTDIR;
	else if (d.max == 0)
		rc = -EINVAL;
	else
		rc = vfs_file_readdir(vf_of(f), fill_dirent, &d);
	uk_file_put(f);
	if (rc < 0 && d.n == 0)
		return rc;
	return (ssize_t)(d.n * sizeof(struct dirent));
}

static int ret_errno(int rc)
{
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return rc;
}

int utimes(const char *path, const struct timeval *tv)
{
	struct timespec ts[2];
	int i;

	for (i = 0; tv && i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return ret_errno(-EINVAL);
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return ret_errno(p_utimens(path, tv ? ts : NULL, 1));
}

int utime(const char *path, const struct utimbuf *t)
{
	struct timespec ts[2] = { { 0 }, { 0 } };

	if (t) {
		ts[0].tv_sec = t->actime;
		ts[1].tv_sec = t->modtime;
	}
	return ret_errno(p_utimens(path, t ? ts : NULL, 1));
}

/* The calls on a descriptor: only files of ours have attributes. */
static int fd_setattr(int fd, const struct vfs_setattr *sa)
{
	struct uk_file *f = uk_fd_get(fd);
	int rc;

	if (!f)
		return -EBADF;
	if (!is_vfs_file(f))
		rc = -EINVAL;
	else if (!sa->mask)
		rc = 0;
	else
		rc = vfs_file_setattr(vf_of(f), sa);
	uk_file_put(f);
	return rc;
}

int fchmod(int fd, mode_t mode)
{
	struct vfs_setattr sa = { .mask = VFS_SET_MODE, .mode = mode };

	return ret_errno(fd_setattr(fd, &sa));
}

int fchown(int fd, uid_t uid, gid_t gid)
{
	struct vfs_setattr sa = { 0 };

	owner_attrs(&sa, uid, gid);
	return ret_errno(fd_setattr(fd, &sa));
}

int futimes(int fd, const struct timeval *tv)
{
	struct timespec ts[2];
	int i;

	for (i = 0; tv && i < 2; i++) {
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return futimens(fd, tv ? ts : NULL);
}

int futimens(int fd, const struct timespec ts[2])
{
	struct vfs_setattr sa = { 0 };
	int i;

	for (i = 0; ts && i < 2; i++)
		if ((ts[i].tv_nsec < 0 || ts[i].tv_nsec > 999999999) &&
		    ts[i].tv_nsec != UTIME_NOW && ts[i].tv_nsec != UTIME_OMIT)
			return ret_errno(-EINVAL);
	time_attrs(&sa, ts);
	return ret_errno(fd_setattr(fd, &sa));
}

static void to_statvfs(const struct uk_vfs_statfs *s, struct statvfs *v)
{
	memset(v, 0, sizeof(*v));
	v->f_bsize = v->f_frsize = s->bsize;
	v->f_blocks = s->blocks;
	v->f_bfree = s->bfree;
	v->f_bavail = s->bavail;
	v->f_files = s->files;
	v->f_ffree = v->f_favail = s->ffree;
	v->f_fsid = s->type;
	v->f_flag = s->readonly ? ST_RDONLY : 0;
	v->f_namemax = s->namelen;
}

int statvfs(const char *path, struct statvfs *buf)
{
	struct uk_vfs_statfs s;
	int rc = vfs_statfs(path, &s);

	if (rc == 0)
		to_statvfs(&s, buf);
	return ret_errno(rc);
}

int fstatvfs(int fd, struct statvfs *buf)
{
	struct uk_file *f = uk_fd_get(fd);
	struct uk_vfs_statfs s;
	int rc;

	if (!f)
		return ret_errno(-EBADF);
	rc = is_vfs_file(f) ? vfs_file_statfs(vf_of(f), &s) : -EINVAL;
	uk_file_put(f);
	if (rc == 0)
		to_statvfs(&s, buf);
	return ret_errno(rc);
}

#if !CONFIG_LIBUKVFS_DEVFS
int uk_vfs_random(void *buf, size_t len)
{
	return -ENOTSUP;
}
#endif
