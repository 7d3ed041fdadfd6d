/* apps/httpd: symlink-safe resolution and the open-file cache, on a real
 * folder tree under /tmp with links that stay inside, leave, come back,
 * loop and dangle. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filecache.h"
#include "resolve.h"

static char base[PATH_MAX];	/* the temporary folder */
static char root[PATH_MAX];	/* base/site, canonical */
static size_t rootlen;

static void put(const char *rel, const char *content)
{
	char p[PATH_MAX * 2];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(content, f);
	fclose(f);
}

static void link_(const char *target, const char *rel)
{
	char p[PATH_MAX * 2];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	ck_assert_int_eq(symlink(target, p), 0);
}

static void mkdir_(const char *rel)
{
	char p[PATH_MAX * 2];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	ck_assert_int_eq(mkdir(p, 0755), 0);
}

static void setup(void)
{
	char site[PATH_MAX + 8], p[PATH_MAX * 2];
	FILE *f;

	strcpy(base, "/tmp/httpd-resolve-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(base));
	snprintf(site, sizeof(site), "%s/site", base);
	ck_assert_int_eq(mkdir(site, 0755), 0);
	ck_assert_int_eq(httpd_resolve_root(site, root, sizeof(root)), 0);
	rootlen = strlen(root);
	{
		char rp[PATH_MAX];

		ck_assert_ptr_nonnull(realpath(site, rp));
		ck_assert_str_eq(root, rp);	/* the same answer as libc */
	}

	snprintf(p, sizeof(p), "%s/secret.txt", base);
	f = fopen(p, "w");
	fputs("outside the root", f);
	fclose(f);

	put("a.txt", "hello");
	mkdir_("d");
	mkdir_("d/e");
	put("d/b.txt", "bee");
	link_("a.txt", "in");
	link_("d", "dlink");
	link_("../secret.txt", "rel_out");
	snprintf(p, sizeof(p), "%s/secret.txt", base);
	link_(p, "abs_out");
	link_("/etc", "etc");
	link_("loop2", "loop1");
	link_("loop1", "loop2");
	link_("../site/a.txt", "back_in");
	snprintf(p, sizeof(p), "%s/a.txt", root);
	link_(p, "abs_in");
	link_("..", "d/up");
	link_("../..", "d/up2");
	link_("nowhere", "dangling");
	link_("d/../a.txt", "dotted");
}

static void teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	ck_assert_int_eq(system(cmd), 0);
}

static char out[PATH_MAX];
static struct stat st;

static int res(const char *path)
{
	return httpd_resolve(root, rootlen, path, out, sizeof(out), &st);
}

static void expect(const char *path, const char *rel)
{
	char want[PATH_MAX * 2];
	int r = res(path);

	ck_assert_msg(r == 0, "%s gave %d", path, r);
	snprintf(want, sizeof(want), "%s%s", root, rel);
	ck_assert_str_eq(out, want);
	ck_assert(!S_ISLNK(st.st_mode));
}

START_TEST(plain_files_and_folders)
{
	expect("/", "");
	ck_assert(S_ISDIR(st.st_mode));
	expect("/a.txt", "/a.txt");
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(st.st_size, 5);
	expect("/d/b.txt", "/d/b.txt");
	expect("/d/e/", "/d/e");
	ck_assert_int_eq(res("/missing"), -ENOENT);
	ck_assert_int_eq(res("/d/missing/x"), -ENOENT);
	ck_assert_int_eq(res("/a.txt/x"), -ENOTDIR);
	ck_assert_int_eq(res("/a.txt/"), -ENOTDIR);
}
END_TEST

START_TEST(links_inside)
{
	expect("/in", "/a.txt");
	expect("/dlink/b.txt", "/d/b.txt");
	expect("/back_in", "/a.txt");		/* leaves, comes back */
	expect("/abs_in", "/a.txt");
	expect("/d/up/a.txt", "/a.txt");
	expect("/dotted", "/a.txt");
	expect("/dlink/", "/d");
}
END_TEST

START_TEST(links_outside_refused)
{
	ck_assert_int_eq(res("/rel_out"), -EXDEV);
	ck_assert_int_eq(res("/abs_out"), -EXDEV);
	ck_assert_int_eq(res("/etc/passwd"), -EXDEV);
	ck_assert_int_eq(res("/etc"), -EXDEV);
	ck_assert_int_eq(res("/d/up2"), -EXDEV);
	ck_assert_int_eq(res("/d/up2/secret.txt"), -EXDEV);
	expect("/d/up2/site/a.txt", "/a.txt");	/* out and back in */
}
END_TEST

