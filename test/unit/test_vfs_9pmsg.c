/*
 * 9P2000.L messages of lib/ukvfs: encoding (byte for byte against the
 * protocol), decoding of replies from a hostile server (every length and
 * count checked), the Linux errno table and the open-flag translation.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include "9p_msg.h"
#include "vfs_impl.h"

static uint8_t m[1024];
static uint32_t mlen;

/* Building replies: a header then fields. */
static struct p9_wbuf w;

static void reply(uint8_t type, uint16_t tag)
{
	p9_begin(&w, m, sizeof(m), type, tag);
}

static uint32_t done(void)
{
	mlen = p9_end(&w, 0);
	return mlen;
}

static void put_qid(uint8_t type, uint64_t path)
{
	p9_put_u8(&w, type);
	p9_put_u32(&w, 0);
	p9_put_u64(&w, path);
}

START_TEST(encodes_tversion)
{
	static const uint8_t want[] = {
		21, 0, 0, 0, 100, 0xff, 0xff, 0x00, 0x20, 0, 0, 8, 0,
		'9', 'P', '2', '0', '0', '0', '.', 'L' };
	struct p9_wbuf b;

	p9_begin(&b, m, sizeof(m), P9_TVERSION, P9_NOTAG);
	p9_put_u32(&b, 8192);
	p9_put_str(&b, "9P2000.L");
	ck_assert_uint_eq(p9_end(&b, 0), 21);
	ck_assert(!memcmp(m, want, sizeof(want)));
}
END_TEST

START_TEST(encodes_twalk_and_twrite)
{
	static const uint8_t walk[] = {
		26, 0, 0, 0, 110, 3, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0,
		1, 0, 'a', 4, 0, 'b', ' ', 'c', 'd' };
	struct p9_wbuf b;

	p9_begin(&b, m, sizeof(m), P9_TWALK, 3);
	p9_put_u32(&b, 1);
	p9_put_u32(&b, 2);
	p9_put_u16(&b, 2);
	p9_put_str(&b, "a");
	p9_put_str(&b, "b cd");
	ck_assert_uint_eq(p9_end(&b, 0), sizeof(walk));
	ck_assert(!memcmp(m, walk, sizeof(walk)));

	/* Twrite: the size field counts the payload sent separately */
	p9_begin(&b, m, sizeof(m), P9_TWRITE, 9);
	p9_put_u32(&b, 5);
	p9_put_u64(&b, 0x0102030405060708ULL);
	p9_put_u32(&b, 1000);
	ck_assert_uint_eq(p9_end(&b, 1000), 23);
	ck_assert_uint_eq(m[0] | m[1] << 8 | m[2] << 16, 1023);
	ck_assert_uint_eq(m[11], 0x08);
	ck_assert_uint_eq(m[18], 0x01);
	p9_set_tag(m, 0x1234);
	ck_assert_uint_eq(m[5], 0x34);
	ck_assert_uint_eq(m[6], 0x12);
}
END_TEST

START_TEST(encoding_overflow_is_caught)
{
	struct p9_wbuf b;
	char big[300];

	memset(big, 'x', sizeof(big));
	p9_begin(&b, m, 64, P9_TWALK, 0);
	p9_put_u32(&b, 1);
	p9_put_strn(&b, big, sizeof(big));
	ck_assert_uint_eq(p9_end(&b, 0), 0);
	/* a string longer than 65535 cannot be encoded */
	p9_begin(&b, m, sizeof(m), P9_TWALK, 0);
	p9_put_strn(&b, big, 70000);
	ck_assert_uint_eq(p9_end(&b, 0), 0);
}
END_TEST

START_TEST(reply_header_checks)
{
	struct p9_rbuf body;
	const char *why;

	reply(P9_RCLUNK, 7);
	done();
	ck_assert_int_eq(p9_reply(m, mlen, P9_TCLUNK, 7, &body, &why), 0);
	ck_assert_int_eq(p9_get_end(&body), 0);
	/* wrong tag, type, size field, length */
	ck_assert_int_eq(p9_reply(m, mlen, P9_TCLUNK, 8, &body, &why), -EPROTO);
	ck_assert(strstr(why, "tag"));
	ck_assert_int_eq(p9_reply(m, mlen, P9_TWALK, 7, &body, &why), -EPROTO);
	ck_assert(strstr(why, "type"));
	ck_assert_int_eq(p9_reply(m, mlen + 1, P9_TCLUNK, 7, &body, &why),
			 -EPROTO);
	ck_assert_int_eq(p9_reply(m, 6, P9_TCLUNK, 7, &body, &why), -EPROTO);
	ck_assert_int_eq(p9_reply(m, 0, P9_TCLUNK, 7, &body, &why), -EPROTO);
	m[0] = 200;	/* size field larger than what arrived */
	ck_assert_int_eq(p9_reply(m, mlen, P9_TCLUNK, 7, &body, &why), -EPROTO);
	m[0] = 3;	/* smaller than a header */
	ck_assert_int_eq(p9_reply(m, 3, P9_TCLUNK, 7, &body, &why), -EPROTO);
}
END_TEST

