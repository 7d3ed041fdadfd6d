/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ramfs: a writable file system in memory.  Also the tree an initrd is
 * unpacked into: its regular files start out pointing at the archive's
 * own memory (external data, never copied or freed) and get a private
 * copy on their first change.
 *
 * A node is its own vnode.  It lives while it has a name in some
 * directory (links) or a reference (an open file, a lookup in progress);
 * the last of the two to go frees it.  One lock per mount serialises
 * every operation.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/print.h>
#if UK_HOST_TEST
#include <time.h>
#else
#include <uk/plat/time.h>
#endif
#include "vfs_impl.h"

/* Files stop growing here (and offsets cannot overflow). */
#define RAMFS_MAX_SIZE	(1ULL << 40)

/* Linux's d_type values (what <dirent.h> gives too). */
#define DT_DIR_	4
#define DT_REG_	8
#define DT_LNK_	10
#define DT_CHR_	2
#define DT_FIFO_	1

/* FIFOs need pipes, which need threads to wait (and the host tests have
 * neither). */
#define RAMFS_FIFOS	(CONFIG_LIBUKSCHED && !UK_HOST_TEST)
#if RAMFS_FIFOS
#include <uk/pipe.h>
#endif

struct ramfs;

struct ramfs_dirent {
	struct uk_list_head list;
	struct ramfs_node *node;
	uint64_t seq;		/* readdir cookie: increasing in the list */
	size_t namelen;
	char name[];
};

struct ramfs_node {
	struct uk_vnode vn;
	struct ramfs *fs;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	unsigned int links;	/* directory entries naming it */
	uint64_t ino;
	struct timespec atime, mtime, ctime;
	/* regular files and symbolic links */
	char *data;
	size_t size, cap;
	int ext;		/* data is not ours (initrd) */
	/* directories */
	struct uk_list_head children;
	uint64_t next_seq;
	/* FIFOs */
	struct uk_pipe *fifo;
};

struct ramfs {
	struct vfs_lock lock;
	uint64_t next_ino;
	uint64_t bytes;		/* file data we allocated */
	struct ramfs_node *root;
};

static const struct uk_vnode_ops ramfs_ops;

static struct timespec now(void)
{
	struct timespec ts;
#if UK_HOST_TEST
	clock_gettime(CLOCK_REALTIME, &ts);
#else
	uint64_t ns = uk_plat_wall_ns();

	ts.tv_sec = ns / 1000000000ULL;
	ts.tv_nsec = ns % 1000000000ULL;
#endif
	return ts;
}

static struct ramfs_node *node_of(struct uk_vnode *vn)
{
	return vn->priv;
}

static struct ramfs_node *node_new(struct ramfs *fs, struct uk_mount *m,
				   mode_t mode)
{
	struct ramfs_node *n = uk_calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	vfs_vnode_init(&n->vn, &ramfs_ops, m, mode & S_IFMT, n);
	n->vn.refs = 0;		/* only named, nobody holds it yet */
	n->fs = fs;
	n->mode = mode;
	n->ino = ++fs->next_ino;
	n->atime = n->mtime = n->ctime = now();
	uk_list_init(&n->children);
	n->next_seq = 1;
	return n;
}

static void node_free(struct ramfs_node *n)
{
#if RAMFS_FIFOS
	if (n->fifo)
		uk_fifo_put(n->fifo);
#endif
	if (!n->ext) {
		if (S_ISREG(n->mode))
			n->fs->bytes -= n->cap;
		uk_free(n->data);
	}
	uk_free(n);
}

/* With the lock held: n lost a name or its last reference. */
static void node_maybe_free(struct ramfs_node *n)
{
	if (n->links == 0 &&
	    __atomic_load_n(&n->vn.refs, __ATOMIC_ACQUIRE) == 0)
		node_free(n);
}

static struct ramfs_dirent *dir_find(struct ramfs_node *dir, const char *name,
				     size_t len)
{
	struct uk_list_head *p;

	uk_list_for_each(p, &dir->children) {
		struct ramfs_dirent *d =
			uk_list_entry(p, struct ramfs_dirent, list);

		if (d->namelen == len && !memcmp(d->name, name, len))
			return d;
	}
	return NULL;
}

