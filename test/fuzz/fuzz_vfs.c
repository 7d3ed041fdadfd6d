/*
 * libFuzzer target for what lib/ukvfs reads from outside the guest: an
 * initrd (a cpio archive from the host) and 9P2000.L replies (from the 9p
 * server).  The first byte of an input picks which; the rest is the data.
 *
 * initrd: the archive is mounted as the root (cpio reader, ramfs, hard
 * links, symlinks), then the whole tree is walked: every directory
 * listed, every symlink read, every file read to its end.  Properties:
 * a mount either succeeds or fails with -EINVAL or -ENOMEM; every file
 * reads exactly its stat size; a listing never names "", "." or ".."
 * twice or holds a '/'.
 *
 * 9p: the data is taken as the reply to each kind of request we send, and
 * parsed as the client does: every parser returns 0/a count (never more
 * than asked for) or a negative errno, and whatever it returns points
 * inside the reply.
 *
 * ASan and UBSan catch the rest.  Run by test/fuzz/run-fuzz vfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "vfs_impl.h"
#include "9p_msg.h"
#include "vfs_host.h"

#include "fuzz_check.h"

#define MAX_DEPTH	8
#define MAX_VISITS	256	/* paths looked at per input */

static int visits;

struct listing {
	char names[64][64];
	int n;
};

static int fill(void *arg, const char *name, size_t len, uint64_t ino,
		unsigned char dtype, uint64_t next_cookie)
{
	struct listing *l = arg;

	CHECK(len > 0 && !memchr(name, '/', len) && !memchr(name, 0, len));
	if (l->n < 64 && len < 64) {
		memcpy(l->names[l->n], name, len);
		l->names[l->n][len] = '\0';
		l->n++;
	}
	return 0;
}

static void walk(const char *path, int depth)
{
	struct vfs_file *f;
	struct listing l;
	struct stat st;
	char buf[4096];
	int i, j;

	if (++visits > MAX_VISITS || vfs_stat(path, &st, 0) < 0)
		return;
	if (S_ISLNK(st.st_mode)) {
		ssize_t n = vfs_readlink(path, buf, sizeof(buf));

		CHECK(n < 0 || (size_t)n <= sizeof(buf));
		return;
	}
	if (S_ISREG(st.st_mode)) {
		ssize_t n, total = 0;

		if (vfs_open(path, O_RDONLY, 0, &f) < 0)
			return;
		while ((n = vfs_file_read(f, buf, sizeof(buf))) > 0)
			total += n;
		CHECK(n == 0 && total == st.st_size);
		vfs_file_close(f);
		return;
	}
	if (!S_ISDIR(st.st_mode) || depth >= MAX_DEPTH ||
	    vfs_open(path, O_RDONLY | O_DIRECTORY, 0, &f) < 0)
		return;
	l.n = 0;
	vfs_file_readdir(f, fill, &l);
	vfs_file_close(f);
	for (i = 0; i < l.n; i++)
		for (j = i + 1; j < l.n; j++)
			CHECK(strcmp(l.names[i], l.names[j]) != 0);
	for (i = 0; i < l.n; i++) {
		char child[512];

		if (!strcmp(l.names[i], ".") || !strcmp(l.names[i], ".."))
			continue;
		snprintf(child, sizeof(child), "%s/%s",
			 strcmp(path, "/") ? path : "", l.names[i]);
		walk(child, depth + 1);
	}
}

static void fuzz_initrd(const uint8_t *data, size_t size)
{
	int rc;

	host_initrd = data;
	host_initrd_len = size;
	rc = uk_vfs_mount("", "/", "initrd");
	CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMEM);
	if (rc == 0) {
		visits = 0;
		walk("/", 0);
	}
	vfs_reset();
	host_initrd = NULL;
}

static void inside(const uint8_t *p, size_t len, const void *s, size_t n)
{
	CHECK((const uint8_t *)s >= p && (const uint8_t *)s + n <= p + len);
}

/* Every request type the client sends, with the reply as data. */
static void fuzz_9p(const uint8_t *data, size_t size)
{
	static const uint8_t types[] = {
		P9_TVERSION, P9_TATTACH, P9_TWALK, P9_TLOPEN, P9_TLCREATE,
		P9_TREAD, P9_TWRITE, P9_TCLUNK, P9_TGETATTR, P9_TSETATTR,
		P9_TREADDIR, P9_TREADLINK, P9_TSTATFS, P9_TMKDIR,
		P9_TUNLINKAT, P9_TRENAMEAT, P9_TSYMLINK,
	};
	const char *why = NULL;
	unsigned int i;
	uint32_t len = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
	long n;

	/* an Rread header, the data having gone elsewhere */
	n = p9_parse_rread_hdr(data, len, 1, 4096, &why);
	CHECK(n <= 4096);

	for (i = 0; i < sizeof(types); i++) {
		struct p9_rbuf body, r, entries;
		struct p9_qid qids[16];
		struct p9_attr a;
		struct p9_statfs sf;
		struct p9_dirent d;
		const char *s;
		unsigned int nq;
		uint32_t msize, iounit;
		uint16_t sl;
		int rc, k;

		why = NULL;
		rc = p9_reply(data, len, types[i], 1, &body, &why);
		CHECK(rc <= 0);
		if (rc < 0)
			continue;
		inside(data, size, body.p, body.len);
		r = body;
		switch (types[i]) {
		case P9_TVERSION:
			if (p9_parse_rversion(&r, &msize, &s, &sl) == 0)
				inside(data, size, s, sl);
			break;
		case P9_TWALK:
			if (p9_parse_rwalk(&r, 16, qids, &nq) == 0)
				CHECK(nq <= 16);
			break;
		case P9_TLOPEN:
		case P9_TLCREATE:
			p9_parse_ropen(&r, qids, &iounit);
			break;
		case P9_TGETATTR:
			p9_parse_rgetattr(&r, &a);
			break;
		case P9_TSTATFS:
			p9_parse_rstatfs(&r, &sf);
			break;
		case P9_TWRITE:
			n = p9_parse_rwrite(&r, 4096);
			CHECK(n <= 4096);
			break;
		case P9_TREADLINK:
			if (p9_parse_rreadlink(&r, &s, &sl) == 0)
				inside(data, size, s, sl);
			break;
		case P9_TREADDIR:
			if (p9_readdir_begin(&r, 8192, &entries) < 0)
				break;
			for (k = 0; k < 1000; k++) {
				rc = p9_readdir_next(&entries, &d);
				CHECK(rc == 0 || rc == 1 || rc == -EPROTO);
				if (rc != 1)
					break;
				inside(data, size, d.name, d.namelen);
				CHECK(d.namelen > 0 &&
				      !memchr(d.name, '/', d.namelen) &&
				      !memchr(d.name, 0, d.namelen));
			}
			break;
		default:
			p9_get_end(&r);
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		fuzz_9p(data + 1, size - 1);
	else
		fuzz_initrd(data + 1, size - 1);
	return 0;
}
