/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File system calls.  Calls on a descriptor go through the descriptor
 * table to the file's operations (uk/file.h); calls on a path go to the
 * registered namespace (ukvfs), and fail with ENOSYS while there is none.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uk/file.h>
#if CONFIG_LIBUKSCHED
#include <uk/pipe.h>
#endif
#include "glue.h"

static const struct uk_path_ops *path_ops;

void uk_path_ops_register(const struct uk_path_ops *ops)
{
	path_ops = ops;
}

const struct uk_path_ops *uk_path_ops_get(void)
{
	return path_ops;
}

/* --- calls on a descriptor ----------------------------------------------- */

static int readable(struct uk_file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static int writable(struct uk_file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

ssize_t read(int fd, void *buf, size_t len)
{
	struct uk_file *f = uk_fd_get(fd);
	ssize_t rc;

	if (!f)
		return glue_err(EBADF);
	if (!readable(f))
		rc = -EBADF;
	else if (!f->ops->read)
		rc = -EINVAL;
	else
		rc = f->ops->read(f, buf, len);
	uk_file_put(f);
	return glue_ret(rc);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	struct uk_file *f = uk_fd_get(fd);
	ssize_t rc;

	if (!f)
		return glue_err(EBADF);
	if (!writable(f))
		rc = -EBADF;
	else if (!f->ops->write)
		rc = -EINVAL;
	else
		rc = f->ops->write(f, buf, len);
	uk_file_put(f);
	return glue_ret(rc);
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	struct uk_file *f = uk_fd_get(fd);
	ssize_t rc;

	if (!f)
		return glue_err(EBADF);
	if (!readable(f))
		rc = -EBADF;
	else if (off < 0)
		rc = -EINVAL;
	else if (!f->ops->pread)
		rc = -ESPIPE;
	else
		rc = f->ops->pread(f, buf, len, off);
	uk_file_put(f);
	return glue_ret(rc);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	struct uk_file *f = uk_fd_get(fd);
	ssize_t rc;

	if (!f)
		return glue_err(EBADF);
	if (!writable(f))
		rc = -EBADF;
	else if (off < 0)
		rc = -EINVAL;
	else if (!f->ops->pwrite)
		rc = -ESPIPE;
	else
		rc = f->ops->pwrite(f, buf, len, off);
	uk_file_put(f);
	return glue_ret(rc);
}

off_t lseek(int fd, off_t off, int whence)
{
	struct uk_file *f = uk_fd_get(fd);
	off_t rc;

	if (!f)
		return glue_err(EBADF);
	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
		rc = -EINVAL;
	else if (!f->ops->lseek)
		rc = -ESPIPE;
	else
		rc = f->ops->lseek(f, off, whence);
	uk_file_put(f);
	return glue_ret(rc);
}

int close(int fd)
{
	return glue_ret(uk_fd_close(fd));
}

int fstat(int fd, struct stat *st)
{
	struct uk_file *f = uk_fd_get(fd);
	int rc;

	if (!f)
		return glue_err(EBADF);
	memset(st, 0, sizeof(*st));
	rc = f->ops->fstat ? f->ops->fstat(f, st) : -EINVAL;
	uk_file_put(f);
	return glue_ret(rc);
}

int newlib_tty_check(int fd)
{
	struct uk_file *f = uk_fd_get(fd);
	int tty;

	if (!f)
		return EBADF;
	tty = f->ops->tty;
	uk_file_put(f);
	return tty ? 0 : ENOTTY;
}

int isatty(int fd)
{
	int e = newlib_tty_check(fd);

	if (e)
		errno = e;
	return !e;
}

int fsync(int fd)
{
	struct uk_file *f = uk_fd_get(fd);
	int rc;

	if (!f)
		return glue_err(EBADF);
	rc = f->ops->fsync ? f->ops->fsync(f) : -EINVAL;
	uk_file_put(f);
	return glue_ret(rc);
}

int fdatasync(int fd)
{
	return fsync(fd);
}

int ftruncate(int fd, off_t len)
{
	struct uk_file *f = uk_fd_get(fd);
	int rc;

	if (!f)
		return glue_err(EBADF);
	if (len < 0)
		rc = -EINVAL;
	else if (!writable(f))
		rc = -EBADF;
	else
		rc = f->ops->ftruncate ? f->ops->ftruncate(f, len) : -EINVAL;
	uk_file_put(f);
	return glue_ret(rc);
}

/* dup, dup2 and F_DUPFD share the file: its position and status flags. */
static int dup_from(int fd, int minfd, int fdflags)
{
	struct uk_file *f = uk_fd_get(fd);
	int rc;

	if (!f)
		return glue_err(EBADF);
	rc = uk_fd_install(f, minfd, fdflags);
	uk_file_put(f);
	return glue_ret(rc);
}

int dup(int fd)
{
	return dup_from(fd, 0, 0);
}

int dup2(int fd, int fd2)
{
	struct uk_file *f = uk_fd_get(fd);
	int rc;

	if (!f)
		return glue_err(EBADF);
	rc = fd == fd2 ? fd : uk_fd_install_at(f, fd2, 0);
	uk_file_put(f);
	return glue_ret(rc);
}

/*
 * pipe(), pipe2(): lib/ukfile's pipes, which need threads (a read or a
 * write waits for another thread): ENOSYS without uksched.
 */
int pipe2(int fds[2], int flags)
{
#if CONFIG_LIBUKSCHED
	struct uk_file *rd, *wr;
	int fdflags = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0, r, w, rc;

	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return glue_err(EINVAL);
	rc = uk_pipe_create(&rd, &wr, flags & O_NONBLOCK);
	if (rc < 0)
		return glue_ret(rc);
	r = uk_fd_install(rd, 0, fdflags);
	w = r < 0 ? r : uk_fd_install(wr, 0, fdflags);
	if (w < 0 && r >= 0)
		uk_fd_close(r);
	uk_file_put(rd);	/* the descriptors hold them now (or nobody) */
	uk_file_put(wr);
	if (w < 0)
		return glue_ret(w);
	fds[0] = r;
	fds[1] = w;
	return 0;
#else
	(void)fds;
	(void)flags;
	return glue_err(ENOSYS);
#endif
}

int pipe(int fds[2])
{
	return pipe2(fds, 0);
}

/*
 * Record locks (F_GETLK, F_SETLK, F_SETLKW).  POSIX locks belong to the
 * process, and a process never conflicts with itself: with one program
 * in the VM every lock is granted at once, and F_GETLK finds none in the
 * way.  What is checked is what Linux checks: the lock type against the
 * descriptor's access mode, and the range's origin.
 */
static int record_lock(int fd, int cmd, struct flock *l)
{
	struct uk_file *f;
	int acc, e = 0;

	if (!l)
		return glue_err(EFAULT);
	f = uk_fd_get(fd);
	if (!f)
		return glue_err(EBADF);
	acc = f->flags & O_ACCMODE;
	uk_file_put(f);
	if (l->l_whence != SEEK_SET && l->l_whence != SEEK_CUR &&
	    l->l_whence != SEEK_END)
		return glue_err(EINVAL);
	switch (l->l_type) {
	case F_RDLCK:
		if (cmd != F_GETLK && acc == O_WRONLY)
			e = EBADF;
		break;
	case F_WRLCK:
		if (cmd != F_GETLK && acc == O_RDONLY)
			e = EBADF;
		break;
	case F_UNLCK:
		if (cmd == F_GETLK)
			e = EINVAL;
		break;
	default:
		e = EINVAL;
	}
	if (e)
		return glue_err(e);
	if (cmd == F_GETLK)
		l->l_type = F_UNLCK;
	return 0;
}

int fcntl(int fd, int cmd, ...)
{
	struct uk_file *f;
	va_list ap;
	long arg;
	int rc;

	va_start(ap, cmd);
	arg = va_arg(ap, long);	/* harmless for commands without one */
	va_end(ap);

	switch (cmd) {
	case F_DUPFD:
		return dup_from(fd, (int)arg, 0);
	case F_DUPFD_CLOEXEC:
		return dup_from(fd, (int)arg, FD_CLOEXEC);
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		return record_lock(fd, cmd, (struct flock *)arg);
	case F_GETFD:
		return glue_ret(uk_fd_getflags(fd));
	case F_SETFD:
		return glue_ret(uk_fd_setflags(fd, (int)arg));
	case F_GETFL:
	case F_SETFL:
		f = uk_fd_get(fd);
		if (!f)
			return glue_err(EBADF);
		rc = f->flags;
		if (cmd == F_SETFL) {
			/* only these may change after open */
			f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) |
				   ((int)arg & (O_APPEND | O_NONBLOCK));
			rc = 0;
		}
		uk_file_put(f);
		return rc;
	default:
		return glue_err(EINVAL);
	}
}

/*
 * FIONBIO and TIOCGWINSZ are answered here for every file, as Linux's
 * VFS and tty layer do; the rest goes to the file's own ioctl.  Every
 * request known takes a pointer.
 */
int ioctl(int fd, unsigned long req, ...)
{
	struct uk_file *f;
	va_list ap;
	void *arg;
	int rc, v;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);

	f = uk_fd_get(fd);
	if (!f)
		return glue_err(EBADF);
	if (req == FIONBIO) {
		if (!arg) {
			rc = -EFAULT;
		} else {
			memcpy(&v, arg, sizeof(v));
			if (v)
				f->flags |= O_NONBLOCK;
			else
				f->flags &= ~O_NONBLOCK;
			rc = 0;
		}
	} else if (req == TIOCGWINSZ && f->ops->tty) {
		if (arg)
			memset(arg, 0, sizeof(struct winsize));
		rc = arg ? 0 : -EFAULT;
	} else {
		rc = f->ops->ioctl ? f->ops->ioctl(f, req, arg) : -ENOTTY;
	}
	uk_file_put(f);
	return glue_ret(rc);
}

