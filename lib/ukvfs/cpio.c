/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cpio "newc" reader.  An entry is a 110-byte header of ASCII fields
 * ("070701" or "070702", then thirteen 8-digit hex numbers), the name
 * (namesize bytes with its NUL) padded to a multiple of 4 from the
 * header's start, then the data padded likewise.  "TRAILER!!!" ends it.
 */
#include <errno.h>
#include <string.h>
#include "cpio.h"

void cpio_init(struct cpio_reader *r, const void *base, size_t len)
{
	r->base = base;
	r->len = len;
	r->off = 0;
	r->done = 0;
}

static int hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		uint8_t c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t pad4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

#define FAIL(msg, at)			\
	do {				\
		*why = (msg);		\
		*where = (at);		\
		return -EINVAL;		\
	} while (0)

int cpio_next(struct cpio_reader *r, struct cpio_entry *e, const char **why,
	      size_t *where)
{
	const uint8_t *h;
	uint32_t f[13], namesize, filesize;
	size_t off = r->off, name_end, data_off, data_end;
	int i;

	if (r->done)
		return 0;
	if (off >= r->len)
		FAIL("archive ends without a trailer (truncated?)", off);
	if (r->len - off < CPIO_HDR_LEN)
		FAIL("truncated header", off);
	h = r->base + off;
	if (memcmp(h, "07070", 5) || (h[5] != '1' && h[5] != '2'))
		FAIL("bad magic (not a cpio newc archive)", off);
	for (i = 0; i < 13; i++)
		if (hex8(h + 6 + 8 * i, &f[i]) < 0)
			FAIL("bad hex digit in header", off + 6 + 8 * i);
	filesize = f[6];
	namesize = f[11];
	if (namesize == 0)
		FAIL("empty name", off);
	/* sizes are 32-bit: these sums cannot overflow a 64-bit size_t */
	name_end = off + CPIO_HDR_LEN + (size_t)namesize;
	if (name_end > r->len)
		FAIL("name runs past the end of the archive", off);
	if (h[CPIO_HDR_LEN + namesize - 1] != '\0')
		FAIL("name not NUL-terminated", off);
	if (memchr(h + CPIO_HDR_LEN, '\0', namesize - 1))
		FAIL("NUL inside the name", off);
	data_off = pad4(name_end);
	if (filesize == 0 && data_off > r->len)
		data_off = r->len;	/* the archive's last padding cut */
	data_end = data_off + (size_t)filesize;
	if (data_off > r->len || data_end > r->len)
		FAIL("file data runs past the end of the archive", off);

	e->name = (const char *)h + CPIO_HDR_LEN;
	e->namelen = namesize - 1;
	e->ino = f[0];
	e->mode = f[1];
	e->uid = f[2];
	e->gid = f[3];
	e->nlink = f[4];
	e->mtime = f[5];
	e->devmajor = f[7];
	e->devminor = f[8];
	e->rdevmajor = f[9];
	e->rdevminor = f[10];
	e->data = r->base + data_off;
	e->size = filesize;
	e->offset = off;

	/* the padding after the last entry may be missing */
	r->off = pad4(data_end) < r->len ? pad4(data_end) : r->len;
	if (e->namelen == sizeof(CPIO_TRAILER) - 1 &&
	    !memcmp(e->name, CPIO_TRAILER, e->namelen)) {
		r->done = 1;
		return 0;
	}
	return 1;
}
