/* The cpio "newc" reader of lib/ukvfs (the initrd format). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cpio.h"

static unsigned char arc[8192];
static size_t alen;

static void pad(void)
{
	while (alen % 4)
		arc[alen++] = 0;
}

/* Appends an entry; namesize/filesize < 0: the real ones. */
static size_t add(const char *magic, const char *name, long namesize,
		  unsigned mode, const char *data, size_t dlen, long filesize)
{
	size_t at = alen;
	char h[200];
	size_t nl = strlen(name) + 1;

	snprintf(h, sizeof(h),
		 "%s%08X%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X%08lX%08X",
		 magic, 7, mode, 0, 0, 1, 1700000000,
		 filesize < 0 ? (unsigned long)dlen : (unsigned long)filesize,
		 0, 0, 0, 0,
		 namesize < 0 ? (unsigned long)nl : (unsigned long)namesize, 0);
	memcpy(arc + alen, h, 110);
	alen += 110;
	memcpy(arc + alen, name, nl);
	alen += nl;
	pad();
	memcpy(arc + alen, data, dlen);
	alen += dlen;
	pad();
	return at;
}

static void trailer(void)
{
	add("070701", "TRAILER!!!", -1, 0, "", 0, -1);
}

static void good_archive(void)
{
	alen = 0;
	add("070701", "dir", -1, 040755, "", 0, -1);
	add("070701", "dir/hello.txt", -1, 0100644, "hello, world\n", 13, -1);
	add("070702", "dir/link", -1, 0120777, "hello.txt", 9, -1);
	add("070701", "name with space", -1, 0100600, "x", 1, -1);
	trailer();
}

/* Reads everything; returns the last cpio_next result. */
static int read_all(const void *p, size_t len, int *entries, const char **why,
		    size_t *where)
{
	struct cpio_reader r;
	struct cpio_entry e;
	int rc;

	*entries = 0;
	cpio_init(&r, p, len);
	while ((rc = cpio_next(&r, &e, why, where)) > 0)
		(*entries)++;
	return rc;
}

START_TEST(reads_a_good_archive)
{
	struct cpio_reader r;
	struct cpio_entry e;
	const char *why;
	size_t where;

	good_archive();
	cpio_init(&r, arc, alen);
	ck_assert_int_eq(cpio_next(&r, &e, &why, &where), 1);
	ck_assert_str_eq(e.name, "dir");
	ck_assert_uint_eq(e.mode, 040755);
	ck_assert_uint_eq(e.size, 0);
	ck_assert_int_eq(cpio_next(&r, &e, &why, &where), 1);
	ck_assert_str_eq(e.name, "dir/hello.txt");
	ck_assert_uint_eq(e.namelen, 13);
	ck_assert_uint_eq(e.size, 13);
	ck_assert(!memcmp(e.data, "hello, world\n", 13));
	/* data is served in place */
	ck_assert((const unsigned char *)e.data > arc &&
		  (const unsigned char *)e.data < arc + alen);
	ck_assert_uint_eq(e.mtime, 1700000000);
	ck_assert_int_eq(cpio_next(&r, &e, &why, &where), 1);
	ck_assert_str_eq(e.name, "dir/link");
	ck_assert(!memcmp(e.data, "hello.txt", 9));
	ck_assert_int_eq(cpio_next(&r, &e, &why, &where), 1);
	ck_assert_str_eq(e.name, "name with space");
	ck_assert_int_eq(cpio_next(&r, &e, &why, &where), 0);
	/* and stays at the end */
	ck_assert_int_eq(cpio_next(&r, &e, &why, &where), 0);
}
END_TEST

START_TEST(every_truncation_is_an_error)
{
	size_t full, cut;
	int n;
	const char *why;
	size_t where;

	good_archive();
	/* the trailer's padding may be missing: the trailer's name is the
	 * last thing that must be there */
	full = alen - 110 - 11;
	full = full - (full % 4) + 110 + 11;
	for (cut = 0; cut < full; cut++) {
		unsigned char *copy = malloc(cut ? cut : 1);

		/* a fresh allocation of exactly cut bytes: ASan catches any
		 * read past it */
		memcpy(copy, arc, cut);
		why = NULL;
		ck_assert_msg(read_all(copy, cut, &n, &why, &where) == -EINVAL,
			      "cut at %zu accepted", cut);
		ck_assert(why != NULL);
		ck_assert(where <= cut);
		free(copy);
	}
	ck_assert_int_eq(read_all(arc, alen, &n, &why, &where), 0);
	ck_assert_int_eq(n, 4);
}
END_TEST