/* --- calls on a path ----------------------------------------------------- */

/* The namespace's operation op, or ENOSYS. */
#define PATH_CALL(op, ...)						\
	(path_ops && path_ops->op ? glue_ret(path_ops->op(__VA_ARGS__)) \
				  : glue_err(ENOSYS))

/* The file mode creation mask: Linux's default, applied by open, creat
 * and mkdir. */
static mode_t creation_mask = 022;

mode_t umask(mode_t mask)
{
	mode_t old = creation_mask;

	creation_mask = mask & 0777;
	return old;
}

int open(const char *path, int flags, ...)
{
	struct uk_file *f;
	mode_t mode = 0;
	va_list ap;
	int rc;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int) & ~creation_mask;
		va_end(ap);
	}
	if (!path_ops || !path_ops->open)
		return glue_err(ENOSYS);
	rc = path_ops->open(path, flags, mode, &f);
	if (rc < 0)
		return glue_err(-rc);
	rc = uk_fd_install(f, 0, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	uk_file_put(f);	/* the descriptor holds it now (or nobody) */
	return glue_ret(rc);
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int stat(const char *path, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	return PATH_CALL(stat, path, st);
}

int lstat(const char *path, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	return PATH_CALL(lstat, path, st);
}

int access(const char *path, int mode)
{
	return PATH_CALL(access, path, mode);
}

int unlink(const char *path)
{
	return PATH_CALL(unlink, path);
}

int mkdir(const char *path, mode_t mode)
{
	return PATH_CALL(mkdir, path, mode & ~creation_mask);
}

/* FIFOs only (on a file system that has them: ramfs, not 9p shares). */
int mknod(const char *path, mode_t mode, dev_t dev)
{
	return PATH_CALL(mknod, path, (mode & S_IFMT) |
			 (mode & 07777 & ~creation_mask), dev);
}

int mkfifo(const char *path, mode_t mode)
{
	return mknod(path, S_IFIFO | (mode & 07777), 0);
}

/*
 * The path an *at() call means: path itself when absolute or relative to
 * the working directory (AT_FDCWD), else the path of dirfd's directory
 * joined with it in buf.  An open directory keeps the path it was opened
 * at (ukvfs): unlike Linux, a rename of it afterwards is not followed.
 * NULL with errno set when there is no such path.
 */
static const char *at_path(int dirfd, const char *path, char *buf,
			   size_t len)
{
	struct uk_file *f;
	int n;

	if (!path) {
		errno = EFAULT;
		return NULL;
	}
	if (path[0] == '/' || dirfd == AT_FDCWD)
		return path;
	f = uk_fd_get(dirfd);
	if (!f) {
		errno = EBADF;
		return NULL;
	}
	n = f->ops->dirpath ? f->ops->dirpath(f, buf, len) : -ENOTDIR;
	uk_file_put(f);
	if (n < 0) {
		errno = n == -ERANGE ? ENAMETOOLONG : -n;
		return NULL;
	}
	if (!path[0]) {
		errno = ENOENT;	/* as Linux without AT_EMPTY_PATH */
		return NULL;
	}
	if ((size_t)n + 1 + strlen(path) + 1 > len) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	buf[n] = '/';
	strcpy(buf + n + 1, path);
	return buf;
}

/* Runs call with path turned into the path it means (at_path). */
#define AT_CALL(dirfd, path, call)					\
	do {								\
		char at_buf_[PATH_MAX];					\
									\
		path = at_path(dirfd, path, at_buf_, sizeof(at_buf_));	\
		if (!path)						\
			return -1;					\
		return call;						\
	} while (0)

int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	AT_CALL(dirfd, path, open(path, flags, mode));
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return glue_err(EINVAL);
	AT_CALL(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? lstat(path, st)
							  : stat(path, st));
}

