/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VFS core: vnode references, the mount table, path resolution and
 * the calls by path and by open file that posix.c exposes.
 *
 * Resolution keeps the chain of directories it went through (a stack of
 * vnodes with the canonical path of each), so ".." is the directory we
 * came from, physically: after a symlink it is the parent of the link's
 * target, at a mount root it is the directory holding the mount point,
 * and at "/" it stays at "/".  Symbolic links are expanded inside the
 * image's namespace (an absolute target starts again from our "/", never
 * the host's), at most VFS_SYMLOOP_MAX times per resolution.
 *
 * Mount points are canonical paths: "/dev" is matched by name before the
 * file system below is asked, so it need not exist there (its parent
 * must).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include "vfs_impl.h"

#ifndef SSIZE_MAX
#define SSIZE_MAX LONG_MAX
#endif

/* --- vnodes ---------------------------------------------------------- */

void vfs_vnode_init(struct uk_vnode *vn, const struct uk_vnode_ops *ops,
		    struct uk_mount *mnt, mode_t type, void *priv)
{
	vn->ops = ops;
	vn->mnt = mnt;
	vn->refs = 1;
	vn->type = type;
	vn->priv = priv;
}

void vfs_vnode_get(struct uk_vnode *vn)
{
	__atomic_add_fetch(&vn->refs, 1, __ATOMIC_ACQ_REL);
}