START_TEST(bad_magic)
{
	const char *why;
	size_t where;
	int n;

	good_archive();
	memcpy(arc, "070707", 6);	/* the old portable format */
	ck_assert_int_eq(read_all(arc, alen, &n, &why, &where), -EINVAL);
	ck_assert_uint_eq(where, 0);
	ck_assert(strstr(why, "magic"));

	good_archive();
	memcpy(arc + 116, "XXXXXX", 6);
	ck_assert_int_eq(read_all(arc, alen, &n, &why, &where), -EINVAL);
	ck_assert_int_eq(n, 1);
	ck_assert_uint_eq(where, 116);
}
END_TEST

START_TEST(bad_hex_digit)
{
	const char *why;
	size_t where;
	int n;

	good_archive();
	arc[6 + 8 * 6 + 3] = 'g';	/* in filesize */
	ck_assert_int_eq(read_all(arc, alen, &n, &why, &where), -EINVAL);
	ck_assert(strstr(why, "hex"));
	ck_assert_uint_eq(where, 6 + 8 * 6);
}
END_TEST

START_TEST(huge_sizes)
{
	const char *why;
	size_t where;
	int n;

	alen = 0;
	add("070701", "big", -1, 0100644, "abc", 3, 0xFFFFFFFFL);
	trailer();
	ck_assert_int_eq(read_all(arc, alen, &n, &why, &where), -EINVAL);
	ck_assert(strstr(why, "data"));

	alen = 0;
	add("070701", "big", 0xFFFFFFFFL, 0100644, "abc", 3, -1);
	trailer();
	ck_assert_int_eq(read_all(arc, alen, &n, &why, &where), -EINVAL);
	ck_assert(strstr(why, "name"));

	alen = 0;
	add("070701", "big", 0x7FFFFFFFL, 0100644, "abc", 3, 0x7FFFFFFFL);
	trailer();
	ck_assert_int_eq(read_all(arc, alen, &n, &why, &where), -EINVAL);
}
END_TEST

START_TEST(names_without_nul)
{
	const char *why;
	size_t where;
	int n;

	/* namesize one short: the last byte of the name is not a NUL */
	alen = 0;
	add("070701", "abcd", 4, 0100644, "x", 1, -1);
	trailer();
	ck_assert_int_eq(read_all(arc, alen, &n, &why, &where), -EINVAL);
	ck_assert(strstr(why, "NUL"));

	/* a NUL inside the name */
	alen = 0;
	add("070701", "ab", 6, 0100644, "", 0, -1);
	trailer();
	ck_assert_int_eq(read_all(arc, alen, &n, &why, &where), -EINVAL);

	/* namesize 0 */
	alen = 0;
	add("070701", "a", 0, 0100644, "", 0, -1);
	trailer();
	ck_assert_int_eq(read_all(arc, alen, &n, &why, &where), -EINVAL);
	ck_assert(strstr(why, "empty"));
}
END_TEST

START_TEST(missing_trailer_and_garbage_after)
{
	const char *why;
	size_t where;
	int n;

	good_archive();
	alen -= 124;	/* drop the trailer */
	ck_assert_int_eq(read_all(arc, alen, &n, &why, &where), -EINVAL);
	ck_assert_int_eq(n, 4);
	ck_assert(strstr(why, "trailer"));
	ck_assert_uint_eq(where, alen);

	/* anything after the trailer (zero padding, a second archive) is
	 * not read */
	good_archive();
	memset(arc + alen, 'Z', 100);
	ck_assert_int_eq(read_all(arc, alen + 100, &n, &why, &where), 0);
	ck_assert_int_eq(n, 4);

	ck_assert_int_eq(read_all(arc, 0, &n, &why, &where), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vfs_cpio");
	TCase *t = tcase_create("cpio");
	SRunner *sr;
	int failed;

	tcase_add_test(t, reads_a_good_archive);
	tcase_add_test(t, every_truncation_is_an_error);
	tcase_add_test(t, bad_magic);
	tcase_add_test(t, bad_hex_digit);
	tcase_add_test(t, huge_sizes);
	tcase_add_test(t, names_without_nul);
	tcase_add_test(t, missing_trailer_and_garbage_after);
	suite_add_tcase(s, t);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
