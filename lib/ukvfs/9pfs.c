/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9pfs: a host folder shared over 9P2000.L (virtio-9p on KVM, 9pfront on
 * Xen).  Nothing is cached: the server is the truth, so files the host
 * changes are seen at once.  A vnode is a fid walked to its file; an open
 * file is a fid opened with Tlopen (the vnode's own fid when nobody else
 * holds the vnode, which saves a round trip).  Reads and writes move the
 * payload without a copy, in chunks of up to msize, several in flight.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/9pdev.h>
#include "9p_client.h"
#include "vfs_impl.h"

#ifndef CONFIG_LIBUKVFS_9P_MSIZE_KB
#define CONFIG_LIBUKVFS_9P_MSIZE_KB 516
#endif
/* Reads and writes in flight at once for one large call. */
#define P9_PIPELINE	4
/* Small messages: everything but names, targets and bulk data. */
#define SMALL		256

struct p9fs {
	struct p9_client *c;
	uint32_t rootfid;
};

struct p9node {
	struct uk_vnode vn;
	struct p9fs *fs;
	uint32_t fid;
	int opened;		/* fid was opened (lopen/lcreate) */
	uint64_t qpath;
};

struct p9handle {
	uint32_t fid;
	uint32_t iounit;
	int shared;		/* the vnode's fid: the vnode clunks it */
};

static const struct uk_vnode_ops p9fs_ops;

static struct p9node *node_of(struct uk_vnode *vn)
{
	return vn->priv;
}

static struct p9_client *cl(struct uk_vnode *vn)
{
	return node_of(vn)->fs->c;
}

static mode_t type_of_qid(const struct p9_qid *q)
{
	if (q->type & P9_QTDIR)
		return S_IFDIR;
	if (q->type & P9_QTSYMLINK)
		return S_IFLNK;
	return S_IFREG;
}

static struct p9node *node_new(struct p9fs *fs, struct uk_mount *m,
			       uint32_t fid, const struct p9_qid *q)
{
	struct p9node *n = uk_calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	vfs_vnode_init(&n->vn, &p9fs_ops, m, type_of_qid(q), n);
	n->fs = fs;
	n->fid = fid;
	n->qpath = q->path;
	return n;
}

/* Messages with no reply body. */
static int rpc_empty(struct p9_client *c, struct p9_wbuf *b)
{
	uint8_t rx[SMALL];
	struct p9_rbuf r;
	int rc = p9_rpc(c, b->p, p9_end(b, 0), rx, sizeof(rx), &r);

	if (rc == 0 && p9_get_end(&r)) {
		p9_bad_reply(c, b->p[4], "unexpected reply body");
		rc = -EIO;
	}
	return rc;
}

static void clunk(struct p9_client *c, uint32_t fid)
{
	uint8_t tx[SMALL];
	struct p9_wbuf b;

	p9_begin(&b, tx, sizeof(tx), P9_TCLUNK, 0);
	p9_put_u32(&b, fid);
	/* the fid is gone whatever the server says (9P: clunk always frees) */
	rpc_empty(c, &b);
	p9_fid_free(c, fid);
}

/* Walks from fid along name (or clones fid for name NULL) to a new fid. */
static int walk1(struct p9_client *c, uint32_t fid, const char *name,
		 uint32_t *newfid, struct p9_qid *q)
{
	uint8_t tx[SMALL + VFS_NAME_MAX], rx[SMALL];
	struct p9_qid qids[1];
	struct p9_wbuf b;
	struct p9_rbuf r;
	unsigned int n;
	int rc;

	*newfid = p9_fid_alloc(c);
	p9_begin(&b, tx, sizeof(tx), P9_TWALK, 0);
	p9_put_u32(&b, fid);
	p9_put_u32(&b, *newfid);
	p9_put_u16(&b, name ? 1 : 0);
	if (name)
		p9_put_str(&b, name);
	rc = p9_rpc(c, tx, p9_end(&b, 0), rx, sizeof(rx), &r);
	if (rc == 0) {
		rc = p9_parse_rwalk(&r, name ? 1 : 0, qids, &n);
		if (rc < 0) {
			p9_bad_reply(c, P9_TWALK, "malformed Rwalk");
			rc = -EIO;
		} else if (name && n != 1) {
			/* 9P: a walk that fails at its first name is an
			 * error; be lenient with servers that say nwqid 0 */
			rc = -ENOENT;
		} else if (name) {
			*q = qids[0];
			return 0;
		} else {
			return 0;
		}
		/* no fid was made */
	}
	p9_fid_free(c, *newfid);
	return rc;
}

