/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/ukvfs: encoding of 9P2000.L T-messages and checked
 * decoding of R-messages.  Pure code (unit-tested on the host): a reply
 * is data from another machine, so every count, length and string in it
 * is checked against the message's real size before use.
 *
 * Wire format: little-endian integers; a string is a 2-byte length and
 * that many bytes (no NUL); every message starts with size[4] type[1]
 * tag[2], size counting the whole message.
 */
#ifndef __UKVFS_9P_MSG_H__
#define __UKVFS_9P_MSG_H__

#include <stddef.h>
#include <stdint.h>

#define P9_HDR_LEN	7
#define P9_NOTAG	0xffff
#define P9_NOFID	0xffffffffU
/* Rread's header before the data: size type tag count. */
#define P9_RREAD_HDR	11
/* Room for a Tread/Twrite header: what msize leaves for data. */
#define P9_IOHDR	24
#define P9_MAXWELEM	16
#define P9_VERSION	"9P2000.L"

enum {
	P9_TLERROR = 6, P9_RLERROR,
	P9_TSTATFS = 8, P9_RSTATFS,
	P9_TLOPEN = 12, P9_RLOPEN,
	P9_TLCREATE = 14, P9_RLCREATE,
	P9_TSYMLINK = 16, P9_RSYMLINK,
	P9_TREADLINK = 22, P9_RREADLINK,
	P9_TGETATTR = 24, P9_RGETATTR,
	P9_TSETATTR = 26, P9_RSETATTR,
	P9_TREADDIR = 40, P9_RREADDIR,
	P9_TFSYNC = 50, P9_RFSYNC,
	P9_TLINK = 70, P9_RLINK,
	P9_TMKDIR = 72, P9_RMKDIR,
	P9_TRENAMEAT = 74, P9_RRENAMEAT,
	P9_TUNLINKAT = 76, P9_RUNLINKAT,
	P9_TVERSION = 100, P9_RVERSION,
	P9_TATTACH = 104, P9_RATTACH,
	P9_TWALK = 110, P9_RWALK,
	P9_TREAD = 116, P9_RREAD,
	P9_TWRITE = 118, P9_RWRITE,
	P9_TCLUNK = 120, P9_RCLUNK,
};

#define P9_QTDIR	0x80
#define P9_QTSYMLINK	0x02

/* Tgetattr request mask: everything in struct stat. */
#define P9_GETATTR_BASIC	0x000007ffULL

/* Tsetattr valid bits. */
#define P9_SETATTR_MODE		0x001
#define P9_SETATTR_UID		0x002
#define P9_SETATTR_GID		0x004
#define P9_SETATTR_SIZE		0x008
#define P9_SETATTR_ATIME	0x010
#define P9_SETATTR_MTIME	0x020
#define P9_SETATTR_CTIME	0x040
#define P9_SETATTR_ATIME_SET	0x080
#define P9_SETATTR_MTIME_SET	0x100

/* Tunlinkat flag (Linux's AT_REMOVEDIR). */
#define P9_AT_REMOVEDIR		0x200

struct p9_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

/* --- encoding ---------------------------------------------------------- */

struct p9_wbuf {
	uint8_t *p;
	uint32_t cap, pos;
	int overflow;
};

/* Starts a message of type with tag in buf[0..cap). */
void p9_begin(struct p9_wbuf *b, void *buf, uint32_t cap, uint8_t type,
	      uint16_t tag);
void p9_put_u8(struct p9_wbuf *b, uint8_t v);
void p9_put_u16(struct p9_wbuf *b, uint16_t v);
void p9_put_u32(struct p9_wbuf *b, uint32_t v);
void p9_put_u64(struct p9_wbuf *b, uint64_t v);
/* A string of len bytes (len <= 65535). */
void p9_put_strn(struct p9_wbuf *b, const char *s, size_t len);
void p9_put_str(struct p9_wbuf *b, const char *s);
/* Writes the size field; returns the message length, 0 if it overflowed.
 * extra: bytes that follow the buffer (a Twrite's payload). */
uint32_t p9_end(struct p9_wbuf *b, uint32_t extra);
/* Changes the tag of an encoded message. */
void p9_set_tag(void *msg, uint16_t tag);