int unlinkat(int dirfd, const char *path, int flags)
{
	if (flags & ~AT_REMOVEDIR)
		return glue_err(EINVAL);
	AT_CALL(dirfd, path, (flags & AT_REMOVEDIR) ? rmdir(path)
						    : unlink(path));
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	AT_CALL(dirfd, path, mkdir(path, mode));
}

int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	AT_CALL(dirfd, path, mknod(path, mode, dev));
}

int mkfifoat(int dirfd, const char *path, mode_t mode)
{
	AT_CALL(dirfd, path, mkfifo(path, mode));
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
		return glue_err(EINVAL);
	AT_CALL(dirfd, path, access(path, mode));
}

ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t len)
{
	AT_CALL(dirfd, path, readlink(path, buf, len));
}

int symlinkat(const char *target, int dirfd, const char *path)
{
	AT_CALL(dirfd, path, symlink(target, path));
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
	char from_buf[PATH_MAX], to_buf[PATH_MAX];

	from = at_path(fromfd, from, from_buf, sizeof(from_buf));
	to = from ? at_path(tofd, to, to_buf, sizeof(to_buf)) : NULL;
	if (!to)
		return -1;
	return rename(from, to);
}

/* As glibc's: a symbolic link's own mode cannot change (ENOTSUP). */
static int chmod_nofollow(const char *path, mode_t mode)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return -1;
	if (S_ISLNK(st.st_mode))
		return glue_err(ENOTSUP);
	return chmod(path, mode);
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return glue_err(EINVAL);
	AT_CALL(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) ?
			     chmod_nofollow(path, mode) : chmod(path, mode));
}