static int p9fs_lookup(struct uk_vnode *dir, const char *name,
		       struct uk_vnode **out)
{
	struct p9node *d = node_of(dir), *n;
	struct p9_qid q;
	uint32_t fid;
	int rc;

	rc = walk1(d->fs->c, d->fid, name, &fid, &q);
	if (rc < 0)
		return rc;
	n = node_new(d->fs, dir->mnt, fid, &q);
	if (!n) {
		clunk(d->fs->c, fid);
		return -ENOMEM;
	}
	*out = &n->vn;
	return 0;
}

static int p9fs_create(struct uk_vnode *dir, const char *name, mode_t mode,
		       int oflags, struct uk_vnode **out, void **handle)
{
	struct p9node *d = node_of(dir), *n;
	struct p9_client *c = d->fs->c;
	uint8_t tx[SMALL + VFS_NAME_MAX], rx[SMALL];
	struct p9handle *h;
	struct p9_wbuf b;
	struct p9_rbuf r;
	struct p9_qid q;
	uint32_t fid, iounit;
	int rc;

	h = uk_calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	rc = walk1(c, d->fid, NULL, &fid, &q);
	if (rc < 0) {
		uk_free(h);
		return rc;
	}
	p9_begin(&b, tx, sizeof(tx), P9_TLCREATE, 0);
	p9_put_u32(&b, fid);
	p9_put_str(&b, name);
	p9_put_u32(&b, p9_dotl_flags(oflags | O_CREAT | O_EXCL));
	p9_put_u32(&b, mode & 07777);
	p9_put_u32(&b, 0);	/* gid */
	rc = p9_rpc(c, tx, p9_end(&b, 0), rx, sizeof(rx), &r);
	if (rc == 0 && p9_parse_ropen(&r, &q, &iounit) < 0) {
		p9_bad_reply(c, P9_TLCREATE, "malformed Rlcreate");
		rc = -EIO;
	}
	if (rc == 0 && type_of_qid(&q) != S_IFREG)
		rc = -EIO;
	if (rc < 0) {
		clunk(c, fid);
		uk_free(h);
		return rc;
	}
	n = node_new(d->fs, dir->mnt, fid, &q);
	if (!n) {
		clunk(c, fid);
		uk_free(h);
		return -ENOMEM;
	}
	n->opened = 1;
	h->fid = fid;
	h->iounit = iounit;
	h->shared = 1;
	*out = &n->vn;
	*handle = h;
	return 0;
}

static int p9fs_mkdir(struct uk_vnode *dir, const char *name, mode_t mode)
{
	uint8_t tx[SMALL + VFS_NAME_MAX], rx[SMALL];
	struct p9_wbuf b;
	struct p9_rbuf r;
	struct p9_qid q;
	int rc;

	p9_begin(&b, tx, sizeof(tx), P9_TMKDIR, 0);
	p9_put_u32(&b, node_of(dir)->fid);
	p9_put_str(&b, name);
	p9_put_u32(&b, mode & 07777);
	p9_put_u32(&b, 0);
	rc = p9_rpc(cl(dir), tx, p9_end(&b, 0), rx, sizeof(rx), &r);
	if (rc == 0) {
		p9_get_qid(&r, &q);
		if (p9_get_end(&r)) {
			p9_bad_reply(cl(dir), P9_TMKDIR, "malformed Rmkdir");
			rc = -EIO;
		}
	}
	return rc;
}

