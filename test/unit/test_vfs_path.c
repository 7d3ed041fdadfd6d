/*
 * The VFS core of lib/ukvfs on the host: lexical normalisation, path
 * resolution (".", "..", symlinks inside the namespace, the loop limit,
 * mount points) over ramfs, and the initrd unpacked into ramfs.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vfs_impl.h"
#include "vfs_host.h"
#include "host_stubs.h"

static char out[VFS_PATH_MAX];

static const char *norm(const char *p)
{
	int rc = vfs_path_normalize(p, out, sizeof(out));

	if (rc < 0)
		snprintf(out, sizeof(out), "E%d", -rc);
	return out;
}

START_TEST(normalize)
{
	ck_assert_str_eq(norm("/"), "/");
	ck_assert_str_eq(norm("//"), "/");
	ck_assert_str_eq(norm("/a/b/"), "/a/b");
	ck_assert_str_eq(norm("/a//b/./c/."), "/a/b/c");
	ck_assert_str_eq(norm("/a/b/../c"), "/a/c");
	ck_assert_str_eq(norm("/.."), "/");
	ck_assert_str_eq(norm("/../../x"), "/x");
	ck_assert_str_eq(norm("/a/../../.."), "/");
	ck_assert_str_eq(norm("/a/..b/...c"), "/a/..b/...c");
	ck_assert_str_eq(norm("/name with space/x"), "/name with space/x");
	ck_assert_str_eq(norm("relative"), "E22");
	ck_assert_str_eq(norm(""), "E22");
	{
		char longname[300];

		memset(longname, 'x', sizeof(longname));
		longname[0] = '/';
		longname[299] = '\0';
		ck_assert_int_eq(vfs_path_normalize(longname, out, sizeof(out)),
				 -ENAMETOOLONG);
	}
	/* output too small */
	ck_assert_int_eq(vfs_path_normalize("/abc", out, 4), -ENAMETOOLONG);
	ck_assert_int_eq(vfs_path_normalize("/abc", out, 5), 4);
}
END_TEST

static void setup_ramfs(void)
{
	ck_assert_int_eq(uk_vfs_mount("", "/", "ramfs"), 0);
}

static void teardown(void)
{
	vfs_reset();
	host_initrd = NULL;
}

static int mkfile(const char *path, const char *content)
{
	struct vfs_file *f;
	int rc = vfs_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644, &f);

	if (rc < 0)
		return rc;
	if (content)
		rc = (int)vfs_file_write(f, content, strlen(content));
	vfs_file_close(f);
	return rc < 0 ? rc : 0;
}