static int dir_add(struct ramfs_node *dir, const char *name, size_t len,
		   struct ramfs_node *n)
{
	struct ramfs_dirent *d = uk_malloc(sizeof(*d) + len + 1);

	if (!d)
		return -ENOSPC;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	d->namelen = len;
	d->node = n;
	d->seq = dir->next_seq++;
	uk_list_add_tail(&d->list, &dir->children);
	n->links++;
	dir->mtime = dir->ctime = now();
	return 0;
}

/* Removes entry d from dir; the node goes if that was all it had. */
static void dir_remove(struct ramfs_node *dir, struct ramfs_dirent *d)
{
	struct ramfs_node *n = d->node;

	uk_list_del(&d->list);
	uk_free(d);
	n->links--;
	n->ctime = dir->mtime = dir->ctime = now();
	node_maybe_free(n);
}

/* Makes n's data ours and at least want bytes big. */
static int data_reserve(struct ramfs_node *n, size_t want)
{
	size_t cap;
	char *p;

	if (want > RAMFS_MAX_SIZE)
		return -EFBIG;
	if (!n->ext && want <= n->cap)
		return 0;
	cap = n->ext ? want : UK_MAX(want, n->cap * 2);
	if (cap < 64)
		cap = 64;
	if (n->ext) {
		p = uk_malloc(cap);
		if (!p)
			return -ENOSPC;
		memcpy(p, n->data, UK_MIN(n->size, want));
		n->ext = 0;
		n->cap = 0;
	} else {
		p = uk_realloc(n->data, cap);
		if (!p)
			return -ENOSPC;
	}
	n->fs->bytes += cap - n->cap;
	n->data = p;
	n->cap = cap;
	return 0;
}

static int set_size(struct ramfs_node *n, size_t size)
{
	int rc;

	if (size > n->size) {
		rc = data_reserve(n, size);
		if (rc < 0)
			return rc;
		memset(n->data + n->size, 0, size - n->size);
	} else if (n->ext && size < n->size) {
		/* shrinking external data: just see less of it */
	}
	n->size = size;
	n->mtime = n->ctime = now();
	return 0;
}

/* --- internal API for initrd.c -------------------------------------- */

int ramfs_mount_new(struct uk_mount *m)
{
	struct ramfs *fs = uk_calloc(1, sizeof(*fs));
	struct ramfs_node *root;

	if (!fs)
		return -ENOMEM;
	vfs_lock_init(&fs->lock);
	root = node_new(fs, m, S_IFDIR | 0755);
	if (!root) {
		uk_free(fs);
		return -ENOMEM;
	}
	root->links = 1;	/* the mount names it */
	root->vn.refs = 1;	/* the mount's reference */
	fs->root = root;
	m->priv = fs;
	m->root = &root->vn;
	return 0;
}

/* Removes everything under dir (the lock held). */
static void free_tree(struct ramfs_node *dir)
{
	while (!uk_list_empty(&dir->children)) {
		struct ramfs_dirent *d = uk_list_first_entry(
			&dir->children, struct ramfs_dirent, list);

		if (S_ISDIR(d->node->mode))
			free_tree(d->node);
		dir_remove(dir, d);
	}
}

void ramfs_unmount(struct uk_mount *m)
{
	struct ramfs *fs = m->priv;
	struct ramfs_node *root = fs->root;

	vfs_lock(&fs->lock);
	free_tree(root);
	vfs_unlock(&fs->lock);
	root->links = 0;
	vfs_vnode_put(&root->vn);	/* the mount's: frees the root */
	uk_free(fs);
}

struct ramfs_node *ramfs_root(struct uk_mount *m)
{
	return ((struct ramfs *)m->priv)->root;
}

struct ramfs_node *ramfs_child(struct ramfs_node *dir, const char *name,
			       size_t namelen)
{
	struct ramfs_dirent *d = dir_find(dir, name, namelen);

	return d ? d->node : NULL;
}

int ramfs_node_is_dir(struct ramfs_node *n)
{
	return S_ISDIR(n->mode);
}