START_TEST(loops_and_dangling)
{
	ck_assert_int_eq(res("/loop1"), -ELOOP);
	ck_assert_int_eq(res("/loop2/x"), -ELOOP);
	ck_assert_int_eq(res("/dangling"), -ENOENT);
}
END_TEST

START_TEST(root_forms)
{
	char r2[PATH_MAX], cwd[PATH_MAX], p[PATH_MAX * 2];

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(base), 0);
	ck_assert_int_eq(httpd_resolve_root("site", r2, sizeof(r2)), 0);
	ck_assert_str_eq(r2, root);
	ck_assert_int_eq(httpd_resolve_root("./site/d/..", r2, sizeof(r2)), 0);
	ck_assert_str_eq(r2, root);
	ck_assert_int_eq(httpd_resolve_root("site/dlink", r2, sizeof(r2)), 0);
	snprintf(p, sizeof(p), "%s/d", root);
	ck_assert_str_eq(r2, p);
	ck_assert_int_eq(httpd_resolve_root("site/a.txt", r2, sizeof(r2)), -ENOTDIR);
	ck_assert_int_eq(httpd_resolve_root("nope", r2, sizeof(r2)), -ENOENT);
	ck_assert_int_eq(chdir(cwd), 0);
	/* the file-system root is "" */
	ck_assert_int_eq(httpd_resolve_root("/", r2, sizeof(r2)), 0);
	ck_assert_str_eq(r2, "");
	ck_assert_int_eq(httpd_resolve("", 0, "/", out, sizeof(out), &st), 0);
	ck_assert_str_eq(out, "/");
}
END_TEST

/* ---------------------------------------------------------- file cache */

static struct fcache *cache(unsigned int entries, size_t inline_max)
{
	struct fcache_params p = { root, entries, inline_max, 100, 1000 };
	struct fcache *fc = fc_create(&p);

	ck_assert_ptr_nonnull(fc);
	return fc;
}

START_TEST(cache_statuses)
{
	struct fcache *fc = cache(8, 64);
	struct fc_entry *e;
	char p[PATH_MAX * 2];

	ck_assert_int_eq(fc_lookup(fc, "/a.txt", 6, 0, &e), 0);
	fc_release(fc, e);
	ck_assert_int_eq(fc_lookup(fc, "/d", 2, 0, &e), 301);
	ck_assert_int_eq(fc_lookup(fc, "/d/", 3, 0, &e), 403);	/* no index */
	put("d/index.html", "<p>d</p>");
	ck_assert_int_eq(fc_lookup(fc, "/d/", 3, 0, &e), 0);
	ck_assert_ptr_nonnull(strstr(e->hdr, "Content-Type: text/html"));
	fc_release(fc, e);
	ck_assert_int_eq(fc_lookup(fc, "/dlink", 6, 0, &e), 301);
	ck_assert_int_eq(fc_lookup(fc, "/missing", 8, 0, &e), 404);
	ck_assert_int_eq(fc_lookup(fc, "/a.txt/", 7, 0, &e), 404);
	ck_assert_int_eq(fc_lookup(fc, "/rel_out", 8, 0, &e), 403);
	ck_assert_int_eq(fc_lookup(fc, "/etc/passwd", 11, 0, &e), 403);
	ck_assert_int_eq(fc_lookup(fc, "/loop1", 6, 0, &e), 500);
	ck_assert_int_eq(fc_lookup(fc, "/dangling", 9, 0, &e), 404);
	snprintf(p, sizeof(p), "%s/fifo", root);
	ck_assert_int_eq(mkfifo(p, 0644), 0);
	ck_assert_int_eq(fc_lookup(fc, "/fifo", 5, 0, &e), 403);
	fc_destroy(fc);
}
END_TEST

