/* SPDX-License-Identifier: BSD-3-Clause */
/* 9P2000.L message encoding and checked decoding (see 9p_msg.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include "9p_msg.h"
#include "vfs_impl.h"

/* --- encoding ---------------------------------------------------------- */

static uint8_t *room(struct p9_wbuf *b, uint32_t n)
{
	uint8_t *p;

	if (b->overflow || b->cap - b->pos < n) {
		b->overflow = 1;
		return NULL;
	}
	p = b->p + b->pos;
	b->pos += n;
	return p;
}

static void le(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void p9_put_u8(struct p9_wbuf *b, uint8_t v)
{
	uint8_t *p = room(b, 1);

	if (p)
		*p = v;
}

void p9_put_u16(struct p9_wbuf *b, uint16_t v)
{
	uint8_t *p = room(b, 2);

	if (p)
		le(p, v, 2);
}

void p9_put_u32(struct p9_wbuf *b, uint32_t v)
{
	uint8_t *p = room(b, 4);

	if (p)
		le(p, v, 4);
}

void p9_put_u64(struct p9_wbuf *b, uint64_t v)
{
	uint8_t *p = room(b, 8);

	if (p)
		le(p, v, 8);
}

void p9_put_strn(struct p9_wbuf *b, const char *s, size_t len)
{
	uint8_t *p;

	if (len > 0xffff) {
		b->overflow = 1;
		return;
	}
	p9_put_u16(b, (uint16_t)len);
	p = room(b, (uint32_t)len);
	if (p)
		memcpy(p, s, len);
}

void p9_put_str(struct p9_wbuf *b, const char *s)
{
	p9_put_strn(b, s, strlen(s));
}

void p9_begin(struct p9_wbuf *b, void *buf, uint32_t cap, uint8_t type,
	      uint16_t tag)
{
	b->p = buf;
	b->cap = cap;
	b->pos = 0;
	b->overflow = 0;
	p9_put_u32(b, 0);	/* size, set by p9_end */
	p9_put_u8(b, type);
	p9_put_u16(b, tag);
}

uint32_t p9_end(struct p9_wbuf *b, uint32_t extra)
{
	uint64_t size = (uint64_t)b->pos + extra;

	if (b->overflow || size > 0xffffffffULL)
		return 0;
	le(b->p, size, 4);
	return b->pos;
}

void p9_set_tag(void *msg, uint16_t tag)
{
	le((uint8_t *)msg + 5, tag, 2);
}

/* --- decoding ---------------------------------------------------------- */

void p9_rbuf_init(struct p9_rbuf *r, const void *p, uint32_t len)
{
	r->p = p;
	r->len = len;
	r->pos = 0;
	r->bad = 0;
}

static const uint8_t *take(struct p9_rbuf *r, uint32_t n)
{
	const uint8_t *p;

	if (r->bad || r->len - r->pos < n) {
		r->bad = 1;
		return NULL;
	}
	p = r->p + r->pos;
	r->pos += n;
	return p;
}

static uint64_t get_le(struct p9_rbuf *r, int n)
{
	const uint8_t *p = take(r, n);
	uint64_t v = 0;
	int i;

	if (!p)
		return 0;
	for (i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

uint8_t p9_get_u8(struct p9_rbuf *r)
{
	return (uint8_t)get_le(r, 1);
}

uint16_t p9_get_u16(struct p9_rbuf *r)
{
	return (uint16_t)get_le(r, 2);
}

uint32_t p9_get_u32(struct p9_rbuf *r)
{
	return (uint32_t)get_le(r, 4);
}

uint64_t p9_get_u64(struct p9_rbuf *r)
{
	return get_le(r, 8);
}

void p9_get_str(struct p9_rbuf *r, const char **s, uint16_t *len)
{
	uint16_t n = p9_get_u16(r);
	const uint8_t *p = take(r, n);

	*s = p ? (const char *)p : "";
	*len = p ? n : 0;
}

void p9_get_qid(struct p9_rbuf *r, struct p9_qid *q)
{
	q->type = p9_get_u8(r);
	q->version = p9_get_u32(r);
	q->path = p9_get_u64(r);
}

int p9_get_end(struct p9_rbuf *r)
{
	return r->bad || r->pos != r->len ? -EPROTO : 0;
}

int p9_reply(const void *rx, uint32_t rx_len, uint8_t ttype, uint16_t tag,
	     struct p9_rbuf *body, const char **why)
{
	struct p9_rbuf h;
	uint32_t size;
	uint8_t type;
	uint16_t rtag;

	*why = NULL;
	p9_rbuf_init(&h, rx, rx_len);
	size = p9_get_u32(&h);
	type = p9_get_u8(&h);
	rtag = p9_get_u16(&h);
	if (h.bad) {
		*why = "reply shorter than a header";
		return -EPROTO;
	}
	if (size != rx_len) {
		*why = "reply size field does not match its length";
		return -EPROTO;
	}
	if (rtag != tag) {
		*why = "reply with another request's tag";
		return -EPROTO;
	}
	p9_rbuf_init(body, (const uint8_t *)rx + P9_HDR_LEN,
		     size - P9_HDR_LEN);
	if (type == P9_RLERROR) {
		uint32_t ecode = p9_get_u32(body);

		if (p9_get_end(body)) {
			*why = "malformed Rlerror";
			return -EPROTO;
		}
		return -vfs_linux_errno(ecode);
	}
	if (type != ttype + 1) {
		*why = "reply of the wrong type";
		return -EPROTO;
	}
	return 0;
}

int p9_parse_rversion(struct p9_rbuf *r, uint32_t *msize,
		      const char **version, uint16_t *vlen)
{
	*msize = p9_get_u32(r);
	p9_get_str(r, version, vlen);
	return p9_get_end(r);
}

int p9_parse_rwalk(struct p9_rbuf *r, unsigned int nwname,
		   struct p9_qid *qids, unsigned int *nwqid)
{
	uint16_t n = p9_get_u16(r);
	unsigned int i;

	if (r->bad || n > nwname || n > P9_MAXWELEM)
		return -EPROTO;
	for (i = 0; i < n; i++)
		p9_get_qid(r, &qids[i]);
	*nwqid = n;
	return p9_get_end(r);
}

int p9_parse_ropen(struct p9_rbuf *r, struct p9_qid *qid, uint32_t *iounit)
{
	p9_get_qid(r, qid);
	*iounit = p9_get_u32(r);
	return p9_get_end(r);
}

int p9_parse_rgetattr(struct p9_rbuf *r, struct p9_attr *a)
{
	a->valid = p9_get_u64(r);
	p9_get_qid(r, &a->qid);
	a->mode = p9_get_u32(r);
	a->uid = p9_get_u32(r);
	a->gid = p9_get_u32(r);
	a->nlink = p9_get_u64(r);
	a->rdev = p9_get_u64(r);
	a->size = p9_get_u64(r);
	a->blksize = p9_get_u64(r);
	a->blocks = p9_get_u64(r);
	a->atime_sec = p9_get_u64(r);
	a->atime_nsec = p9_get_u64(r);
	a->mtime_sec = p9_get_u64(r);
	a->mtime_nsec = p9_get_u64(r);
	a->ctime_sec = p9_get_u64(r);
	a->ctime_nsec = p9_get_u64(r);
	/* btime, gen, data_version: not used */
	p9_get_u64(r);
	p9_get_u64(r);
	p9_get_u64(r);
	p9_get_u64(r);
	if (p9_get_end(r))
		return -EPROTO;
	if (a->size > (uint64_t)INT64_MAX || a->atime_nsec >= 1000000000ULL ||
	    a->mtime_nsec >= 1000000000ULL || a->ctime_nsec >= 1000000000ULL)
		return -EPROTO;
	return 0;
}

int p9_parse_rstatfs(struct p9_rbuf *r, struct p9_statfs *s)
{
	s->type = p9_get_u32(r);
	s->bsize = p9_get_u32(r);
	s->blocks = p9_get_u64(r);
	s->bfree = p9_get_u64(r);
	s->bavail = p9_get_u64(r);
	s->files = p9_get_u64(r);
	s->ffree = p9_get_u64(r);
	s->fsid = p9_get_u64(r);
	s->namelen = p9_get_u32(r);
	return p9_get_end(r);
}

long p9_parse_rread_hdr(const void *rx, uint32_t rx_len, uint16_t tag,
			uint32_t count, const char **why)
{
	struct p9_rbuf h;
	uint32_t n, size;
	uint8_t type;
	uint16_t rtag;

	if (rx_len < P9_HDR_LEN + 4) {
		*why = "Rread shorter than its header";
		return -EPROTO;
	}
	/* the header is here, the data went to the caller's buffer */
	{
		p9_rbuf_init(&h, rx, P9_RREAD_HDR);
		size = p9_get_u32(&h);
		type = p9_get_u8(&h);
		rtag = p9_get_u16(&h);
		n = p9_get_u32(&h);
		if (size != rx_len) {
			*why = "Rread size field does not match its length";
			return -EPROTO;
		}
		if (rtag != tag) {
			*why = "reply with another request's tag";
			return -EPROTO;
		}
		if (type == P9_RLERROR) {
			if (rx_len != P9_RREAD_HDR) {
				*why = "malformed Rlerror";
				return -EPROTO;
			}
			return -vfs_linux_errno(n);
		}
		if (type != P9_RREAD) {
			*why = "reply of the wrong type";
			return -EPROTO;
		}
	}
	if (n > count) {
		*why = "Rread with more data than asked for";
		return -EPROTO;
	}
	if ((uint64_t)n + P9_RREAD_HDR != rx_len) {
		*why = "Rread count does not match its length";
		return -EPROTO;
	}
	*why = NULL;
	return n;
}

long p9_parse_rwrite(struct p9_rbuf *r, uint32_t count)
{
	uint32_t n = p9_get_u32(r);

	if (p9_get_end(r) || n > count)
		return -EPROTO;
	return n;
}

int p9_parse_rreadlink(struct p9_rbuf *r, const char **target, uint16_t *len)
{
	p9_get_str(r, target, len);
	if (p9_get_end(r) || *len == 0 || memchr(*target, '\0', *len))
		return -EPROTO;
	return 0;
}

int p9_readdir_begin(struct p9_rbuf *r, uint32_t asked,
		     struct p9_rbuf *entries)
{
	uint32_t n = p9_get_u32(r);

	if (r->bad || n > asked || n != r->len - r->pos)
		return -EPROTO;
	p9_rbuf_init(entries, r->p + r->pos, n);
	return 0;
}

int p9_readdir_next(struct p9_rbuf *e, struct p9_dirent *d)
{
	if (e->pos == e->len && !e->bad)
		return 0;
	p9_get_qid(e, &d->qid);
	d->offset = p9_get_u64(e);
	d->type = p9_get_u8(e);
	p9_get_str(e, &d->name, &d->namelen);
	if (e->bad || d->namelen == 0 || memchr(d->name, '/', d->namelen) ||
	    memchr(d->name, '\0', d->namelen))
		return -EPROTO;
	return 1;
}

uint32_t p9_dotl_flags(int oflags)
{
	uint32_t f = oflags & O_ACCMODE;	/* 0, 1, 2 everywhere */

	if (oflags & O_CREAT)
		f |= 00000100;
	if (oflags & O_EXCL)
		f |= 00000200;
	if (oflags & O_TRUNC)
		f |= 00001000;
	if (oflags & O_APPEND)
		f |= 00002000;
	if (oflags & O_NONBLOCK)
		f |= 00004000;
#ifdef O_DIRECTORY
	if (oflags & O_DIRECTORY)
		f |= 00200000;
#endif
	if (oflags & O_NOFOLLOW)
		f |= 00400000;
	if (oflags & O_SYNC)
		f |= 04010000;
	return f;
}