int ramfs_node_is_reg(struct ramfs_node *n)
{
	return S_ISREG(n->mode);
}

void ramfs_set_extdata(struct ramfs_node *n, const void *data, size_t len)
{
	if (!n->ext) {
		n->fs->bytes -= n->cap;
		uk_free(n->data);
	}
	n->data = (char *)data;
	n->size = len;
	n->cap = 0;
	n->ext = 1;
}

int ramfs_add(struct ramfs_node *dir, const char *name, size_t namelen,
	      mode_t mode, const void *data, size_t len, int64_t mtime,
	      struct ramfs_node *existing, struct ramfs_node **out)
{
	struct ramfs_node *n = existing;
	int rc;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir_find(dir, name, namelen))
		return -EEXIST;
	if (!n) {
		n = node_new(dir->fs, dir->vn.mnt, mode);
		if (!n)
			return -ENOMEM;
		if (S_ISREG(mode)) {
			n->data = (char *)data;
			n->size = len;
			n->ext = 1;
		} else if (S_ISLNK(mode)) {
			n->data = uk_malloc(len ? len : 1);
			if (!n->data) {
				uk_free(n);
				return -ENOMEM;
			}
			memcpy(n->data, data, len);
			n->size = len;
		}
		if (mtime >= 0) {
			n->mtime.tv_sec = mtime;
			n->mtime.tv_nsec = 0;
			n->ctime = n->atime = n->mtime;
		}
	}
	rc = dir_add(dir, name, namelen, n);
	if (rc < 0) {
		if (!existing)
			node_free(n);
		return rc;
	}
	if (out)
		*out = n;
	return 0;
}

/* --- vnode operations ------------------------------------------------ */

static int ramfs_lookup(struct uk_vnode *dvn, const char *name,
			struct uk_vnode **out)
{
	struct ramfs_node *dir = node_of(dvn);
	struct ramfs_dirent *d;
	int rc = -ENOENT;

	vfs_lock(&dir->fs->lock);
	d = dir_find(dir, name, strlen(name));
	if (d) {
		vfs_vnode_get(&d->node->vn);
		*out = &d->node->vn;
		rc = 0;
	}
	vfs_unlock(&dir->fs->lock);
	return rc;
}

static int make_node(struct ramfs_node *dir, const char *name, mode_t mode,
		     struct ramfs_node **out)
{
	size_t len = strlen(name);
	struct ramfs_node *n;
	int rc;