START_TEST(cache_entry_contents)
{
	struct fcache *fc = cache(8, 64);
	struct fc_entry *e, *e2;
	char big[200];

	ck_assert_int_eq(fc_lookup(fc, "/in", 3, 0, &e), 0);
	ck_assert_uint_eq(e->size, 5);
	ck_assert_ptr_nonnull(e->data);		/* small: in memory */
	ck_assert_int_eq(e->fd, -1);
	ck_assert_int_eq(memcmp(e->data, "hello", 5), 0);
	ck_assert_ptr_nonnull(strstr(e->hdr, "ETag: \""));
	ck_assert_ptr_nonnull(strstr(e->hdr, "Last-Modified: "));
	ck_assert_ptr_nonnull(strstr(e->hdr, "Accept-Ranges: bytes\r\n"));
	ck_assert_ptr_nonnull(strstr(e->hdr, e->etag));
	/* the type comes from the requested name: "in" has no extension */
	ck_assert_ptr_nonnull(strstr(e->hdr, "application/octet-stream"));
	ck_assert_int_eq(fc_lookup(fc, "/in", 3, 10, &e2), 0);
	ck_assert_ptr_eq(e, e2);		/* a hit */
	fc_release(fc, e);
	fc_release(fc, e2);

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	put("big.txt", big);
	ck_assert_int_eq(fc_lookup(fc, "/big.txt", 8, 0, &e), 0);
	ck_assert_ptr_null(e->data);		/* large: an open descriptor */
	ck_assert_int_ge(e->fd, 0);
	ck_assert_uint_eq(e->size, sizeof(big) - 1);
	fc_release(fc, e);
	fc_destroy(fc);
}
END_TEST

START_TEST(cache_sees_changes)
{
	struct fcache *fc = cache(8, 64);
	struct fc_entry *e, *e2;
	char p[PATH_MAX * 2];
	unsigned int n;
	size_t bytes;

	ck_assert_int_eq(fc_lookup(fc, "/a.txt", 6, 0, &e), 0);
	ck_assert_uint_eq(e->size, 5);
	/* changed on disk while a response still uses the old entry */
	put("a.txt", "hello, world");
	ck_assert_int_eq(fc_lookup(fc, "/a.txt", 6, 500, &e2), 0);
	ck_assert_ptr_eq(e, e2);		/* inside the validity window */
	fc_release(fc, e2);
	ck_assert_int_eq(fc_lookup(fc, "/a.txt", 6, 1500, &e2), 0);
	ck_assert_ptr_ne(e, e2);		/* checked again: a new entry */
	ck_assert_uint_eq(e2->size, 12);
	ck_assert_int_eq(memcmp(e2->data, "hello, world", 12), 0);
	ck_assert_uint_eq(e->size, 5);		/* the old one is intact */
	ck_assert_int_eq(memcmp(e->data, "hello", 5), 0);
	fc_release(fc, e);			/* ...and freed now */
	fc_release(fc, e2);

	/* replaced by a link to a file outside: refused after the window */
	snprintf(p, sizeof(p), "%s/a.txt", root);
	ck_assert_int_eq(unlink(p), 0);
	link_("../secret.txt", "a.txt");
	ck_assert_int_eq(fc_lookup(fc, "/a.txt", 6, 3000, &e), 403);
	/* and removed */
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(fc_lookup(fc, "/a.txt", 6, 5000, &e), 404);
	fc_usage(fc, &n, &bytes);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(bytes, 0);
	fc_destroy(fc);
}
END_TEST

START_TEST(cache_eviction_and_budget)
{
	struct fcache *fc = cache(3, 64);
	struct fc_entry *held, *e;
	char name[32];
	unsigned int n;
	size_t bytes;

	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "f%d.txt", i);
		put(name, "0123456789012345678901234567890123456789");	/* 40 */
	}
	ck_assert_int_eq(fc_lookup(fc, "/f0.txt", 7, 0, &held), 0);
	for (int i = 1; i < 6; i++) {
		snprintf(name, sizeof(name), "/f%d.txt", i);
		ck_assert_int_eq(fc_lookup(fc, name, strlen(name), 0, &e), 0);
		ck_assert_uint_eq(e->size, 40);
		fc_release(fc, e);
		fc_usage(fc, &n, &bytes);
		ck_assert_uint_le(n, 3);
		ck_assert_uint_le(bytes, 100);	/* inline_total */
	}
	/* the held entry was never evicted from under its user */
	ck_assert_int_eq(memcmp(held->data, "0123", 4), 0);
	fc_release(fc, held);
	fc_destroy(fc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("http_resolve");
	TCase *tc = tcase_create("resolve");
	TCase *tf = tcase_create("filecache");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, plain_files_and_folders);
	tcase_add_test(tc, links_inside);
	tcase_add_test(tc, links_outside_refused);
	tcase_add_test(tc, loops_and_dangling);
	tcase_add_test(tc, root_forms);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tf, setup, teardown);
	tcase_add_test(tf, cache_statuses);
	tcase_add_test(tf, cache_entry_contents);
	tcase_add_test(tf, cache_sees_changes);
	tcase_add_test(tf, cache_eviction_and_budget);
	suite_add_tcase(s, tf);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