static int p9fs_symlink(struct uk_vnode *dir, const char *name,
			const char *target)
{
	size_t cap = SMALL + VFS_NAME_MAX + strlen(target);
	uint8_t *tx = uk_malloc(cap), rx[SMALL];
	struct p9_wbuf b;
	struct p9_rbuf r;
	struct p9_qid q;
	int rc;

	if (!tx)
		return -ENOMEM;
	p9_begin(&b, tx, cap, P9_TSYMLINK, 0);
	p9_put_u32(&b, node_of(dir)->fid);
	p9_put_str(&b, name);
	p9_put_str(&b, target);
	p9_put_u32(&b, 0);
	rc = p9_rpc(cl(dir), tx, p9_end(&b, 0), rx, sizeof(rx), &r);
	if (rc == 0) {
		p9_get_qid(&r, &q);
		if (p9_get_end(&r)) {
			p9_bad_reply(cl(dir), P9_TSYMLINK, "malformed Rsymlink");
			rc = -EIO;
		}
	}
	uk_free(tx);
	return rc;
}

static int p9fs_link(struct uk_vnode *dir, const char *name,
		     struct uk_vnode *vn)
{
	uint8_t tx[SMALL + VFS_NAME_MAX];
	struct p9_wbuf b;

	if (vn->ops != &p9fs_ops || node_of(vn)->fs != node_of(dir)->fs)
		return -EXDEV;
	p9_begin(&b, tx, sizeof(tx), P9_TLINK, 0);
	p9_put_u32(&b, node_of(dir)->fid);
	p9_put_u32(&b, node_of(vn)->fid);
	p9_put_str(&b, name);
	return rpc_empty(cl(dir), &b);
}

static int unlinkat(struct uk_vnode *dir, const char *name, uint32_t flags)
{
	uint8_t tx[SMALL + VFS_NAME_MAX];
	struct p9_wbuf b;

	p9_begin(&b, tx, sizeof(tx), P9_TUNLINKAT, 0);
	p9_put_u32(&b, node_of(dir)->fid);
	p9_put_str(&b, name);
	p9_put_u32(&b, flags);
	return rpc_empty(cl(dir), &b);
}

static int p9fs_unlink(struct uk_vnode *dir, const char *name)
{
	return unlinkat(dir, name, 0);
}

static int p9fs_rmdir(struct uk_vnode *dir, const char *name)
{
	return unlinkat(dir, name, P9_AT_REMOVEDIR);
}

static int p9fs_rename(struct uk_vnode *odir, const char *oname,
		       struct uk_vnode *ndir, const char *nname)
{
	uint8_t tx[SMALL + 2 * VFS_NAME_MAX];
	struct p9_wbuf b;

	if (ndir->ops != &p9fs_ops || node_of(ndir)->fs != node_of(odir)->fs)
		return -EXDEV;
	p9_begin(&b, tx, sizeof(tx), P9_TRENAMEAT, 0);
	p9_put_u32(&b, node_of(odir)->fid);
	p9_put_str(&b, oname);
	p9_put_u32(&b, node_of(ndir)->fid);
	p9_put_str(&b, nname);
	return rpc_empty(cl(odir), &b);
}

static ssize_t p9fs_readlink(struct uk_vnode *vn, char *buf, size_t len)
{
	struct p9_client *c = cl(vn);
	uint32_t cap = SMALL + VFS_PATH_MAX;
	uint8_t tx[SMALL], *rx = uk_malloc(cap);
	const char *t;
	struct p9_wbuf b;
	struct p9_rbuf r;
	uint16_t tl;
	ssize_t rc;

	if (!rx)
		return -ENOMEM;
	p9_begin(&b, tx, sizeof(tx), P9_TREADLINK, 0);
	p9_put_u32(&b, node_of(vn)->fid);
	rc = p9_rpc(c, tx, p9_end(&b, 0), rx, cap, &r);
	if (rc == 0) {
		if (p9_parse_rreadlink(&r, &t, &tl) < 0) {
			p9_bad_reply(c, P9_TREADLINK, "malformed Rreadlink");
			rc = -EIO;
		} else {
			rc = UK_MIN(len, (size_t)tl);
			memcpy(buf, t, rc);
		}
	}
	uk_free(rx);
	return rc;
}