	if (dir->links == 0)
		return -ENOENT;		/* removed while we looked */
	if (dir_find(dir, name, len))
		return -EEXIST;
	n = node_new(dir->fs, dir->vn.mnt, mode);
	if (!n)
		return -ENOSPC;
	rc = dir_add(dir, name, len, n);
	if (rc < 0) {
		node_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

static int ramfs_create(struct uk_vnode *dvn, const char *name, mode_t mode,
			int oflags, struct uk_vnode **out, void **handle)
{
	struct ramfs_node *dir = node_of(dvn), *n;
	int rc;

	vfs_lock(&dir->fs->lock);
	rc = make_node(dir, name, S_IFREG | (mode & 07777), &n);
	if (rc == 0) {
		vfs_vnode_get(&n->vn);
		*out = &n->vn;
		*handle = NULL;
	}
	vfs_unlock(&dir->fs->lock);
	return rc;
}

static int ramfs_mkdir(struct uk_vnode *dvn, const char *name, mode_t mode)
{
	struct ramfs_node *dir = node_of(dvn), *n;
	int rc;

	vfs_lock(&dir->fs->lock);
	rc = make_node(dir, name, S_IFDIR | (mode & 07777), &n);
	vfs_unlock(&dir->fs->lock);
	return rc;
}

#if RAMFS_FIFOS
static int ramfs_mknod(struct uk_vnode *dvn, const char *name, mode_t mode)
{
	struct ramfs_node *dir = node_of(dvn), *n;
	struct uk_pipe *p = uk_fifo_new();
	int rc;

	if (!p)
		return -ENOSPC;
	vfs_lock(&dir->fs->lock);
	rc = make_node(dir, name, S_IFIFO | (mode & 07777), &n);
	if (rc == 0) {
		n->fifo = p;
		p = NULL;
	}
	vfs_unlock(&dir->fs->lock);
	if (p)
		uk_fifo_put(p);
	return rc;
}

static struct uk_pipe *ramfs_fifo(struct uk_vnode *vn)
{
	return node_of(vn)->fifo;
}
#endif

static int ramfs_symlink(struct uk_vnode *dvn, const char *name,
			 const char *target)
{
	struct ramfs_node *dir = node_of(dvn), *n;
	size_t len = strlen(target);
	char *copy = uk_malloc(len);
	int rc;

	if (!copy)
		return -ENOSPC;
	memcpy(copy, target, len);
	vfs_lock(&dir->fs->lock);
	rc = make_node(dir, name, S_IFLNK | 0777, &n);
	if (rc == 0) {
		n->data = copy;
		n->size = len;
		copy = NULL;
	}
	vfs_unlock(&dir->fs->lock);
	uk_free(copy);
	return rc;
}

static int ramfs_link(struct uk_vnode *dvn, const char *name,
		      struct uk_vnode *vn)
{
	struct ramfs_node *dir = node_of(dvn), *n = node_of(vn);
	size_t len = strlen(name);
	int rc;

	if (vn->ops != &ramfs_ops || n->fs != dir->fs)
		return -EXDEV;
	vfs_lock(&dir->fs->lock);
	if (dir->links == 0 || n->links == 0)
		rc = -ENOENT;
	else if (dir_find(dir, name, len))
		rc = -EEXIST;
	else
		rc = dir_add(dir, name, len, n);
	if (rc == 0)
		n->ctime = now();
	vfs_unlock(&dir->fs->lock);
	return rc;
}

static int remove_name(struct uk_vnode *dvn, const char *name, int isdir)
{
	struct ramfs_node *dir = node_of(dvn);
	struct ramfs_dirent *d;
	int rc = 0;

	vfs_lock(&dir->fs->lock);
	d = dir_find(dir, name, strlen(name));
	if (!d)
		rc = -ENOENT;
	else if (isdir && !S_ISDIR(d->node->mode))
		rc = -ENOTDIR;
	else if (!isdir && S_ISDIR(d->node->mode))
		rc = -EISDIR;
	else if (isdir && !uk_list_empty(&d->node->children))
		rc = -ENOTEMPTY;
	if (rc == 0)
		dir_remove(dir, d);
	vfs_unlock(&dir->fs->lock);
	return rc;
}

static int ramfs_unlink(struct uk_vnode *dvn, const char *name)
{
	return remove_name(dvn, name, 0);
}

static int ramfs_rmdir(struct uk_vnode *dvn, const char *name)
{
	return remove_name(dvn, name, 1);
}

static int ramfs_rename(struct uk_vnode *odvn, const char *oname,
			struct uk_vnode *ndvn, const char *nname)
{
	struct ramfs_node *odir = node_of(odvn), *ndir = node_of(ndvn);
	size_t nlen = strlen(nname);
	struct ramfs_dirent *s, *t, *d;
	int rc = 0;

	if (ndvn->ops != &ramfs_ops || ndir->fs != odir->fs)
		return -EXDEV;
	vfs_lock(&odir->fs->lock);
	s = dir_find(odir, oname, strlen(oname));
	t = dir_find(ndir, nname, nlen);
	if (!s || ndir->links == 0) {
		rc = -ENOENT;
	} else if (t && t->node == s->node) {
		rc = 0;		/* two names of one file: POSIX says no-op */
		goto out;
	} else if (t && S_ISDIR(t->node->mode)) {
		if (!S_ISDIR(s->node->mode))
			rc = -EISDIR;
		else if (!uk_list_empty(&t->node->children))
			rc = -ENOTEMPTY;
	} else if (t && S_ISDIR(s->node->mode)) {
		rc = -ENOTDIR;
	}
	if (rc < 0)
		goto out;
	d = uk_malloc(sizeof(*d) + nlen + 1);
	if (!d) {
		rc = -ENOSPC;
		goto out;
	}
	memcpy(d->name, nname, nlen + 1);
	d->namelen = nlen;
	d->node = s->node;
	d->seq = ndir->next_seq++;
	s->node->links++;	/* so removing the old name keeps it */
	if (t)
		dir_remove(ndir, t);
	uk_list_add_tail(&d->list, &ndir->children);
	dir_remove(odir, s);
	ndir->mtime = ndir->ctime = now();
out:
	vfs_unlock(&odir->fs->lock);
	return rc;
}

static ssize_t ramfs_readlink(struct uk_vnode *vn, char *buf, size_t len)
{
	struct ramfs_node *n = node_of(vn);
	size_t c;

	vfs_lock(&n->fs->lock);
	c = UK_MIN(len, n->size);
	memcpy(buf, n->data, c);
	vfs_unlock(&n->fs->lock);
	return (ssize_t)c;
}

static int ramfs_getattr(struct uk_vnode *vn, struct stat *st)
{
	struct ramfs_node *n = node_of(vn);
	struct uk_list_head *p;

	vfs_lock(&n->fs->lock);
	st->st_ino = n->ino;
	st->st_mode = n->mode;
	st->st_uid = n->uid;
	st->st_gid = n->gid;
	st->st_nlink = n->links;
	if (S_ISDIR(n->mode)) {
		st->st_nlink = 2;
		uk_list_for_each(p, &n->children) {
			struct ramfs_dirent *d =
				uk_list_entry(p, struct ramfs_dirent, list);

			st->st_nlink += S_ISDIR(d->node->mode);
		}
		st->st_size = 4096;
	} else {
		st->st_size = n->size;
	}
	st->st_blksize = 4096;
	st->st_blocks = (n->ext ? 0 : n->cap + 511) / 512;
	st->st_atim = n->atime;
	st->st_mtim = n->mtime;
	st->st_ctim = n->ctime;
	vfs_unlock(&n->fs->lock);
	return 0;
}

static int ramfs_setattr(struct uk_vnode *vn, const struct vfs_setattr *sa)
{
	struct ramfs_node *n = node_of(vn);
	int rc = 0;

	vfs_lock(&n->fs->lock);
	if (sa->mask & VFS_SET_SIZE) {
		if (!S_ISREG(n->mode))
			rc = -EINVAL;
		else if (sa->size < 0)
			rc = -EINVAL;
		else
			rc = set_size(n, (size_t)sa->size);
	}
	if (rc == 0 && (sa->mask & VFS_SET_MODE))
		n->mode = (n->mode & S_IFMT) | (sa->mode & 07777);
	if (rc == 0 && (sa->mask & VFS_SET_UID))
		n->uid = sa->uid;
	if (rc == 0 && (sa->mask & VFS_SET_GID))
		n->gid = sa->gid;
	if (rc == 0 && (sa->mask & VFS_SET_ATIME))
		n->atime = sa->atime;
	if (rc == 0 && (sa->mask & VFS_SET_MTIME))
		n->mtime = sa->mtime;
	if (rc == 0)
		n->ctime = now();
	vfs_unlock(&n->fs->lock);
	return rc;
}

static int ramfs_open(struct uk_vnode *vn, int oflags, void **handle)
{
	struct ramfs_node *n = node_of(vn);
	int rc = 0;

	*handle = NULL;
	if ((oflags & O_TRUNC) && S_ISREG(n->mode) &&
	    (oflags & O_ACCMODE) != O_RDONLY) {
		vfs_lock(&n->fs->lock);
		if (n->size)
			rc = set_size(n, 0);
		vfs_unlock(&n->fs->lock);
	}
	return rc;
}

static ssize_t ramfs_read(struct uk_vnode *vn, void *handle, void *buf,
			  size_t len, off_t off)
{
	struct ramfs_node *n = node_of(vn);
	size_t c = 0;

	vfs_lock(&n->fs->lock);
	if ((uint64_t)off < n->size) {
		c = UK_MIN(len, n->size - (size_t)off);
		memcpy(buf, n->data + off, c);
	}
	vfs_unlock(&n->fs->lock);
	return (ssize_t)c;
}

static ssize_t ramfs_write(struct uk_vnode *vn, void *handle, const void *buf,
			   size_t len, off_t off)
{
	struct ramfs_node *n = node_of(vn);
	int rc;

	if (len == 0)
		return 0;
	if ((uint64_t)off > RAMFS_MAX_SIZE || len > RAMFS_MAX_SIZE - off)
		return -EFBIG;
	vfs_lock(&n->fs->lock);
	rc = data_reserve(n, UK_MAX(n->size, (size_t)off + len));
	if (rc == 0) {
		if ((size_t)off > n->size)
			memset(n->data + n->size, 0, off - n->size);
		memcpy(n->data + off, buf, len);
		if ((size_t)off + len > n->size)
			n->size = off + len;
		n->mtime = n->ctime = now();
	}
	vfs_unlock(&n->fs->lock);
	return rc < 0 ? rc : (ssize_t)len;
}

static unsigned char dtype_of(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return DT_DIR_;
	case S_IFREG:
		return DT_REG_;
	case S_IFLNK:
		return DT_LNK_;
	case S_IFCHR:
		return DT_CHR_;
	case S_IFIFO:
		return DT_FIFO_;
	}
	return 0;
}

/* Cookies: 0 start, 1 after ".", 2 after "..", 2 + seq after a child. */
static int ramfs_readdir(struct uk_vnode *vn, void *handle, uint64_t *cookie,
			 vfs_filldir_t fill, void *arg)
{
	struct ramfs_node *n = node_of(vn);
	struct uk_list_head *p;
	int rc = 0;

	vfs_lock(&n->fs->lock);
	if (*cookie == 0) {
		if (fill(arg, ".", 1, n->ino, DT_DIR_, 1))
			goto out;
		*cookie = 1;
	}
	if (*cookie == 1) {
		if (fill(arg, "..", 2, n->ino, DT_DIR_, 2))
			goto out;
		*cookie = 2;
	}
	uk_list_for_each(p, &n->children) {
		struct ramfs_dirent *d =
			uk_list_entry(p, struct ramfs_dirent, list);

		if (2 + d->seq <= *cookie)
			continue;
		if (fill(arg, d->name, d->namelen, d->node->ino,
			 dtype_of(d->node->mode), 2 + d->seq))
			break;
		*cookie = 2 + d->seq;
	}
out:
	n->atime = now();
	vfs_unlock(&n->fs->lock);
	return rc;
}

static int ramfs_mem(struct uk_vnode *vn, const void **data, size_t *len)
{
	struct ramfs_node *n = node_of(vn);

	if (!S_ISREG(n->mode))
		return -ENOTSUP;
	vfs_lock(&n->fs->lock);
	*data = n->data ? n->data : "";
	*len = n->size;
	vfs_unlock(&n->fs->lock);
	return 0;
}

static int ramfs_statfs(struct uk_vnode *vn, struct uk_vfs_statfs *st)
{
	struct ramfs_node *n = node_of(vn);

	st->bsize = 4096;
	st->blocks = n->fs->bytes / 4096;
	st->files = n->fs->next_ino;
	return 0;
}

static void ramfs_inactive(struct uk_vnode *vn)
{
	struct ramfs_node *n = node_of(vn);
	struct ramfs *fs = n->fs;

	vfs_lock(&fs->lock);
	node_maybe_free(n);
	vfs_unlock(&fs->lock);
}

static const struct uk_vnode_ops ramfs_ops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
#if RAMFS_FIFOS
	.mknod = ramfs_mknod,
	.fifo = ramfs_fifo,
#endif
	.symlink = ramfs_symlink,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
	.readlink = ramfs_readlink,
	.getattr = ramfs_getattr,
	.setattr = ramfs_setattr,
	.open = ramfs_open,
	.read = ramfs_read,
	.write = ramfs_write,
	.readdir = ramfs_readdir,
	.mem = ramfs_mem,
	.statfs = ramfs_statfs,
	.inactive = ramfs_inactive,
};

static int ramfs_mount(struct uk_mount *m, const char *src)
{
	return ramfs_mount_new(m);
}

const struct vfs_fstype vfs_ramfs_type = {
	.name = "ramfs",
	.mount = ramfs_mount,
	.unmount = ramfs_unmount,
};