void vfs_vnode_put(struct uk_vnode *vn)
{
	if (!vn)
		return;
	if (__atomic_sub_fetch(&vn->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	if (vn->ops->inactive)
		vn->ops->inactive(vn);
}

/* --- mounts ---------------------------------------------------------- */

static UK_LIST_HEAD(mounts);
static struct uk_mount *rootmnt;
static unsigned int next_mount_id = 1;
static struct vfs_lock mount_lock;
static int mount_lock_ready;

static char cwd[VFS_PATH_MAX] = "/";
static struct vfs_lock cwd_lock;

static const struct vfs_fstype *const fstypes[] = {
	&vfs_ramfs_type,
#if CONFIG_LIBUKVFS_INITRD || UK_HOST_TEST
	&vfs_initrd_type,
#endif
#if CONFIG_LIBUKVFS_9PFS && !UK_HOST_TEST
	&vfs_9pfs_type,
#endif
#if CONFIG_LIBUKVFS_DEVFS && !UK_HOST_TEST
	&vfs_devfs_type,
#endif
};

static void locks_init(void)
{
	if (!mount_lock_ready) {
		vfs_lock_init(&mount_lock);
		vfs_lock_init(&cwd_lock);
		mount_lock_ready = 1;
	}
}

int vfs_path_normalize(const char *path, char *out, size_t outlen)
{
	size_t o = 0;
	const char *p = path;

	if (!path || path[0] != '/')
		return -EINVAL;
	if (outlen < 2)
		return -ENAMETOOLONG;
	while (*p) {
		const char *c;
		size_t n;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		c = p;
		while (*p && *p != '/')
			p++;
		n = p - c;
		if (n == 1 && c[0] == '.')
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;	/* the slash; "/.." stays "/" */
			continue;
		}
		if (n > VFS_NAME_MAX || o + 1 + n + 1 > outlen)
			return -ENAMETOOLONG;
		out[o++] = '/';
		memcpy(out + o, c, n);
		o += n;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return (int)o;
}

static const struct vfs_fstype *fstype_find(const char *name)
{
	size_t i;

	for (i = 0; i < UK_ARRAY_SIZE(fstypes); i++)
		if (!strcmp(fstypes[i]->name, name))
			return fstypes[i];
	return NULL;
}

static struct uk_mount *mount_at(const char *path, size_t len)
{
	struct uk_list_head *p;

	uk_list_for_each(p, &mounts) {
		struct uk_mount *m = uk_list_entry(p, struct uk_mount, list);

		if (m->pathlen == len && !memcmp(m->path, path, len))
			return m;
	}
	return NULL;
}

int uk_vfs_mount(const char *src, const char *dir, const char *fstype)
{
	const struct vfs_fstype *t;
	struct uk_mount *m;
	char norm[VFS_PATH_MAX];
	int rc;

	locks_init();
	t = fstype ? fstype_find(fstype) : NULL;
	if (!t) {
		uk_pr_err("mount %s: unknown file system type '%s'\n",
			  dir ? dir : "?", fstype ? fstype : "");
		return -ENODEV;
	}
	rc = vfs_path_normalize(dir, norm, sizeof(norm));
	if (rc < 0)
		return rc;
	if (!rootmnt && strcmp(norm, "/")) {
		uk_pr_err("mount %s: no root file system yet\n", norm);
		return -ENOENT;
	}
	m = uk_calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->path = uk_malloc(rc + 1);
	if (!m->path) {
		uk_free(m);
		return -ENOMEM;
	}
	memcpy(m->path, norm, rc + 1);
	m->pathlen = rc;
	m->type = t;
	vfs_lock(&mount_lock);
	if ((rc == 1 && rootmnt) || mount_at(m->path, m->pathlen)) {
		vfs_unlock(&mount_lock);
		uk_free(m->path);
		uk_free(m);
		return -EBUSY;
	}
	m->id = next_mount_id++;
	vfs_unlock(&mount_lock);

	rc = t->mount(m, src ? src : "");
	if (rc < 0) {
		uk_free(m->path);
		uk_free(m);
		return rc;
	}
	vfs_lock(&mount_lock);
	if (m->pathlen == 1)
		rootmnt = m;
	else
		uk_list_add_tail(&m->list, &mounts);
	vfs_unlock(&mount_lock);
	return 0;
}

void vfs_reset(void)
{
	struct uk_list_head *p, *n;

	uk_list_for_each_safe(p, n, &mounts) {
		struct uk_mount *m = uk_list_entry(p, struct uk_mount, list);

		uk_list_del(&m->list);
		if (m->type->unmount)
			m->type->unmount(m);
		else
			vfs_vnode_put(m->root);
		uk_free(m->path);
		uk_free(m);
	}
	if (rootmnt) {
		if (rootmnt->type->unmount)
			rootmnt->type->unmount(rootmnt);
		else
			vfs_vnode_put(rootmnt->root);
		uk_free(rootmnt->path);
		uk_free(rootmnt);
		rootmnt = NULL;
	}
	strcpy(cwd, "/");
}

/* --- path resolution ------------------------------------------------- */

#define W_FOLLOW	0x1	/* follow a symlink in the last component */
#define W_PARENT	0x2	/* a missing last component is not an error */

struct walk {
	/* the directories walked through: stk[0] is "/" */
	struct uk_vnode **stk;
	unsigned int *clen;	/* canonical path length at each depth */
	int depth, cap;
	/* the result */
	struct uk_vnode *dir;	/* holds the last component (NULL: none) */
	struct uk_vnode *vn;	/* the last component, NULL if missing */
	char name[VFS_NAME_MAX + 1];
	int trailing;		/* the path ended with '/' */
	int dotlast;		/* the path ended at a directory ("/", "."..) */
	/* buffers */
	char work[VFS_PATH_MAX];
	char link[VFS_PATH_MAX];
	char canon[VFS_PATH_MAX];
};

static void walk_release(struct walk *w)
{
	int i;

	if (!w)
		return;
	for (i = 0; i <= w->depth; i++)
		vfs_vnode_put(w->stk[i]);
	vfs_vnode_put(w->dir);
	vfs_vnode_put(w->vn);
	uk_free(w->stk);
	uk_free(w->clen);
	uk_free(w);
}

static int walk_push(struct walk *w, struct uk_vnode *vn, const char *name,
		     size_t n)
{
	unsigned int len = w->clen[w->depth] + 1 + n;

	if (len >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (w->depth + 1 >= w->cap) {
		int cap = w->cap * 2;
		struct uk_vnode **s = uk_realloc(w->stk, cap * sizeof(*s));
		unsigned int *c;

		if (!s)
			return -ENOMEM;
		w->stk = s;
		c = uk_realloc(w->clen, cap * sizeof(*c));
		if (!c)
			return -ENOMEM;
		w->clen = c;
		w->cap = cap;
	}
	w->canon[w->clen[w->depth]] = '/';
	memcpy(w->canon + w->clen[w->depth] + 1, name, n);
	w->depth++;
	w->stk[w->depth] = vn;
	w->clen[w->depth] = len;
	return 0;
}

static void walk_pop_to(struct walk *w, int depth)
{
	while (w->depth > depth) {
		vfs_vnode_put(w->stk[w->depth]);
		w->depth--;
	}
}

/* The child name[0..n) of the current directory: a mount's root if the
 * canonical path is a mount point, else what the file system has. */
static int walk_child(struct walk *w, const char *name, size_t n,
		      struct uk_vnode **out)
{
	struct uk_vnode *dir = w->stk[w->depth];
	unsigned int base = w->clen[w->depth];
	struct uk_mount *m;

	if (base + 1 + n >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	w->canon[base] = '/';
	memcpy(w->canon + base + 1, name, n);
	vfs_lock(&mount_lock);
	m = mount_at(w->canon, base + 1 + n);
	if (m) {
		*out = m->root;
		vfs_vnode_get(m->root);
	}
	vfs_unlock(&mount_lock);
	if (m)
		return 0;
	if (!dir->ops->lookup)
		return -ENOENT;
	memcpy(w->name, name, n);
	w->name[n] = '\0';
	return dir->ops->lookup(dir, w->name, out);
}

/* Replaces the component at work[c..e) by the target of symlink vn. */
static int walk_expand(struct walk *w, struct uk_vnode *vn, size_t c,
		       size_t e, size_t worklen)
{
	size_t rest = worklen - e;
	ssize_t n;

	if (!vn->ops->readlink)
		return -EINVAL;
	n = vn->ops->readlink(vn, w->link, sizeof(w->link));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ENOENT;
	if ((size_t)n >= sizeof(w->link) || n + rest >= sizeof(w->work))
		return -ENAMETOOLONG;
	/* work = target + rest (rest starts with '/' or is empty) */
	memmove(w->work + n, w->work + e, rest + 1);
	memcpy(w->work, w->link, n);
	(void)c;
	if (w->link[0] == '/')
		walk_pop_to(w, 0);
	return 0;
}

static int walk(const char *path, int flags, struct walk **out)
{
	struct walk *w;
	size_t len, pos = 0, wl;
	int links = 0, rc;

	*out = NULL;
	if (!path)
		return -EFAULT;
	len = strnlen(path, VFS_PATH_MAX);
	if (len == 0)
		return -ENOENT;
	if (len >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (!rootmnt)
		return -ENOENT;
	w = uk_calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->cap = 16;
	w->stk = uk_malloc(w->cap * sizeof(*w->stk));
	w->clen = uk_malloc(w->cap * sizeof(*w->clen));
	if (!w->stk || !w->clen) {
		uk_free(w->stk);
		uk_free(w->clen);
		uk_free(w);
		return -ENOMEM;
	}
	w->stk[0] = rootmnt->root;
	vfs_vnode_get(rootmnt->root);
	w->clen[0] = 0;
	if (path[0] == '/') {
		memcpy(w->work, path, len + 1);
	} else {
		size_t cl;

		vfs_lock(&cwd_lock);
		cl = strlen(cwd);
		if (cl + 1 + len >= sizeof(w->work)) {
			vfs_unlock(&cwd_lock);
			walk_release(w);
			return -ENAMETOOLONG;
		}
		memcpy(w->work, cwd, cl);
		vfs_unlock(&cwd_lock);
		w->work[cl] = '/';
		memcpy(w->work + cl + 1, path, len + 1);
	}
	*out = w;

	for (;;) {
		struct uk_vnode *child = NULL;
		size_t c, e, a;
		int last;

		wl = strlen(w->work);
		while (w->work[pos] == '/')
			pos++;
		if (!w->work[pos]) {
			/* ended at the directory on top of the stack */
			w->vn = w->stk[w->depth];
			vfs_vnode_get(w->vn);
			w->dotlast = 1;
			w->trailing = 1;
			return 0;
		}
		c = pos;
		e = c;
		while (w->work[e] && w->work[e] != '/')
			e++;
		a = e;
		while (w->work[a] == '/')
			a++;
		last = !w->work[a];
		if (e - c > VFS_NAME_MAX)
			return -ENAMETOOLONG;
		if (e - c == 1 && w->work[c] == '.') {
			pos = e;
			if (last) {
				w->vn = w->stk[w->depth];
				vfs_vnode_get(w->vn);
				w->dotlast = 1;
				w->trailing = a != e;
				return 0;
			}
			continue;
		}
		if (e - c == 2 && w->work[c] == '.' && w->work[c + 1] == '.') {
			walk_pop_to(w, w->depth ? w->depth - 1 : 0);
			pos = e;
			if (last) {
				w->vn = w->stk[w->depth];
				vfs_vnode_get(w->vn);
				w->dotlast = 1;
				w->trailing = a != e;
				return 0;
			}
			continue;
		}
		rc = walk_child(w, w->work + c, e - c, &child);
		if (rc == -ENOENT && last && (flags & W_PARENT)) {
			memcpy(w->name, w->work + c, e - c);
			w->name[e - c] = '\0';
			w->dir = w->stk[w->depth];
			vfs_vnode_get(w->dir);
			w->trailing = a != e;
			return 0;
		}
		if (rc < 0)
			return rc;
		if (S_ISLNK(child->type) &&
		    (!last || (flags & W_FOLLOW) || a != e)) {
			if (++links > VFS_SYMLOOP_MAX) {
				vfs_vnode_put(child);
				return -ELOOP;
			}
			rc = walk_expand(w, child, c, e, wl);
			vfs_vnode_put(child);
			if (rc < 0)
				return rc;
			pos = 0;
			continue;
		}
		if (last) {
			memcpy(w->name, w->work + c, e - c);
			w->name[e - c] = '\0';
			w->dir = w->stk[w->depth];
			vfs_vnode_get(w->dir);
			w->vn = child;
			w->trailing = a != e;
			if (w->trailing && !S_ISDIR(child->type))
				return -ENOTDIR;
			return 0;
		}
		if (!S_ISDIR(child->type)) {
			vfs_vnode_put(child);
			return -ENOTDIR;
		}
		rc = walk_push(w, child, w->work + c, e - c);
		if (rc < 0) {
			vfs_vnode_put(child);
			return rc;
		}
		pos = e;
	}
}

/* The canonical path of the walk's result into buf. */
static int walk_canon(struct walk *w, char *buf, size_t len)
{
	size_t base = w->clen[w->depth], n = 0;

	if (!w->dotlast)
		n = 1 + strlen(w->name);
	if (base + n == 0) {
		if (len < 2)
			return -ERANGE;
		strcpy(buf, "/");
		return 1;
	}
	if (base + n + 1 > len)
		return -ERANGE;
	memcpy(buf, w->canon, base);
	if (n) {
		buf[base] = '/';
		memcpy(buf + base + 1, w->name, n - 1);
	}
	buf[base + n] = '\0';
	return (int)(base + n);
}

static int is_readonly(struct uk_vnode *vn)
{
	return vn->mnt && vn->mnt->readonly;
}

/* --- calls by path --------------------------------------------------- */

static int file_new(struct uk_vnode *vn, void *handle, int flags,
		    struct vfs_file **out)
{
	struct vfs_file *f = uk_calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->vn = vn;
	f->handle = handle;
	f->flags = flags;
	vfs_lock_init(&f->lock);
	*out = f;
	return 0;
}

int vfs_open(const char *path, int flags, mode_t mode, struct vfs_file **out)
{
	int acc = flags & O_ACCMODE, wflags = 0, rc;
	struct uk_vnode *vn;
	struct walk *w;
	void *handle = NULL;

	if (acc != O_RDONLY && acc != O_WRONLY && acc != O_RDWR)
		return -EINVAL;
	if (flags & O_CREAT)
		wflags |= W_PARENT;
	if (!(flags & O_NOFOLLOW) &&
	    (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL))
		wflags |= W_FOLLOW;
	rc = walk(path, wflags, &w);
	if (rc < 0)
		goto out;
	if (!w->vn) {
		struct uk_vnode *dir = w->dir;

		/* O_CREAT of a missing file */
		if (w->trailing) {
			rc = -EISDIR;
			goto out;
		}
		if (is_readonly(dir)) {
			rc = -EROFS;
			goto out;
		}
		if (!dir->ops->create) {
			rc = -EROFS;
			goto out;
		}
		rc = dir->ops->create(dir, w->name, mode & 07777, flags, &vn,
				      &handle);
		if (rc < 0)
			goto out;
		rc = file_new(vn, handle, flags, out);
		if (rc < 0) {
			if (vn->ops->close)
				vn->ops->close(vn, handle);
			vfs_vnode_put(vn);
		}
		goto out;
	}
	vn = w->vn;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		rc = -EEXIST;
		goto out;
	}
	if (S_ISLNK(vn->type)) {
		rc = -ELOOP;	/* O_NOFOLLOW */
		goto out;
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(vn->type)) {
		rc = -ENOTDIR;
		goto out;
	}
	if (S_ISDIR(vn->type) && (acc != O_RDONLY || (flags & O_CREAT))) {
		rc = -EISDIR;
		goto out;
	}
	if (S_ISFIFO(vn->type)) {
		/* no open of the node: posix.c opens an end of its pipe */
		struct uk_pipe *fifo = vn->ops->fifo ? vn->ops->fifo(vn) : NULL;

		rc = fifo ? file_new(vn, NULL, flags, out) : -ENXIO;
		if (rc == 0) {
			(*out)->fifo = fifo;
			w->vn = NULL;
		}
		goto out;
	}
	if ((acc != O_RDONLY || (flags & O_TRUNC)) && S_ISREG(vn->type) &&
	    is_readonly(vn)) {
		rc = -EROFS;
		goto out;
	}
	if (!vn->ops->open) {
		rc = -ENOTSUP;
		goto out;
	}
	rc = vn->ops->open(vn, flags, &handle);
	if (rc < 0)
		goto out;
	rc = file_new(vn, handle, flags, out);
	if (rc < 0) {
		if (vn->ops->close)
			vn->ops->close(vn, handle);
		goto out;
	}
	w->vn = NULL;	/* the file holds the reference now */
	if (S_ISDIR(vn->type)) {
		char *p = uk_malloc(VFS_PATH_MAX);

		if (p && walk_canon(w, p, VFS_PATH_MAX) >= 0) {
			(*out)->path = p;
		} else {
			uk_free(p);	/* the *at() calls say ENOMEM */
		}
	}
out:
	walk_release(w);
	return rc;
}

int vfs_stat(const char *path, struct stat *st, int follow)
{
	struct walk *w;
	int rc = walk(path, follow ? W_FOLLOW : 0, &w);

	if (rc == 0) {
		memset(st, 0, sizeof(*st));
		rc = w->vn->ops->getattr ? w->vn->ops->getattr(w->vn, st)
					 : -ENOTSUP;
		if (rc == 0)
			st->st_dev = w->vn->mnt ? w->vn->mnt->id : 0;
	}
	walk_release(w);
	return rc;
}

int vfs_access(const char *path, int mode)
{
	struct stat st;
	int rc;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	rc = vfs_stat(path, &st, 1);
	if (rc < 0)
		return rc;
	/* We are root: reading and writing are always allowed (except on a
	 * read-only mount); executing needs an x bit, as for Linux's root. */
	if ((mode & X_OK) && !S_ISDIR(st.st_mode) &&
	    !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)))
		return -EACCES;
	if (mode & W_OK) {
		struct walk *w;

		rc = walk(path, W_FOLLOW, &w);
		if (rc == 0 && is_readonly(w->vn))
			rc = -EROFS;
		walk_release(w);
	}
	return rc;
}

/* Resolves path for an operation on a name in its directory. */
static int walk_named(const char *path, struct walk **w)
{
	int rc = walk(path, W_PARENT, w);

	if (rc < 0)
		return rc;
	if ((*w)->dotlast)	/* "/" itself is busy; "x/." and "x/.." */
		return path[strspn(path, "/")] == '\0' ? -EBUSY : -EINVAL;
	if (is_readonly((*w)->dir))
		return -EROFS;
	return 0;
}

int vfs_unlink(const char *path)
{
	struct walk *w;
	int rc = walk_named(path, &w);

	if (rc == 0 && !w->vn)
		rc = -ENOENT;
	if (rc == 0 && S_ISDIR(w->vn->type))
		rc = -EISDIR;
	if (rc == 0 && w->vn->mnt != w->dir->mnt)
		rc = -EBUSY;	/* a mount point */
	if (rc == 0)
		rc = w->dir->ops->unlink ? w->dir->ops->unlink(w->dir, w->name)
					 : -EROFS;
	walk_release(w);
	return rc;
}

int vfs_rmdir(const char *path)
{
	struct walk *w;
	int rc = walk_named(path, &w);

	if (rc == 0 && !w->vn)
		rc = -ENOENT;
	if (rc == 0 && !S_ISDIR(w->vn->type))
		rc = -ENOTDIR;
	if (rc == 0 && w->vn->mnt != w->dir->mnt)
		rc = -EBUSY;
	if (rc == 0)
		rc = w->dir->ops->rmdir ? w->dir->ops->rmdir(w->dir, w->name)
					: -EROFS;
	walk_release(w);
	return rc;
}

int vfs_mkdir(const char *path, mode_t mode)
{
	struct walk *w;
	int rc = walk(path, W_PARENT, &w);

	if (rc == 0 && (w->vn || w->dotlast))
		rc = -EEXIST;
	if (rc == 0 && is_readonly(w->dir))
		rc = -EROFS;
	if (rc == 0)
		rc = w->dir->ops->mkdir ?
			w->dir->ops->mkdir(w->dir, w->name, mode & 07777) :
			-EROFS;
	walk_release(w);
	return rc;
}

int vfs_mknod(const char *path, mode_t mode)
{
	struct walk *w;
	int rc;

	if (!S_ISFIFO(mode))
		return S_ISCHR(mode) || S_ISBLK(mode) || S_ISSOCK(mode) ||
		       S_ISREG(mode) ? -EPERM : -EINVAL;
	rc = walk(path, W_PARENT, &w);
	if (rc == 0 && (w->vn || w->dotlast))
		rc = -EEXIST;
	if (rc == 0 && is_readonly(w->dir))
		rc = -EROFS;
	if (rc == 0)
		rc = w->dir->ops->mknod ?
			w->dir->ops->mknod(w->dir, w->name,
					   S_IFIFO | (mode & 07777)) : -EPERM;
	walk_release(w);
	return rc;
}

int vfs_symlink(const char *target, const char *path)
{
	struct walk *w;
	int rc;

	if (!target)
		return -EFAULT;
	if (!*target)
		return -ENOENT;
	if (strnlen(target, VFS_PATH_MAX) >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	rc = walk(path, W_PARENT, &w);
	if (rc == 0 && (w->vn || w->dotlast))
		rc = -EEXIST;
	if (rc == 0 && w->trailing)
		rc = -ENOENT;
	if (rc == 0 && is_readonly(w->dir))
		rc = -EROFS;
	if (rc == 0)
		rc = w->dir->ops->symlink ?
			w->dir->ops->symlink(w->dir, w->name, target) : -EPERM;
	walk_release(w);
	return rc;
}

int vfs_link(const char *from, const char *to)
{
	struct walk *src, *dst = NULL;
	int rc = walk(from, 0, &src);

	if (rc == 0 && S_ISDIR(src->vn->type))
		rc = -EPERM;
	if (rc == 0)
		rc = walk(to, W_PARENT, &dst);
	if (rc == 0 && (dst->vn || dst->dotlast))
		rc = -EEXIST;
	if (rc == 0 && dst->dir->mnt != src->vn->mnt)
		rc = -EXDEV;
	if (rc == 0 && is_readonly(dst->dir))
		rc = -EROFS;
	if (rc == 0)
		rc = dst->dir->ops->link ?
			dst->dir->ops->link(dst->dir, dst->name, src->vn) :
			-EPERM;
	walk_release(src);
	walk_release(dst);
	return rc;
}

int vfs_rename(const char *from, const char *to)
{
	struct walk *src, *dst = NULL;
	char *sc = NULL, *dc = NULL;
	int rc = walk_named(from, &src);

	if (rc == 0 && !src->vn)
		rc = -ENOENT;
	if (rc == 0)
		rc = walk_named(to, &dst);
	if (rc < 0)
		goto out;
	if (src->dir->mnt != dst->dir->mnt || src->vn->mnt != src->dir->mnt ||
	    (dst->vn && dst->vn->mnt != dst->dir->mnt)) {
		rc = -EXDEV;
		goto out;
	}
	if (dst->vn && S_ISDIR(src->vn->type) != S_ISDIR(dst->vn->type)) {
		rc = S_ISDIR(src->vn->type) ? -ENOTDIR : -EISDIR;
		goto out;
	}
	if (!S_ISDIR(src->vn->type) && dst->trailing) {
		rc = -ENOTDIR;
		goto out;
	}
	/* A directory cannot move into itself. */
	sc = uk_malloc(VFS_PATH_MAX);
	dc = uk_malloc(VFS_PATH_MAX);
	if (!sc || !dc) {
		rc = -ENOMEM;
		goto out;
	}
	if (walk_canon(src, sc, VFS_PATH_MAX) < 0 ||
	    walk_canon(dst, dc, VFS_PATH_MAX) < 0) {
		rc = -ENAMETOOLONG;
		goto out;
	}
	if (!strcmp(sc, dc)) {
		rc = 0;		/* the same name: nothing to do */
		goto out;
	}
	if (S_ISDIR(src->vn->type)) {
		size_t n = strlen(sc);

		if (!strncmp(sc, dc, n) && dc[n] == '/') {
			rc = -EINVAL;
			goto out;
		}
	}
	rc = src->dir->ops->rename ?
		src->dir->ops->rename(src->dir, src->name, dst->dir,
				      dst->name) : -EROFS;
out:
	uk_free(sc);
	uk_free(dc);
	walk_release(src);
	walk_release(dst);
	return rc;
}

ssize_t vfs_readlink(const char *path, char *buf, size_t len)
{
	struct walk *w;
	ssize_t rc = walk(path, 0, &w);

	if (rc == 0 && !S_ISLNK(w->vn->type))
		rc = -EINVAL;
	if (rc == 0 && len == 0)
		rc = -EINVAL;
	if (rc == 0)
		rc = w->vn->ops->readlink ?
			w->vn->ops->readlink(w->vn, buf, len) : -EINVAL;
	walk_release(w);
	return rc;
}

int vfs_setattr_path(const char *path, const struct vfs_setattr *sa,
		     int follow)
{
	struct walk *w;
	int rc = walk(path, follow ? W_FOLLOW : 0, &w);

	if (rc == 0 && (sa->mask & VFS_SET_SIZE)) {
		if (S_ISDIR(w->vn->type))
			rc = -EISDIR;
		else if (!S_ISREG(w->vn->type))
			rc = -EINVAL;
	}
	if (rc == 0 && is_readonly(w->vn))
		rc = -EROFS;
	if (rc == 0)
		rc = w->vn->ops->setattr ? w->vn->ops->setattr(w->vn, sa)
					 : -EPERM;
	walk_release(w);
	return rc;
}

int vfs_chdir(const char *path)
{
	struct walk *w;
	char *buf = NULL;
	int rc = walk(path, W_FOLLOW, &w);

	if (rc == 0 && !S_ISDIR(w->vn->type))
		rc = -ENOTDIR;
	if (rc == 0) {
		buf = uk_malloc(VFS_PATH_MAX);
		rc = buf ? walk_canon(w, buf, VFS_PATH_MAX) : -ENOMEM;
	}
	if (rc >= 0) {
		vfs_lock(&cwd_lock);
		strcpy(cwd, buf);
		vfs_unlock(&cwd_lock);
		rc = 0;
	}
	uk_free(buf);
	walk_release(w);
	return rc;
}

int vfs_getcwd(char *buf, size_t len)
{
	size_t n;
	int rc;

	vfs_lock(&cwd_lock);
	n = strlen(cwd);
	if (n + 1 > len) {
		rc = -ERANGE;
	} else {
		memcpy(buf, cwd, n + 1);
		rc = (int)n;
	}
	vfs_unlock(&cwd_lock);
	return rc;
}

/* What every file system says, then what its statfs adds. */
static int vnode_statfs(struct uk_vnode *vn, struct uk_vfs_statfs *st)
{
	memset(st, 0, sizeof(*st));
	strncpy(st->fstype, vn->mnt->type->name, sizeof(st->fstype) - 1);
	st->bsize = 4096;
	st->namelen = VFS_NAME_MAX;
	st->readonly = is_readonly(vn);
	return vn->ops->statfs ? vn->ops->statfs(vn, st) : 0;
}

int vfs_statfs(const char *path, struct uk_vfs_statfs *st)
{
	struct walk *w;
	int rc = walk(path, W_FOLLOW, &w);

	if (rc == 0)
		rc = vnode_statfs(w->vn, st);
	walk_release(w);
	return rc;
}

int uk_vfs_statfs(const char *path, struct uk_vfs_statfs *st)
{
	return vfs_statfs(path, st);
}

/* --- calls on an open file ------------------------------------------- */

static int file_size(struct vfs_file *f, off_t *size)
{
	struct stat st;
	int rc;

	if (!f->vn->ops->getattr)
		return -ESPIPE;
	memset(&st, 0, sizeof(st));
	rc = f->vn->ops->getattr(f->vn, &st);
	if (rc == 0)
		*size = st.st_size;
	return rc;
}

ssize_t vfs_file_pread(struct vfs_file *f, void *buf, size_t len, off_t off)
{
	if (S_ISDIR(f->vn->type))
		return -EISDIR;
	if (!f->vn->ops->read)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	if (len > (size_t)SSIZE_MAX)
		len = SSIZE_MAX;
	return f->vn->ops->read(f->vn, f->handle, buf, len, off);
}

ssize_t vfs_file_pwrite(struct vfs_file *f, const void *buf, size_t len,
			off_t off)
{
	if (S_ISDIR(f->vn->type))
		return -EISDIR;
	if (!f->vn->ops->write)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	if (len > (size_t)SSIZE_MAX)
		len = SSIZE_MAX;
	return f->vn->ops->write(f->vn, f->handle, buf, len, off);
}

ssize_t vfs_file_read(struct vfs_file *f, void *buf, size_t len)
{
	ssize_t n;

	vfs_lock(&f->lock);
	n = vfs_file_pread(f, buf, len, f->pos);
	if (n > 0)
		f->pos += n;
	vfs_unlock(&f->lock);
	return n;
}

ssize_t vfs_file_write(struct vfs_file *f, const void *buf, size_t len)
{
	ssize_t n;
	int rc;

	vfs_lock(&f->lock);
	if ((f->flags & O_APPEND) && S_ISREG(f->vn->type)) {
		rc = file_size(f, &f->pos);
		if (rc < 0) {
			vfs_unlock(&f->lock);
			return rc;
		}
	}
	n = vfs_file_pwrite(f, buf, len, f->pos);
	if (n > 0)
		f->pos += n;
	vfs_unlock(&f->lock);
	return n;
}

off_t vfs_file_lseek(struct vfs_file *f, off_t off, int whence)
{
	off_t base = 0, size;
	int rc;

	if (S_ISCHR(f->vn->type))
		return 0;	/* devices: as Linux's /dev/null */
	vfs_lock(&f->lock);
	if (S_ISDIR(f->vn->type)) {
		/* directories: only rewinding, and telldir/seekdir values */
		if (whence == SEEK_SET && off >= 0)
			f->dircookie = (uint64_t)off;
		else if (!(whence == SEEK_CUR && off == 0))
			off = -EINVAL;
		else
			off = (off_t)f->dircookie;
		vfs_unlock(&f->lock);
		return off;
	}
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		rc = file_size(f, &size);
		if (rc < 0) {
			vfs_unlock(&f->lock);
			return rc;
		}
		base = size;
		break;
	default:
		vfs_unlock(&f->lock);
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0) {
		vfs_unlock(&f->lock);
		return off > 0 ? -EOVERFLOW : -EINVAL;
	}
	f->pos = base + off;
	off = f->pos;
	vfs_unlock(&f->lock);
	return off;
}

int vfs_file_stat(struct vfs_file *f, struct stat *st)
{
	int rc;

	if (!f->vn->ops->getattr)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	rc = f->vn->ops->getattr(f->vn, st);
	if (rc == 0)
		st->st_dev = f->vn->mnt ? f->vn->mnt->id : 0;
	return rc;
}

int vfs_file_setattr(struct vfs_file *f, const struct vfs_setattr *sa)
{
	if (is_readonly(f->vn))
		return -EROFS;
	return f->vn->ops->setattr ? f->vn->ops->setattr(f->vn, sa) : -EPERM;
}

int vfs_file_statfs(struct vfs_file *f, struct uk_vfs_statfs *st)
{
	return vnode_statfs(f->vn, st);
}

int vfs_file_truncate(struct vfs_file *f, off_t len)
{
	struct vfs_setattr sa = { .mask = VFS_SET_SIZE, .size = len };

	if (len < 0)
		return -EINVAL;
	if (!S_ISREG(f->vn->type))
		return S_ISDIR(f->vn->type) ? -EISDIR : -EINVAL;
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	return vfs_file_setattr(f, &sa);
}

int vfs_file_sync(struct vfs_file *f)
{
	return f->vn->ops->fsync ? f->vn->ops->fsync(f->vn, f->handle) : 0;
}

int vfs_file_readdir(struct vfs_file *f, vfs_filldir_t fill, void *arg)
{
	int rc;

	if (!S_ISDIR(f->vn->type))
		return -ENOTDIR;
	if (!f->vn->ops->readdir)
		return -ENOTSUP;
	vfs_lock(&f->lock);
	rc = f->vn->ops->readdir(f->vn, f->handle, &f->dircookie, fill, arg);
	vfs_unlock(&f->lock);
	return rc;
}

int vfs_file_close(struct vfs_file *f)
{
	int rc = 0;

	if (f->vn->ops->close && !f->fifo)
		rc = f->vn->ops->close(f->vn, f->handle);
	vfs_vnode_put(f->vn);
	uk_free(f->path);
	uk_free(f);
	return rc;
}

int vfs_file_dirpath(struct vfs_file *f, char *buf, size_t len)
{
	size_t n;

	if (!S_ISDIR(f->vn->type))
		return -ENOTDIR;
	if (!f->path)
		return -ENOMEM;
	n = strlen(f->path);
	if (n + 1 > len)
		return -ERANGE;
	memcpy(buf, f->path, n + 1);
	return (int)n;
}