static int p9fs_getattr(struct uk_vnode *vn, struct stat *st)
{
	struct p9_client *c = cl(vn);
	uint8_t tx[SMALL], rx[SMALL];
	struct p9_wbuf b;
	struct p9_rbuf r;
	struct p9_attr a;
	int rc;

	p9_begin(&b, tx, sizeof(tx), P9_TGETATTR, 0);
	p9_put_u32(&b, node_of(vn)->fid);
	p9_put_u64(&b, P9_GETATTR_BASIC);
	rc = p9_rpc(c, tx, p9_end(&b, 0), rx, sizeof(rx), &r);
	if (rc < 0)
		return rc;
	if (p9_parse_rgetattr(&r, &a) < 0) {
		p9_bad_reply(c, P9_TGETATTR, "malformed Rgetattr");
		return -EIO;
	}
	st->st_ino = a.qid.path;
	st->st_mode = a.mode;
	st->st_nlink = a.nlink;
	st->st_uid = a.uid;
	st->st_gid = a.gid;
	st->st_rdev = a.rdev;
	st->st_size = a.size;
	st->st_blksize = a.blksize < 512 ? 512 :
			 a.blksize > (1 << 20) ? (1 << 20) : a.blksize;
	st->st_blocks = a.blocks;
	st->st_atim.tv_sec = a.atime_sec;
	st->st_atim.tv_nsec = a.atime_nsec;
	st->st_mtim.tv_sec = a.mtime_sec;
	st->st_mtim.tv_nsec = a.mtime_nsec;
	st->st_ctim.tv_sec = a.ctime_sec;
	st->st_ctim.tv_nsec = a.ctime_nsec;
	return 0;
}

static int p9fs_setattr(struct uk_vnode *vn, const struct vfs_setattr *sa)
{
	uint8_t tx[SMALL];
	struct p9_wbuf b;
	uint32_t valid = 0;

	if (sa->mask & VFS_SET_MODE)
		valid |= P9_SETATTR_MODE;
	if (sa->mask & VFS_SET_SIZE)
		valid |= P9_SETATTR_SIZE;
	if (sa->mask & VFS_SET_UID)
		valid |= P9_SETATTR_UID;
	if (sa->mask & VFS_SET_GID)
		valid |= P9_SETATTR_GID;
	if (sa->mask & VFS_SET_ATIME)
		valid |= P9_SETATTR_ATIME | P9_SETATTR_ATIME_SET;
	if (sa->mask & VFS_SET_MTIME)
		valid |= P9_SETATTR_MTIME | P9_SETATTR_MTIME_SET;
	valid |= P9_SETATTR_CTIME;
	p9_begin(&b, tx, sizeof(tx), P9_TSETATTR, 0);
	p9_put_u32(&b, node_of(vn)->fid);
	p9_put_u32(&b, valid);
	p9_put_u32(&b, sa->mode & 07777);
	p9_put_u32(&b, (uint32_t)sa->uid);
	p9_put_u32(&b, (uint32_t)sa->gid);
	p9_put_u64(&b, (uint64_t)sa->size);
	p9_put_u64(&b, (uint64_t)sa->atime.tv_sec);
	p9_put_u64(&b, (uint64_t)sa->atime.tv_nsec);
	p9_put_u64(&b, (uint64_t)sa->mtime.tv_sec);
	p9_put_u64(&b, (uint64_t)sa->mtime.tv_nsec);
	return rpc_empty(cl(vn), &b);
}

static int lopen(struct p9_client *c, uint32_t fid, int oflags,
		 uint32_t *iounit)
{
	uint8_t tx[SMALL], rx[SMALL];
	struct p9_wbuf b;
	struct p9_rbuf r;
	struct p9_qid q;
	int rc;

	p9_begin(&b, tx, sizeof(tx), P9_TLOPEN, 0);
	p9_put_u32(&b, fid);
	p9_put_u32(&b, p9_dotl_flags(oflags & ~(O_CREAT | O_EXCL)));
	rc = p9_rpc(c, tx, p9_end(&b, 0), rx, sizeof(rx), &r);
	if (rc == 0 && p9_parse_ropen(&r, &q, iounit) < 0) {
		p9_bad_reply(c, P9_TLOPEN, "malformed Rlopen");
		rc = -EIO;
	}
	return rc;
}