static const char *slurp(const char *path)
{
	static char buf[256];
	struct vfs_file *f;
	ssize_t n;
	int rc = vfs_open(path, O_RDONLY, 0, &f);

	if (rc < 0) {
		snprintf(buf, sizeof(buf), "E%d", -rc);
		return buf;
	}
	n = vfs_file_read(f, buf, sizeof(buf) - 1);
	vfs_file_close(f);
	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

static int stat_rc(const char *path, int follow)
{
	struct stat st;

	return vfs_stat(path, &st, follow);
}

static void tree(void)
{
	ck_assert_int_eq(vfs_mkdir("/a", 0755), 0);
	ck_assert_int_eq(vfs_mkdir("/a/b", 0755), 0);
	ck_assert_int_eq(vfs_mkdir("/c", 0755), 0);
	ck_assert_int_eq(mkfile("/a/b/f", "in a/b"), 0);
	ck_assert_int_eq(mkfile("/c/g", "in c"), 0);
	ck_assert_int_eq(mkfile("/top", "at the top"), 0);
}

START_TEST(dots_and_dotdot)
{
	tree();
	ck_assert_str_eq(slurp("/a/b/f"), "in a/b");
	ck_assert_str_eq(slurp("/a/./b/../b/f"), "in a/b");
	ck_assert_str_eq(slurp("//a//b//f"), "in a/b");
	ck_assert_str_eq(slurp("/../../a/b/f"), "in a/b");
	ck_assert_str_eq(slurp("/a/b/../../../../top"), "at the top");
	ck_assert_str_eq(slurp("/a/b/f/"), "E20");	/* ENOTDIR */
	ck_assert_str_eq(slurp("/top/x"), "E20");
	ck_assert_str_eq(slurp("/a/missing/f"), "E2");
	ck_assert_str_eq(slurp(""), "E2");
	ck_assert_int_eq(stat_rc("/a/b/.", 1), 0);
	ck_assert_int_eq(stat_rc("/", 1), 0);
	ck_assert_int_eq(stat_rc("/..", 1), 0);
}
END_TEST

START_TEST(symlinks_stay_inside)
{
	char buf[64];
	struct stat st;

	tree();
	ck_assert_int_eq(vfs_symlink("b/f", "/a/rel"), 0);
	ck_assert_int_eq(vfs_symlink("/c/g", "/a/abs"), 0);
	ck_assert_int_eq(vfs_symlink("../../../../../top", "/a/b/up"), 0);
	ck_assert_int_eq(vfs_symlink("/a/b", "/dirlink"), 0);
	ck_assert_str_eq(slurp("/a/rel"), "in a/b");
	ck_assert_str_eq(slurp("/a/abs"), "in c");
	/* ".." in a target never climbs above our "/" */
	ck_assert_str_eq(slurp("/a/b/up"), "at the top");
	/* ".." after a symlink to a directory is the target's parent */
	ck_assert_str_eq(slurp("/dirlink/f"), "in a/b");
	ck_assert_int_eq(vfs_mkdir("/a/b/inner", 0755), 0);
	ck_assert_int_eq(mkfile("/a/only-in-a", "a's"), 0);
	ck_assert_str_eq(slurp("/dirlink/../only-in-a"), "a's");
	/* lstat does not follow, stat does */
	ck_assert_int_eq(vfs_stat("/a/abs", &st, 0), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(vfs_stat("/a/abs", &st, 1), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(vfs_readlink("/a/rel", buf, sizeof(buf)), 3);
	ck_assert(!memcmp(buf, "b/f", 3));
	ck_assert_int_eq(vfs_readlink("/top", buf, sizeof(buf)), -EINVAL);
	/* a trailing slash follows a link to a directory */
	ck_assert_int_eq(vfs_stat("/dirlink/", &st, 0), 0);
	ck_assert(S_ISDIR(st.st_mode));
	/* dangling */
	ck_assert_int_eq(vfs_symlink("/nowhere", "/dangling"), 0);
	ck_assert_str_eq(slurp("/dangling"), "E2");
	ck_assert_int_eq(stat_rc("/dangling", 0), 0);
	ck_assert_int_eq(vfs_symlink("", "/empty"), -ENOENT);
}
END_TEST

START_TEST(symlink_loops)
{
	ck_assert_int_eq(vfs_symlink("loop2", "/loop1"), 0);
	ck_assert_int_eq(vfs_symlink("loop1", "/loop2"), 0);
	ck_assert_str_eq(slurp("/loop1"), "E40");	/* ELOOP */
	ck_assert_int_eq(stat_rc("/loop1/x", 1), -ELOOP);
	ck_assert_int_eq(vfs_symlink(".", "/self"), 0);
	/* 40 expansions are allowed, 41 are not */
	{
		char p[512] = "";
		int i;

		for (i = 0; i < 40; i++)
			strcat(p, "/self");
		ck_assert_int_eq(stat_rc(p, 1), 0);
		strcat(p, "/self");
		ck_assert_int_eq(stat_rc(p, 1), -ELOOP);
	}
	ck_assert_int_eq(vfs_symlink("/self/self/self", "/chain"), 0);
	ck_assert_int_eq(stat_rc("/chain", 1), 0);
}
END_TEST

START_TEST(long_names)
{
	char name[VFS_PATH_MAX + 10];

	memset(name, 'n', sizeof(name));
	name[0] = '/';
	name[257] = '\0';	/* a 256-byte component */
	ck_assert_int_eq(vfs_mkdir(name, 0755), -ENAMETOOLONG);
	name[256] = '\0';	/* 255: fine */
	ck_assert_int_eq(vfs_mkdir(name, 0755), 0);
	memset(name, 'n', sizeof(name));
	name[0] = '/';
	name[VFS_PATH_MAX + 5] = '\0';
	ck_assert_int_eq(stat_rc(name, 1), -ENAMETOOLONG);
}
END_TEST

START_TEST(cwd_and_relative)
{
	char buf[64];

	tree();
	ck_assert_int_eq(vfs_getcwd(buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "/");
	ck_assert_int_eq(vfs_symlink("/a/b", "/lnk"), 0);
	ck_assert_int_eq(vfs_chdir("/lnk"), 0);
	ck_assert_int_eq(vfs_getcwd(buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, "/a/b");	/* canonical, links resolved */
	ck_assert_str_eq(slurp("f"), "in a/b");
	ck_assert_str_eq(slurp("../../c/g"), "in c");
	ck_assert_str_eq(slurp("../../../../top"), "at the top");
	ck_assert_int_eq(vfs_getcwd(buf, 4), -ERANGE);
	ck_assert_int_eq(vfs_chdir("/top"), -ENOTDIR);
	ck_assert_int_eq(vfs_chdir("/missing"), -ENOENT);
	ck_assert_int_eq(vfs_chdir(".."), 0);
	ck_assert_int_eq(vfs_getcwd(buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "/a");
}
END_TEST

START_TEST(create_and_remove)
{
	struct vfs_file *f;
	struct stat st;

	tree();
	ck_assert_int_eq(vfs_open("/a/new", O_CREAT | O_EXCL | O_WRONLY, 0600,
				  &f), 0);
	vfs_file_close(f);
	ck_assert_int_eq(vfs_open("/a/new", O_CREAT | O_EXCL | O_WRONLY, 0600,
				  &f), -EEXIST);
	ck_assert_int_eq(vfs_open("/a/nodir/x", O_CREAT | O_WRONLY, 0600, &f),
			 -ENOENT);
	ck_assert_int_eq(vfs_open("/a/newdir/", O_CREAT | O_WRONLY, 0600, &f),
			 -EISDIR);
	ck_assert_int_eq(vfs_open("/a", O_WRONLY, 0, &f), -EISDIR);
	ck_assert_int_eq(vfs_open("/top", O_RDONLY | O_DIRECTORY, 0, &f),
			 -ENOTDIR);
	ck_assert_int_eq(vfs_stat("/a/new", &st, 1), 0);
	ck_assert_uint_eq(st.st_mode, S_IFREG | 0600);
	ck_assert_int_eq(vfs_mkdir("/a", 0755), -EEXIST);
	ck_assert_int_eq(vfs_mkdir("/a/.", 0755), -EEXIST);
	ck_assert_int_eq(vfs_rmdir("/a"), -ENOTEMPTY);
	ck_assert_int_eq(vfs_rmdir("/a/b/f"), -ENOTDIR);
	ck_assert_int_eq(vfs_unlink("/a/b"), -EISDIR);
	ck_assert_int_eq(vfs_rmdir("/"), -EBUSY);
	ck_assert_int_eq(vfs_rmdir("/a/."), -EINVAL);
	ck_assert_int_eq(vfs_unlink("/a/new"), 0);
	ck_assert_int_eq(vfs_unlink("/a/new"), -ENOENT);
	/* an open file outlives its name */
	ck_assert_int_eq(vfs_open("/c/g", O_RDONLY, 0, &f), 0);
	ck_assert_int_eq(vfs_unlink("/c/g"), 0);
	{
		char buf[8];

		ck_assert_int_eq(vfs_file_read(f, buf, 4), 4);
		ck_assert(!memcmp(buf, "in c", 4));
	}
	vfs_file_close(f);
	ck_assert_int_eq(vfs_rmdir("/c"), 0);
}
END_TEST

START_TEST(rename_rules)
{
	tree();
	ck_assert_int_eq(vfs_rename("/a", "/a/b/inside"), -EINVAL);
	ck_assert_int_eq(vfs_rename("/a/b/f", "/c/g2"), 0);
	ck_assert_str_eq(slurp("/c/g2"), "in a/b");
	ck_assert_str_eq(slurp("/a/b/f"), "E2");
	ck_assert_int_eq(vfs_rename("/c/g2", "/c/g"), 0);	/* replaces */
	ck_assert_str_eq(slurp("/c/g"), "in a/b");
	ck_assert_int_eq(vfs_rename("/c", "/top"), -ENOTDIR);
	ck_assert_int_eq(vfs_rename("/top", "/a"), -EISDIR);
	ck_assert_int_eq(vfs_rename("/a", "/c"), -ENOTEMPTY);
	ck_assert_int_eq(vfs_rename("/a", "/z"), 0);
	ck_assert_int_eq(stat_rc("/z/b", 1), 0);
	ck_assert_int_eq(vfs_rename("/missing", "/x"), -ENOENT);
	ck_assert_int_eq(vfs_rename("/top", "/top"), 0);
}
END_TEST

START_TEST(mount_points)
{
	struct stat st, rst;

	tree();
	/* /mnt/inner does not exist in the root: a mount point is a path
	 * (its parent must be there) */
	ck_assert_int_eq(vfs_mkdir("/mnt", 0755), 0);
	ck_assert_int_eq(uk_vfs_mount("", "/mnt/./inner/", "ramfs"), 0);
	ck_assert_int_eq(uk_vfs_mount("", "/mnt/inner", "ramfs"), -EBUSY);
	ck_assert_int_eq(uk_vfs_mount("", "/x", "nosuchfs"), -ENODEV);
	ck_assert_int_eq(mkfile("/mnt/inner/m", "mounted"), 0);
	ck_assert_str_eq(slurp("/mnt/inner/m"), "mounted");
	ck_assert_int_eq(vfs_stat("/mnt/inner", &st, 1), 0);
	ck_assert_int_eq(vfs_stat("/", &rst, 1), 0);
	ck_assert_uint_ne(st.st_dev, rst.st_dev);
	/* ".." at a mount's root goes back where we came from */
	ck_assert_str_eq(slurp("/mnt/inner/../inner/m"), "mounted");
	ck_assert_int_eq(vfs_mkdir("/a/b/mp", 0755), 0);
	ck_assert_int_eq(uk_vfs_mount("", "/a/b/mp", "ramfs"), 0);
	ck_assert_str_eq(slurp("/a/b/mp/../f"), "in a/b");
	/* no renames or links across mounts */
	ck_assert_int_eq(vfs_rename("/top", "/mnt/inner/top"), -EXDEV);
	ck_assert_int_eq(vfs_link("/top", "/mnt/inner/top"), -EXDEV);
	ck_assert_int_eq(vfs_rmdir("/a/b/mp"), -EBUSY);
}
END_TEST

/* --- initrd --------------------------------------------------------- */

static unsigned char arc[16384];
static size_t alen;

static void cpio_add(const char *name, unsigned mode, unsigned ino,
		     unsigned nlink, const char *data, size_t dlen)
{
	char h[200];
	size_t nl = strlen(name) + 1;

	snprintf(h, sizeof(h),
		 "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		 ino, mode, 0, 0, nlink, 1600000000, dlen, 0, 0, 0, 0, nl, 0);
	memcpy(arc + alen, h, 110);
	alen += 110;
	memcpy(arc + alen, name, nl);
	alen += nl;
	while (alen % 4)
		arc[alen++] = 0;
	memcpy(arc + alen, data, dlen);
	alen += dlen;
	while (alen % 4)
		arc[alen++] = 0;
}

static void initrd_archive(void)
{
	alen = 0;
	cpio_add(".", 040755, 1, 2, "", 0);
	cpio_add("etc", 040755, 2, 2, "", 0);
	cpio_add("./etc/motd", 0100644, 3, 1, "hello from the initrd\n", 22);
	cpio_add("deep/er/file", 0100600, 4, 1, "implicit parents", 16);
	cpio_add("etc/link", 0120777, 5, 1, "motd", 4);
	/* a hard link: data with the last name only */
	cpio_add("h1", 0100644, 9, 2, "", 0);
	cpio_add("h2", 0100644, 9, 2, "shared", 6);
	cpio_add("TRAILER!!!", 0, 0, 1, "", 0);
	host_initrd = arc;
	host_initrd_len = alen;
}

START_TEST(initrd_tree)
{
	struct vfs_file *f;
	const void *data;
	size_t len;
	struct stat st;

	initrd_archive();
	ck_assert_int_eq(uk_vfs_mount("", "/", "initrd"), 0);
	ck_assert_str_eq(slurp("/etc/motd"), "hello from the initrd\n");
	ck_assert_str_eq(slurp("/etc/link"), "hello from the initrd\n");
	ck_assert_str_eq(slurp("/deep/er/file"), "implicit parents");
	ck_assert_str_eq(slurp("/h1"), "shared");
	ck_assert_str_eq(slurp("/h2"), "shared");
	ck_assert_int_eq(vfs_stat("/etc/motd", &st, 1), 0);
	ck_assert_uint_eq(st.st_mode, S_IFREG | 0644);
	ck_assert_int_eq(st.st_mtime, 1600000000);
	ck_assert_int_eq(vfs_stat("/h1", &st, 1), 0);
	ck_assert_uint_eq(st.st_nlink, 2);

	/* served from the archive's memory, without a copy */
	ck_assert_int_eq(vfs_open("/etc/motd", O_RDONLY, 0, &f), 0);
	ck_assert_int_eq(f->vn->ops->mem(f->vn, &data, &len), 0);
	ck_assert_uint_eq(len, 22);
	ck_assert((const unsigned char *)data > arc &&
		  (const unsigned char *)data < arc + alen);
	vfs_file_close(f);

	/* writable: the first change copies, the archive stays as it was */
	ck_assert_int_eq(vfs_open("/etc/motd", O_WRONLY, 0, &f), 0);
	ck_assert_int_eq(vfs_file_pwrite(f, "J", 1, 0), 1);
	vfs_file_close(f);
	ck_assert_str_eq(slurp("/etc/motd"), "Jello from the initrd\n");
	ck_assert_ptr_nonnull(memmem(arc, alen, "hello from the initrd", 21));
}
END_TEST

START_TEST(initrd_bad_names)
{
	alen = 0;
	cpio_add("etc", 040755, 2, 2, "", 0);
	cpio_add("etc/../../escape", 0100644, 3, 1, "x", 1);
	cpio_add("TRAILER!!!", 0, 0, 1, "", 0);
	host_initrd = arc;
	host_initrd_len = alen;
	ck_assert_int_eq(uk_vfs_mount("", "/", "initrd"), -EINVAL);
	ck_assert(strstr(host_last_message, "\"..\""));
	ck_assert(strstr(host_last_message, "offset 116"));

	alen = 0;
	cpio_add("f", 0100644, 3, 1, "x", 1);
	cpio_add("f/under-a-file", 0100644, 4, 1, "x", 1);
	cpio_add("TRAILER!!!", 0, 0, 1, "", 0);
	ck_assert_int_eq(uk_vfs_mount("", "/", "initrd"), -EINVAL);

	host_initrd = NULL;
	ck_assert_int_eq(uk_vfs_mount("", "/", "initrd"), -ENOENT);
	ck_assert(strstr(host_last_message, "none was given"));
}
END_TEST

START_TEST(initrd_corrupt)
{
	initrd_archive();
	host_initrd_len = alen - 200;
	ck_assert_int_eq(uk_vfs_mount("", "/", "initrd"), -EINVAL);
	ck_assert(strstr(host_last_message, "corrupt cpio archive at offset"));
	/* and nothing was mounted */
	ck_assert_int_eq(stat_rc("/", 1), -ENOENT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vfs_path");
	TCase *n = tcase_create("normalize"), *r = tcase_create("resolve"),
	      *i = tcase_create("initrd");
	SRunner *sr;
	int failed;

	tcase_add_test(n, normalize);
	tcase_add_checked_fixture(r, setup_ramfs, teardown);
	tcase_add_test(r, dots_and_dotdot);
	tcase_add_test(r, symlinks_stay_inside);
	tcase_add_test(r, symlink_loops);
	tcase_add_test(r, long_names);
	tcase_add_test(r, cwd_and_relative);
	tcase_add_test(r, create_and_remove);
	tcase_add_test(r, rename_rules);
	tcase_add_test(r, mount_points);
	tcase_add_checked_fixture(i, NULL, teardown);
	tcase_add_test(i, initrd_tree);
	tcase_add_test(i, initrd_bad_names);
	tcase_add_test(i, initrd_corrupt);
	suite_add_tcase(s, n);
	suite_add_tcase(s, r);
	suite_add_tcase(s, i);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