int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return glue_err(EINVAL);
	AT_CALL(dirfd, path, PATH_CALL(chown, path, uid, gid,
				       !(flags & AT_SYMLINK_NOFOLLOW)));
}

int utimensat(int dirfd, const char *path, const struct timespec ts[2],
	      int flags)
{
	int i;

	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return glue_err(EINVAL);
	for (i = 0; ts && i < 2; i++)
		if ((ts[i].tv_nsec < 0 || ts[i].tv_nsec > 999999999) &&
		    ts[i].tv_nsec != UTIME_NOW && ts[i].tv_nsec != UTIME_OMIT)
			return glue_err(EINVAL);
	AT_CALL(dirfd, path, PATH_CALL(utimens, path, ts,
				       !(flags & AT_SYMLINK_NOFOLLOW)));
}

/* Nothing to write back: 9pfs sends every write at once, ramfs is memory. */
void sync(void)
{
}

int ttyname_r(int fd, char *buf, size_t len)
{
	int e = newlib_tty_check(fd);

	if (e)
		return e;
	if (len < sizeof("/dev/console"))
		return ERANGE;
	strcpy(buf, "/dev/console");	/* the only terminal */
	return 0;
}

char *ttyname(int fd)
{
	static char name[16];
	int rc = ttyname_r(fd, name, sizeof(name));

	if (rc) {
		errno = rc;
		return NULL;
	}
	return name;
}

/*
 * realpath(): the absolute path with every symbolic link followed and no
 * ".", ".." or "//", as the namespace's own lstat and readlink see it.
 * Each component must exist (ENOENT) and all but the last be directories
 * (ENOTDIR); 40 links at most (ELOOP), as on Linux.
 */
#define REALPATH_MAX_LINKS	40