static int p9fs_open(struct uk_vnode *vn, int oflags, void **handle)
{
	struct p9node *n = node_of(vn);
	struct p9_client *c = n->fs->c;
	struct p9handle *h = uk_calloc(1, sizeof(*h));
	struct p9_qid q;
	int rc;

	if (!h)
		return -ENOMEM;
	if (!n->opened && __atomic_load_n(&vn->refs, __ATOMIC_ACQUIRE) == 1) {
		/* only the opener holds the vnode: open its own fid */
		rc = lopen(c, n->fid, oflags, &h->iounit);
		if (rc == 0) {
			n->opened = 1;
			h->fid = n->fid;
			h->shared = 1;
		}
	} else {
		rc = walk1(c, n->fid, NULL, &h->fid, &q);
		if (rc == 0) {
			rc = lopen(c, h->fid, oflags, &h->iounit);
			if (rc < 0)
				clunk(c, h->fid);
		}
	}
	if (rc < 0) {
		uk_free(h);
		return rc;
	}
	*handle = h;
	return 0;
}

static int p9fs_close(struct uk_vnode *vn, void *handle)
{
	struct p9handle *h = handle;

	if (!h)
		return 0;
	if (!h->shared)
		clunk(cl(vn), h->fid);
	uk_free(h);
	return 0;
}

/* The largest payload one Tread/Twrite may carry on this fid. */
static uint32_t io_chunk(struct p9_client *c, struct p9handle *h)
{
	uint32_t n = p9_msize(c) - P9_IOHDR;

	if (h->iounit && h->iounit < n)
		n = h->iounit;
	return n;
}

struct io_slot {
	struct p9_call call;
	uint8_t tx[32];
	uint8_t rx[P9_RREAD_HDR];
	uint32_t count;
};

/*
 * Reads (write = 0) or writes len bytes at off, in chunks of at most
 * io_chunk().  Returns the bytes done up to the first short or failed
 * chunk.  Reads keep up to P9_PIPELINE chunks in flight: a chunk past a
 * short one changes nothing.  Writes go one chunk at a time, as Linux's
 * v9fs does: had the chunks after a failed one (a full disk where the
 * file has a hole) been in flight, they would have changed the file past
 * the count write() returns.
 */
