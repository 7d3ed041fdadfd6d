/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * How files, sockets and the console plug into the C library.
 *
 * One descriptor table serves the whole image: the console holds 0, 1
 * and 2 at boot, ukvfs installs files, uknet sockets.  The owner of a
 * kind of file embeds a struct uk_file in its own object (or points priv
 * at it), fills in a struct uk_file_ops and installs it; read(), write(),
 * close(), fstat(), lseek(), dup()... find the file by descriptor and call
 * its operations.  Path calls (open, stat, unlink, mkdir...) go to the one
 * file system namespace registered with uk_path_ops_register() (ukvfs).
 *
 * Every operation returns a count, or 0, on success and a negative errno
 * on failure; the C library turns that into -1 with errno set.  errno
 * values are newlib's (the image's <errno.h>), not Linux's.  An operation
 * left NULL fails with the errno written next to it.
 *
 * Not thread-safe yet: uksched will add a lock around table updates and
 * make the reference counts atomic (they already use atomic builtins).
 */
#ifndef __UK_FILE_H__
#define __UK_FILE_H__

#include <stddef.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <time.h>

struct uk_file;
struct uk_poll_table;

struct uk_file_ops {
	/* Reads at most len bytes at the file position; 0 at end of file.
	 * Blocks unless the file is O_NONBLOCK (then -EAGAIN).  NULL: -EINVAL */
	ssize_t (*read)(struct uk_file *f, void *buf, size_t len);
	/* Writes at most len bytes; returns how many.  NULL: -EINVAL */
	ssize_t (*write)(struct uk_file *f, const void *buf, size_t len);
	/* Like read/write at offset off, the position unchanged. NULL: -ESPIPE */
	ssize_t (*pread)(struct uk_file *f, void *buf, size_t len, off_t off);
	ssize_t (*pwrite)(struct uk_file *f, const void *buf, size_t len,
			  off_t off);
	/* Moves the position (whence: SEEK_SET/CUR/END); returns the new
	 * position.  NULL: -ESPIPE (pipes, sockets, terminals) */
	off_t (*lseek)(struct uk_file *f, off_t off, int whence);
	/* Fills st (zeroed by the caller).  NULL: -EINVAL */
	int (*fstat)(struct uk_file *f, struct stat *st);
	/* Device-specific requests (UK_FIONREAD below...).  FIONBIO and
	 * TIOCGWINSZ never get here: the C library answers them for every
	 * file.  NULL: -ENOTTY */
	int (*ioctl)(struct uk_file *f, unsigned long req, void *arg);
	/* For poll/select (lib/ukfile, uk/poll.h): the POLL* events ready
	 * now; registers the caller on the file's poll queue when pt is not
	 * NULL.  NULL: always ready to read and write (regular files). */
	unsigned int (*poll)(struct uk_file *f, struct uk_poll_table *pt);
	/* Writes cached data to the device.  NULL: -EINVAL */
	int (*fsync)(struct uk_file *f);
	/* Sets the size.  NULL: -EINVAL */
	int (*ftruncate)(struct uk_file *f, off_t len);
	/* An open directory's absolute path into buf, for the *at() calls
	 * and fchdir(); its length.  NULL (not a directory): -ENOTDIR */
	int (*dirpath)(struct uk_file *f, char *buf, size_t len);
	/* The last reference is gone: free the object.  Its result is what
	 * the close() that dropped the last descriptor returns.  May be NULL. */
	int (*release)(struct uk_file *f);
	/* Nonzero for terminals: isatty() is 1 and stdio line-buffers them. */
	int tty;
};

/* ioctl requests files answer, with Linux's numbers (as <sys/ioctl.h>). */
#define UK_FIONREAD	0x541B	/* int *: bytes ready to read */

struct uk_file {
	const struct uk_file_ops *ops;
	void *priv;		/* the owner's; the table never touches it */
	int flags;		/* O_RDONLY/O_WRONLY/O_RDWR, O_APPEND, O_NONBLOCK */
	long refs;		/* descriptors, plus calls in progress */
	/* the epoll instances watching this file (lib/ukfile/epoll.c) */
	struct uk_epoll_item *epoll_items;
	/* holds a flock() lock (lib/ukfile/flock.c) */
	int flocked;
};