START_TEST(rlerror_becomes_our_errno)
{
	struct p9_rbuf body;
	const char *why;

	reply(P9_RLERROR, 1);
	p9_put_u32(&w, 39);	/* Linux ENOTEMPTY */
	done();
	ck_assert_int_eq(p9_reply(m, mlen, P9_TUNLINKAT, 1, &body, &why),
			 -ENOTEMPTY);
	reply(P9_RLERROR, 1);
	p9_put_u32(&w, 2);
	done();
	ck_assert_int_eq(p9_reply(m, mlen, P9_TWALK, 1, &body, &why), -ENOENT);
	reply(P9_RLERROR, 1);
	p9_put_u32(&w, 0xdeadbeef);	/* nonsense: EIO */
	done();
	ck_assert_int_eq(p9_reply(m, mlen, P9_TWALK, 1, &body, &why), -EIO);
	/* an Rlerror cut short is malformed, not an error code */
	reply(P9_RLERROR, 1);
	p9_put_u16(&w, 2);
	done();
	ck_assert_int_eq(p9_reply(m, mlen, P9_TWALK, 1, &body, &why), -EPROTO);
}
END_TEST

START_TEST(rwalk_counts_are_checked)
{
	struct p9_rbuf body;
	struct p9_qid q[P9_MAXWELEM];
	unsigned int n;
	const char *why;

	reply(P9_RWALK, 2);
	p9_put_u16(&w, 1);
	put_qid(P9_QTDIR, 42);
	done();
	ck_assert_int_eq(p9_reply(m, mlen, P9_TWALK, 2, &body, &why), 0);
	ck_assert_int_eq(p9_parse_rwalk(&body, 1, q, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(q[0].path, 42);
	ck_assert_uint_eq(q[0].type, P9_QTDIR);

	/* more qids than names asked for: would overrun q[] */
	reply(P9_RWALK, 2);
	p9_put_u16(&w, 500);
	put_qid(0, 1);
	done();
	p9_reply(m, mlen, P9_TWALK, 2, &body, &why);
	ck_assert_int_eq(p9_parse_rwalk(&body, 1, q, &n), -EPROTO);

	/* a count the message does not hold */
	reply(P9_RWALK, 2);
	p9_put_u16(&w, 1);
	p9_put_u8(&w, 0);
	done();
	p9_reply(m, mlen, P9_TWALK, 2, &body, &why);
	ck_assert_int_eq(p9_parse_rwalk(&body, 1, q, &n), -EPROTO);

	/* trailing garbage */
	reply(P9_RWALK, 2);
	p9_put_u16(&w, 0);
	p9_put_u32(&w, 0);
	done();
	p9_reply(m, mlen, P9_TWALK, 2, &body, &why);
	ck_assert_int_eq(p9_parse_rwalk(&body, 1, q, &n), -EPROTO);
}
END_TEST

static void getattr_reply(uint64_t size, uint64_t nsec, int cut)
{
	int i;

	reply(P9_RGETATTR, 4);
	p9_put_u64(&w, P9_GETATTR_BASIC);
	put_qid(0, 99);
	p9_put_u32(&w, 0100644);
	p9_put_u32(&w, 1000);
	p9_put_u32(&w, 1000);
	p9_put_u64(&w, 1);	/* nlink */
	p9_put_u64(&w, 0);	/* rdev */
	p9_put_u64(&w, size);
	p9_put_u64(&w, 4096);
	p9_put_u64(&w, 8);
	for (i = 0; i < 3; i++) {
		p9_put_u64(&w, 1700000000);
		p9_put_u64(&w, nsec);
	}
	for (i = 0; i < 4 - cut; i++)
		p9_put_u64(&w, 0);
	done();
}

START_TEST(rgetattr)
{
	struct p9_rbuf body;
	struct p9_attr a;
	const char *why;

	getattr_reply(12345, 5, 0);
	ck_assert_int_eq(p9_reply(m, mlen, P9_TGETATTR, 4, &body, &why), 0);
	ck_assert_int_eq(p9_parse_rgetattr(&body, &a), 0);
	ck_assert_uint_eq(a.size, 12345);
	ck_assert_uint_eq(a.mode, 0100644);
	ck_assert_uint_eq(a.qid.path, 99);
	ck_assert_uint_eq(a.mtime_nsec, 5);

	getattr_reply(12345, 5, 1);	/* one field short */
	p9_reply(m, mlen, P9_TGETATTR, 4, &body, &why);
	ck_assert_int_eq(p9_parse_rgetattr(&body, &a), -EPROTO);
	getattr_reply(1ULL << 63, 5, 0);	/* negative as off_t */
	p9_reply(m, mlen, P9_TGETATTR, 4, &body, &why);
	ck_assert_int_eq(p9_parse_rgetattr(&body, &a), -EPROTO);
	getattr_reply(1, 1000000000, 0);	/* bad nanoseconds */
	p9_reply(m, mlen, P9_TGETATTR, 4, &body, &why);
	ck_assert_int_eq(p9_parse_rgetattr(&body, &a), -EPROTO);
}
END_TEST

START_TEST(rread_header)
{
	uint8_t h[P9_RREAD_HDR];
	const char *why;

	reply(P9_RREAD, 5);
	p9_put_u32(&w, 100);
	p9_end(&w, 100);	/* size counts the data that went elsewhere */
	memcpy(h, m, sizeof(h));
	ck_assert_int_eq(p9_parse_rread_hdr(h, 111, 5, 4096, &why), 100);
	/* more than asked for */
	ck_assert_int_eq(p9_parse_rread_hdr(h, 111, 5, 50, &why), -EPROTO);
	/* count and length disagree */
	ck_assert_int_eq(p9_parse_rread_hdr(h, 105, 5, 4096, &why), -EPROTO);
	ck_assert_int_eq(p9_parse_rread_hdr(h, 111, 6, 4096, &why), -EPROTO);
	ck_assert_int_eq(p9_parse_rread_hdr(h, 5, 5, 4096, &why), -EPROTO);
	/* a huge count, as a hostile server would say */
	h[7] = h[8] = h[9] = h[10] = 0xff;
	ck_assert_int_eq(p9_parse_rread_hdr(h, 111, 5, 4096, &why), -EPROTO);

	reply(P9_RLERROR, 5);
	p9_put_u32(&w, 21);	/* Linux EISDIR */
	done();
	ck_assert_int_eq(p9_parse_rread_hdr(m, mlen, 5, 4096, &why), -EISDIR);
}
END_TEST

START_TEST(rwrite_and_rreadlink)
{
	struct p9_rbuf body;
	const char *why, *t;
	uint16_t tl;

	reply(P9_RWRITE, 1);
	p9_put_u32(&w, 4096);
	done();
	p9_reply(m, mlen, P9_TWRITE, 1, &body, &why);
	ck_assert_int_eq(p9_parse_rwrite(&body, 8192), 4096);
	p9_reply(m, mlen, P9_TWRITE, 1, &body, &why);
	ck_assert_int_eq(p9_parse_rwrite(&body, 100), -EPROTO);

	reply(P9_RREADLINK, 1);
	p9_put_str(&w, "../target");
	done();
	p9_reply(m, mlen, P9_TREADLINK, 1, &body, &why);
	ck_assert_int_eq(p9_parse_rreadlink(&body, &t, &tl), 0);
	ck_assert_uint_eq(tl, 9);
	ck_assert(!memcmp(t, "../target", 9));
	/* a string length past the message */
	reply(P9_RREADLINK, 1);
	p9_put_u16(&w, 60000);
	p9_put_u32(&w, 0x41414141);
	done();
	p9_reply(m, mlen, P9_TREADLINK, 1, &body, &why);
	ck_assert_int_eq(p9_parse_rreadlink(&body, &t, &tl), -EPROTO);
	/* NUL inside */
	reply(P9_RREADLINK, 1);
	p9_put_strn(&w, "a\0b", 3);
	done();
	p9_reply(m, mlen, P9_TREADLINK, 1, &body, &why);
	ck_assert_int_eq(p9_parse_rreadlink(&body, &t, &tl), -EPROTO);
}
END_TEST

static void dirent_put(const char *name, size_t len, uint64_t off)
{
	put_qid(0, off * 10);
	p9_put_u64(&w, off);
	p9_put_u8(&w, 8);
	p9_put_strn(&w, name, len);
}

START_TEST(readdir_entries)
{
	struct p9_rbuf body, e;
	struct p9_dirent d;
	const char *why;
	uint32_t at;

	reply(P9_RREADDIR, 3);
	at = w.pos;
	p9_put_u32(&w, 0);
	dirent_put("a", 1, 1);
	dirent_put("name with space", 15, 2);
	m[at] = (uint8_t)(w.pos - at - 4);
	done();
	p9_reply(m, mlen, P9_TREADDIR, 3, &body, &why);
	ck_assert_int_eq(p9_readdir_begin(&body, 8192, &e), 0);
	ck_assert_int_eq(p9_readdir_next(&e, &d), 1);
	ck_assert_uint_eq(d.namelen, 1);
	ck_assert_uint_eq(d.offset, 1);
	ck_assert_int_eq(p9_readdir_next(&e, &d), 1);
	ck_assert(!memcmp(d.name, "name with space", 15));
	ck_assert_int_eq(p9_readdir_next(&e, &d), 0);

	/* count larger than asked, or than the message */
	p9_reply(m, mlen, P9_TREADDIR, 3, &body, &why);
	ck_assert_int_eq(p9_readdir_begin(&body, 10, &e), -EPROTO);
	m[at] += 1;
	p9_reply(m, mlen, P9_TREADDIR, 3, &body, &why);
	ck_assert_int_eq(p9_readdir_begin(&body, 8192, &e), -EPROTO);

	/* an entry cut short, a name with '/', an empty name */
	reply(P9_RREADDIR, 3);
	at = w.pos;
	p9_put_u32(&w, 0);
	dirent_put("abc", 3, 1);
	w.pos -= 2;
	m[at] = (uint8_t)(w.pos - at - 4);
	done();
	p9_reply(m, mlen, P9_TREADDIR, 3, &body, &why);
	ck_assert_int_eq(p9_readdir_begin(&body, 8192, &e), 0);
	ck_assert_int_eq(p9_readdir_next(&e, &d), -EPROTO);

	reply(P9_RREADDIR, 3);
	at = w.pos;
	p9_put_u32(&w, 0);
	dirent_put("../etc", 6, 1);
	m[at] = (uint8_t)(w.pos - at - 4);
	done();
	p9_reply(m, mlen, P9_TREADDIR, 3, &body, &why);
	p9_readdir_begin(&body, 8192, &e);
	ck_assert_int_eq(p9_readdir_next(&e, &d), -EPROTO);

	reply(P9_RREADDIR, 3);
	at = w.pos;
	p9_put_u32(&w, 0);
	dirent_put("", 0, 1);
	m[at] = (uint8_t)(w.pos - at - 4);
	done();
	p9_reply(m, mlen, P9_TREADDIR, 3, &body, &why);
	p9_readdir_begin(&body, 8192, &e);
	ck_assert_int_eq(p9_readdir_next(&e, &d), -EPROTO);
}
END_TEST

/* Random replies never make the decoders read outside the message
 * (ASan would stop the test). */
START_TEST(fuzzed_replies_stay_in_bounds)
{
	struct p9_rbuf body, e;
	struct p9_attr a;
	struct p9_qid q[P9_MAXWELEM];
	struct p9_dirent d;
	const char *why, *s;
	unsigned int n, i, len;
	uint16_t sl;
	uint32_t ms;

	srand(1);
	for (i = 0; i < 20000; i++) {
		uint8_t *buf;
		unsigned int k;

		len = rand() % 64;
		buf = malloc(len + 1);
		for (k = 0; k < len; k++)
			buf[k] = rand() % 4 ? rand() : 0;
		if (len >= 4) {
			buf[0] = len;
			buf[1] = buf[2] = buf[3] = 0;
		}
		if (p9_reply(buf, len, buf[len > 4 ? 4 : 0] - 1,
			     len > 6 ? buf[5] | buf[6] << 8 : 0, &body,
			     &why) == 0) {
			struct p9_rbuf c = body;

			p9_parse_rwalk(&c, P9_MAXWELEM, q, &n);
			c = body;
			p9_parse_rgetattr(&c, &a);
			c = body;
			p9_parse_rversion(&c, &ms, &s, &sl);
			c = body;
			p9_parse_rreadlink(&c, &s, &sl);
			c = body;
			if (p9_readdir_begin(&c, 1 << 20, &e) == 0)
				while (p9_readdir_next(&e, &d) > 0)
					;
		}
		if (len >= P9_RREAD_HDR)
			p9_parse_rread_hdr(buf, len, 0, 1 << 20, &why);
		free(buf);
	}
}
END_TEST

START_TEST(linux_errno_table)
{
	/* on this (Linux) host, E* are Linux's numbers: the table must give
	 * back the name it was given for each */
	static const int names[] = {
		EPERM, ENOENT, EIO, EBADF, EAGAIN, ENOMEM, EACCES, EEXIST,
		EXDEV, ENOTDIR, EISDIR, EINVAL, ENFILE, EMFILE, EFBIG,
		ENOSPC, EROFS, EMLINK, ENAMETOOLONG, ENOSYS, ENOTEMPTY,
		ELOOP, EOVERFLOW, EPROTO, ESTALE, EDQUOT, ENOTSUP, ETIMEDOUT,
		ECONNREFUSED, EBUSY, ETXTBSY, ENODATA, EILSEQ, ECANCELED };
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_int_eq(vfs_linux_errno(names[i]), names[i]);
	/* the numbers themselves, as a 9P server sends them */
	ck_assert_int_eq(vfs_linux_errno(2), ENOENT);
	ck_assert_int_eq(vfs_linux_errno(39), ENOTEMPTY);
	ck_assert_int_eq(vfs_linux_errno(40), ELOOP);
	ck_assert_int_eq(vfs_linux_errno(36), ENAMETOOLONG);
	ck_assert_int_eq(vfs_linux_errno(95), ENOTSUP);
	ck_assert_int_eq(vfs_linux_errno(122), EDQUOT);
	/* no such number: EIO */
	ck_assert_int_eq(vfs_linux_errno(0), EIO);
	ck_assert_int_eq(vfs_linux_errno(41), EIO);
	ck_assert_int_eq(vfs_linux_errno(58), EIO);
	ck_assert_int_eq(vfs_linux_errno(4000), EIO);
	ck_assert_int_eq(vfs_linux_errno(0xffffffffU), EIO);
}
END_TEST

START_TEST(open_flags_to_dotl)
{
	/* 9P2000.L open flags are Linux's octal values */
	ck_assert_uint_eq(p9_dotl_flags(O_RDONLY), 0);
	ck_assert_uint_eq(p9_dotl_flags(O_WRONLY), 1);
	ck_assert_uint_eq(p9_dotl_flags(O_RDWR | O_CREAT | O_EXCL), 02 | 0100 | 0200);
	ck_assert_uint_eq(p9_dotl_flags(O_WRONLY | O_TRUNC | O_APPEND),
			  01 | 01000 | 02000);
	ck_assert_uint_eq(p9_dotl_flags(O_RDONLY | O_DIRECTORY | O_NOFOLLOW),
			  0200000 | 0400000);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vfs_9pmsg");
	TCase *enc = tcase_create("encode"), *dec = tcase_create("decode"),
	      *tr = tcase_create("translate");
	SRunner *sr;
	int failed;

	tcase_add_test(enc, encodes_tversion);
	tcase_add_test(enc, encodes_twalk_and_twrite);
	tcase_add_test(enc, encoding_overflow_is_caught);
	tcase_add_test(dec, reply_header_checks);
	tcase_add_test(dec, rlerror_becomes_our_errno);
	tcase_add_test(dec, rwalk_counts_are_checked);
	tcase_add_test(dec, rgetattr);
	tcase_add_test(dec, rread_header);
	tcase_add_test(dec, rwrite_and_rreadlink);
	tcase_add_test(dec, readdir_entries);
	tcase_add_test(dec, fuzzed_replies_stay_in_bounds);
	tcase_add_test(tr, linux_errno_table);
	tcase_add_test(tr, open_flags_to_dotl);
	suite_add_tcase(s, enc);
	suite_add_tcase(s, dec);
	suite_add_tcase(s, tr);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