static ssize_t p9_io(struct uk_vnode *vn, struct p9handle *h, void *buf,
		     size_t len, off_t off, int write)
{
	struct p9_client *c = cl(vn);
	uint32_t chunk = io_chunk(c, h);
	struct io_slot *slots;
	size_t issued = 0, done = 0;
	int head = 0, inflight = 0, stop = 0;
	int depth = write ? 1 : P9_PIPELINE;
	ssize_t err = 0;

	if (len == 0)
		return 0;
	slots = uk_malloc(sizeof(*slots) * depth);
	if (!slots)
		return -ENOMEM;
	while ((issued < len && !stop) || inflight) {
		/* fill the pipeline */
		while (issued < len && !stop && inflight < depth) {
			struct io_slot *s = &slots[(head + inflight) % depth];
			struct p9_wbuf b;
			uint32_t n = (uint32_t)UK_MIN((size_t)chunk, len - issued);

			memset(&s->call, 0, sizeof(s->call));
			p9_begin(&b, s->tx, sizeof(s->tx),
				 write ? P9_TWRITE : P9_TREAD, 0);
			p9_put_u32(&b, h->fid);
			p9_put_u64(&b, (uint64_t)off + issued);
			p9_put_u32(&b, n);
			s->call.req.tx = s->tx;
			s->call.req.tx_len = p9_end(&b, write ? n : 0);
			s->call.ttype = write ? P9_TWRITE : P9_TREAD;
			s->call.req.rx = s->rx;
			if (write) {
				s->call.req.tx_data = (uint8_t *)buf + issued;
				s->call.req.tx_data_len = n;
				s->call.req.rx_cap = sizeof(s->rx);
			} else {
				s->call.req.rx_cap = P9_RREAD_HDR;
				s->call.req.rx_data = (uint8_t *)buf + issued;
				s->call.req.rx_data_cap = n;
			}
			s->count = n;
			if (p9_submit(c, &s->call) < 0) {
				err = -EIO;
				stop = 1;
				break;
			}
			issued += n;
			inflight++;
		}
		if (!inflight)
			break;
		/* collect the oldest */
		{
			struct io_slot *s = &slots[head];
			const char *why = NULL;
			long got;
			int rc = p9_wait(c, &s->call);

			head = (head + 1) % depth;
			inflight--;
			if (rc < 0) {
				got = rc;
			} else if (write) {
				struct p9_rbuf r;

				got = p9_reply(s->rx, s->call.req.rx_len,
					       P9_TWRITE, s->call.tag, &r, &why);
				if (got == 0) {
					got = p9_parse_rwrite(&r, s->count);
					if (got < 0)
						why = "malformed Rwrite";
				}
			} else {
				got = p9_parse_rread_hdr(s->rx,
							 s->call.req.rx_len,
							 s->call.tag, s->count,
							 &why);
			}
			if (got == -EPROTO && why) {
				p9_bad_reply(c, s->call.ttype, why);
				got = -EIO;
			}
			if (stop)
				continue;	/* already past a short chunk */
			if (got < 0) {
				err = got;
				stop = 1;
			} else {
				done += got;
				if ((uint32_t)got < s->count)
					stop = 1;	/* end of file, or full */
			}
		}
	}
	uk_free(slots);
	if (done)
		return (ssize_t)done;
	return err;
}

static ssize_t p9fs_read(struct uk_vnode *vn, void *handle, void *buf,
			 size_t len, off_t off)
{
	return p9_io(vn, handle, buf, len, off, 0);
}

static ssize_t p9fs_write(struct uk_vnode *vn, void *handle, const void *buf,
			  size_t len, off_t off)
{
	return p9_io(vn, handle, (void *)buf, len, off, 1);
}

static int p9fs_readdir(struct uk_vnode *vn, void *handle, uint64_t *cookie,
			vfs_filldir_t fill, void *arg)
{
	struct p9handle *h = handle;
	struct p9_client *c = cl(vn);
	uint32_t count = UK_MIN(p9_msize(c) - P9_IOHDR, 16384U);
	uint32_t cap = count + P9_RREAD_HDR;
	uint8_t tx[SMALL], *rx = uk_malloc(cap);
	int rc = 0;

	if (!rx)
		return -ENOMEM;
	for (;;) {
		struct p9_rbuf r, e;
		struct p9_wbuf b;
		struct p9_dirent d;
		uint64_t start = *cookie;
		int n = 0, full = 0;

		p9_begin(&b, tx, sizeof(tx), P9_TREADDIR, 0);
		p9_put_u32(&b, h->fid);
		p9_put_u64(&b, *cookie);
		p9_put_u32(&b, count);
		rc = p9_rpc(c, tx, p9_end(&b, 0), rx, cap, &r);
		if (rc < 0)
			break;
		if (p9_readdir_begin(&r, count, &e) < 0) {
			p9_bad_reply(c, P9_TREADDIR, "malformed Rreaddir");
			rc = -EIO;
			break;
		}
		while ((rc = p9_readdir_next(&e, &d)) > 0) {
			char name[VFS_NAME_MAX + 1];

			if (d.namelen > VFS_NAME_MAX)
				continue;	/* cannot be named here */
			memcpy(name, d.name, d.namelen);
			name[d.namelen] = '\0';
			if (fill(arg, name, d.namelen, d.qid.path, d.type,
				 d.offset)) {
				full = 1;
				break;
			}
			*cookie = d.offset;
			n++;
		}
		if (rc < 0) {
			p9_bad_reply(c, P9_TREADDIR, "malformed directory entry");
			rc = -EIO;
			break;
		}
		rc = 0;
		if (full || n == 0)
			break;
		if (*cookie == start) {
			/* a server that does not move on would loop us */
			p9_bad_reply(c, P9_TREADDIR, "entries without progress");
			rc = -EIO;
			break;
		}
	}
	uk_free(rx);
	return rc;
}