static int resolve(const char *path, char *out)
{
	char todo[PATH_MAX], link[PATH_MAX];
	size_t olen = 1;
	int links = 0;

	if (!path_ops || !path_ops->lstat || !path_ops->readlink)
		return -ENOSYS;
	if (!*path)
		return -ENOENT;
	if (strlen(path) >= sizeof(todo))
		return -ENAMETOOLONG;
	strcpy(todo, path);
	if (path[0] == '/') {
		strcpy(out, "/");
	} else {
		int rc = path_ops->getcwd ? path_ops->getcwd(out, PATH_MAX)
					  : -ENOSYS;

		if (rc < 0)
			return rc;
		olen = strlen(out);
	}
	for (char *p = todo; *p;) {
		char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		struct stat st;
		ssize_t ln;
		int rc;

		if (n == 0 || (n == 1 && p[0] == '.')) {
			p += n + (end != NULL);
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (olen > 1 && out[olen - 1] != '/')
				olen--;
			if (olen > 1)
				olen--;		/* the slash, unless it is the root */
			out[olen] = '\0';
			p += n + (end != NULL);
			continue;
		}
		if (olen + 1 + n >= PATH_MAX)
			return -ENAMETOOLONG;
		if (olen > 1)
			out[olen++] = '/';
		memcpy(out + olen, p, n);
		olen += n;
		out[olen] = '\0';
		p += n + (end != NULL);
		rc = path_ops->lstat(out, &st);
		if (rc < 0)
			return rc;
		if (S_ISLNK(st.st_mode)) {
			if (++links > REALPATH_MAX_LINKS)
				return -ELOOP;
			ln = path_ops->readlink(out, link, sizeof(link) - 1);
			if (ln < 0)
				return (int)ln;
			link[ln] = '\0';
			/* the target, then what was left of the path */
			if ((size_t)ln + 1 + strlen(p) >= sizeof(link))
				return -ENAMETOOLONG;
			if (*p) {
				strcat(link, "/");
				strcat(link, p);
			}
			strcpy(todo, link);
			p = todo;
			/* a relative target is relative to the link's folder */
			while (olen > 1 && out[olen - 1] != '/')
				olen--;
			if (olen > 1)
				olen--;
			out[olen] = '\0';
			if (todo[0] == '/') {
				strcpy(out, "/");
				olen = 1;
			}
		} else if (end && !S_ISDIR(st.st_mode)) {
			return -ENOTDIR;	/* "file/..." or "file/" */
		}
	}
	return 0;
}

char *realpath(const char *path, char *resolved)
{
	char *out = resolved ? resolved : malloc(PATH_MAX);
	int rc;

	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	if (!out) {
		errno = ENOMEM;
		return NULL;
	}
	rc = resolve(path, out);
	if (rc < 0) {
		if (!resolved)
			free(out);
		errno = -rc;
		return NULL;
	}
	return out;
}

int rmdir(const char *path)
{
	return PATH_CALL(rmdir, path);
}

/* newlib's own rename() would emulate it with link() and unlink(). */
int rename(const char *from, const char *to)
{
	return PATH_CALL(rename, from, to);
}

int link(const char *from, const char *to)
{
	return PATH_CALL(link, from, to);
}

int symlink(const char *target, const char *path)
{
	return PATH_CALL(symlink, target, path);
}

ssize_t readlink(const char *path, char *buf, size_t len)
{
	return PATH_CALL(readlink, path, buf, len);
}

int chown(const char *path, uid_t uid, gid_t gid)
{
	return PATH_CALL(chown, path, uid, gid, 1);
}

int lchown(const char *path, uid_t uid, gid_t gid)
{
	return PATH_CALL(chown, path, uid, gid, 0);
}

int chmod(const char *path, mode_t mode)
{
	return PATH_CALL(chmod, path, mode);
}

int truncate(const char *path, off_t len)
{
	if (len < 0)
		return glue_err(EINVAL);
	return PATH_CALL(truncate, path, len);
}

int chdir(const char *path)
{
	return PATH_CALL(chdir, path);
}

int fchdir(int fd)
{
	const char *path = ".";

	if (fd < 0)
		return glue_err(EBADF);
	AT_CALL(fd, path, chdir(path));
}

char *getcwd(char *buf, size_t len)
{
	int rc;

	if (!buf || !len) {
		/* the GNU extension (allocate the buffer) is not offered */
		errno = buf ? EINVAL : ENOSYS;
		return NULL;
	}
	if (!path_ops || !path_ops->getcwd) {
		errno = ENOSYS;
		return NULL;
	}
	rc = path_ops->getcwd(buf, len);
	if (rc < 0) {
		errno = -rc;
		return NULL;
	}
	return buf;
}