/* --- decoding ---------------------------------------------------------- */

struct p9_rbuf {
	const uint8_t *p;
	uint32_t len, pos;
	int bad;		/* something was short: ignore the values */
};

void p9_rbuf_init(struct p9_rbuf *r, const void *p, uint32_t len);
uint8_t p9_get_u8(struct p9_rbuf *r);
uint16_t p9_get_u16(struct p9_rbuf *r);
uint32_t p9_get_u32(struct p9_rbuf *r);
uint64_t p9_get_u64(struct p9_rbuf *r);
/* *s points into the message (not NUL-terminated), *len its length. */
void p9_get_str(struct p9_rbuf *r, const char **s, uint16_t *len);
void p9_get_qid(struct p9_rbuf *r, struct p9_qid *q);
/* 0 if every field was there and nothing is left over, else -EPROTO. */
int p9_get_end(struct p9_rbuf *r);

/*
 * Checks the reply rx[0..rx_len) to a T-message of type ttype sent with
 * tag: a size that matches rx_len, the right tag, and type ttype + 1.
 * Returns 0 and the body (after the header) in *body; the server's
 * error translated to our errno (negative) for an Rlerror; -EPROTO for
 * anything malformed (*why then says what).
 */
int p9_reply(const void *rx, uint32_t rx_len, uint8_t ttype, uint16_t tag,
	     struct p9_rbuf *body, const char **why);

/* Rversion: the server's msize and version. */
int p9_parse_rversion(struct p9_rbuf *r, uint32_t *msize,
		      const char **version, uint16_t *vlen);

/* Rwalk to a Twalk of nwname names: the qids (at most nwname). */
int p9_parse_rwalk(struct p9_rbuf *r, unsigned int nwname,
		   struct p9_qid *qids, unsigned int *nwqid);

/* Rlopen, Rlcreate. */
int p9_parse_ropen(struct p9_rbuf *r, struct p9_qid *qid, uint32_t *iounit);

struct p9_attr {
	uint64_t valid;
	struct p9_qid qid;
	uint32_t mode, uid, gid;
	uint64_t nlink, rdev, size, blksize, blocks;
	uint64_t atime_sec, atime_nsec, mtime_sec, mtime_nsec;
	uint64_t ctime_sec, ctime_nsec;
};

int p9_parse_rgetattr(struct p9_rbuf *r, struct p9_attr *a);

struct p9_statfs {
	uint32_t type, bsize;
	uint64_t blocks, bfree, bavail, files, ffree, fsid;
	uint32_t namelen;
};

int p9_parse_rstatfs(struct p9_rbuf *r, struct p9_statfs *s);

/*
 * The Rread header rx (P9_RREAD_HDR bytes, the data having gone
 * elsewhere) of a reply rx_len bytes long, to a Tread of count bytes:
 * returns the number of data bytes, or a negative errno.
 */
long p9_parse_rread_hdr(const void *rx, uint32_t rx_len, uint16_t tag,
			uint32_t count, const char **why);

/* Rwrite to a Twrite of count bytes: the count written (<= count). */
long p9_parse_rwrite(struct p9_rbuf *r, uint32_t count);

/* Rreadlink: the target. */
int p9_parse_rreadlink(struct p9_rbuf *r, const char **target,
		       uint16_t *len);

/*
 * Rreaddir: count[4] then entries qid[13] offset[8] type[1] name[s].
 * p9_readdir_begin checks count against the message; p9_readdir_next
 * returns 1 and the next entry, 0 at the end, -EPROTO if an entry is cut
 * short or its name is empty or contains '/' or NUL.
 */
struct p9_dirent {
	struct p9_qid qid;
	uint64_t offset;
	uint8_t type;
	const char *name;
	uint16_t namelen;
};

int p9_readdir_begin(struct p9_rbuf *r, uint32_t asked,
		     struct p9_rbuf *entries);
int p9_readdir_next(struct p9_rbuf *entries, struct p9_dirent *d);

/* Our open flags -> 9P2000.L (Linux) open flags. */
uint32_t p9_dotl_flags(int oflags);

#endif /* __UKVFS_9P_MSG_H__ */