static int p9fs_fsync(struct uk_vnode *vn, void *handle)
{
	struct p9handle *h = handle;
	uint8_t tx[SMALL];
	struct p9_wbuf b;

	p9_begin(&b, tx, sizeof(tx), P9_TFSYNC, 0);
	p9_put_u32(&b, h ? h->fid : node_of(vn)->fid);
	p9_put_u32(&b, 0);	/* datasync: no, everything */
	return rpc_empty(cl(vn), &b);
}

static int p9fs_statfs(struct uk_vnode *vn, struct uk_vfs_statfs *st)
{
	struct p9_client *c = cl(vn);
	uint8_t tx[SMALL], rx[SMALL];
	struct p9_wbuf b;
	struct p9_rbuf r;
	struct p9_statfs s;
	int rc;

	p9_begin(&b, tx, sizeof(tx), P9_TSTATFS, 0);
	p9_put_u32(&b, node_of(vn)->fid);
	rc = p9_rpc(c, tx, p9_end(&b, 0), rx, sizeof(rx), &r);
	if (rc < 0)
		return rc;
	if (p9_parse_rstatfs(&r, &s) < 0) {
		p9_bad_reply(c, P9_TSTATFS, "malformed Rstatfs");
		return -EIO;
	}
	st->type = s.type;
	st->bsize = s.bsize;
	st->blocks = s.blocks;
	st->bfree = s.bfree;
	st->bavail = s.bavail;
	st->files = s.files;
	st->ffree = s.ffree;
	st->namelen = s.namelen;
	return 0;
}

static void p9fs_inactive(struct uk_vnode *vn)
{
	struct p9node *n = node_of(vn);

	clunk(n->fs->c, n->fid);
	uk_free(n);
}

static const struct uk_vnode_ops p9fs_ops = {
	.lookup = p9fs_lookup,
	.create = p9fs_create,
	.mkdir = p9fs_mkdir,
	.symlink = p9fs_symlink,
	.link = p9fs_link,
	.unlink = p9fs_unlink,
	.rmdir = p9fs_rmdir,
	.rename = p9fs_rename,
	.readlink = p9fs_readlink,
	.getattr = p9fs_getattr,
	.setattr = p9fs_setattr,
	.open = p9fs_open,
	.close = p9fs_close,
	.read = p9fs_read,
	.write = p9fs_write,
	.readdir = p9fs_readdir,
	.fsync = p9fs_fsync,
	.statfs = p9fs_statfs,
	.inactive = p9fs_inactive,
};

static int p9fs_mount(struct uk_mount *m, const char *src)
{
	const char *tag = *src ? src : "fs0";
	struct uk_9pdev *dev = uk_9pdev_find(tag);
	struct p9fs *fs;
	struct p9node *root;
	struct p9_qid q;
	int rc;

	if (!dev) {
		uk_pr_err("9pfs: no 9p share with mount tag '%s' (QEMU: -fsdev "
			  "local,id=fs0,path=DIR,security_model=none -device "
			  "virtio-9p-...,fsdev=fs0,mount_tag=%s)\n", tag, tag);
		return -ENODEV;
	}
	fs = uk_calloc(1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	rc = p9_connect(dev, CONFIG_LIBUKVFS_9P_MSIZE_KB * 1024U, &fs->c,
			&fs->rootfid, &q);
	if (rc < 0) {
		uk_free(fs);
		return rc;
	}
	root = node_new(fs, m, fs->rootfid, &q);
	if (!root) {
		uk_free(fs);
		return -ENOMEM;
	}
	m->priv = fs;
	m->root = &root->vn;
	uk_pr_info("9pfs: share '%s' mounted at %s\n", tag, m->path);
	return 0;
}

const struct vfs_fstype vfs_9pfs_type = {
	.name = "9pfs",
	.mount = p9fs_mount,
};