/* Sets up f with one reference, the caller's (uk_file_put() it). */
void uk_file_init(struct uk_file *f, const struct uk_file_ops *ops,
		  void *priv, int flags);
void uk_file_get(struct uk_file *f);
/* Drops a reference; the last one calls ops->release and returns its
 * result, the others return 0. */
int uk_file_put(struct uk_file *f);

/*
 * Installs f at the lowest free descriptor >= minfd, taking a reference
 * (the caller keeps its own).  fdflags: 0 or FD_CLOEXEC.  Returns the
 * descriptor, -EMFILE when the table is full, -EINVAL for a bad minfd.
 */
int uk_fd_install(struct uk_file *f, int minfd, int fdflags);
/*
 * For a new file made by a call such as eventfd(): installs f at the
 * lowest free descriptor (FD_CLOEXEC when cloexec) and drops the caller's
 * reference, so the table's is the only one (a failure frees f through
 * its release).  Returns the descriptor, or -1 with errno set.
 */
int uk_fd_install_new(struct uk_file *f, int cloexec);
/* fstat for files with no inode (epoll, eventfd, timerfd): mode 0600 and
 * no type, as Linux's anonymous inodes. */
int uk_file_anon_fstat(struct uk_file *f, struct stat *st);

/* Installs f at descriptor fd (dup2), closing what was there first.
 * Returns fd, or -EBADF when fd is outside the table. */
int uk_fd_install_at(struct uk_file *f, int fd, int fdflags);
/* The file at fd with a reference taken (uk_file_put() it when done),
 * or NULL when fd is not open. */
struct uk_file *uk_fd_get(int fd);
/* Frees descriptor fd.  Returns -EBADF, or what uk_file_put returned. */
int uk_fd_close(int fd);
/* The descriptor flags (FD_CLOEXEC) of fd, or -EBADF. */
int uk_fd_getflags(int fd);
int uk_fd_setflags(int fd, int fdflags);
/* The size of the table (CONFIG_LIBUKFILE_MAXFDS). */
int uk_fd_max(void);

/*
 * The file system namespace: path-based calls.  Same return convention.
 * Any member may be NULL (the call then fails with -ENOSYS).
 */
struct uk_path_ops {
	/* On success *out is a new file holding one reference, the
	 * caller's; the C library installs it and drops its reference. */
	int (*open)(const char *path, int flags, mode_t mode,
		    struct uk_file **out);
	int (*stat)(const char *path, struct stat *st);
	int (*lstat)(const char *path, struct stat *st);
	int (*access)(const char *path, int mode);
	int (*unlink)(const char *path);
	int (*mkdir)(const char *path, mode_t mode);
	/* mode: the file type (S_IFIFO...) and permissions */
	int (*mknod)(const char *path, mode_t mode, dev_t dev);
	int (*rmdir)(const char *path);
	int (*rename)(const char *from, const char *to);
	int (*link)(const char *from, const char *to);
	int (*symlink)(const char *target, const char *path);
	ssize_t (*readlink)(const char *path, char *buf, size_t len);
	int (*chmod)(const char *path, mode_t mode);
	/* follow: 0 acts on a symbolic link itself (lchown, AT_SYMLINK_NOFOLLOW) */
	int (*chown)(const char *path, uid_t uid, gid_t gid, int follow);
	/* ts[0] access, ts[1] modification time; tv_nsec may be UTIME_NOW or
	 * UTIME_OMIT; ts NULL: both now */
	int (*utimens)(const char *path, const struct timespec *ts, int follow);
	int (*truncate)(const char *path, off_t len);
	int (*chdir)(const char *path);
	/* Writes the working directory, NUL-terminated, into buf; returns its
	 * length or -ERANGE. */
	int (*getcwd)(char *buf, size_t len);
};

/*
 * Called once by the library that owns the namespace (ukvfs), from its
 * init function.  Until then every path call fails with ENOSYS.
 */
void uk_path_ops_register(const struct uk_path_ops *ops);
/* The registered namespace, or NULL. */
const struct uk_path_ops *uk_path_ops_get(void);

#endif /* __UK_FILE_H__ */
