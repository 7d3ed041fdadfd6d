/*
 * The guest side of test/boot/test_vfs.py: exercises the POSIX file calls
 * on whatever root the image was booted with, and prints what the host
 * checks:
 *   H <path> <size> <fnv1a64>     content of a file, for the host to compare
 *   T <name> ok | T <name> FAIL <why>
 *   DIR <path> <name>/<name>/...  sorted directory listing
 *   BENCH <path> <bytes> <ns>     one sequential read
 *   OVERWRITE <path> <returned> <errno> <ns>   one big write()
 *   STATVFS <frsize> <blocks>     of the root
 *   VFS DONE <failures>
 * Arguments: "check" (read-only checks), "write" (also writes, renames,
 * unlinks under /out), "threads FILE" (4 threads hash FILE at once: their
 * requests are in flight together), "bench FILE", "cat FILE",
 * "overwrite FILE MIB" (one write() of MIB MiB of 'N' at offset 0 of the
 * existing FILE: 9p sends it in several chunks), "meta [owner]" (file
 * attributes and statvfs, see meta()).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <uk/sched.h>
#include <uk/vfs.h>

/* newlib 3.3's <sys/stat.h> declares lstat() for a few targets only; the
 * C library glue (lib/newlib) defines it */
int lstat(const char *path, struct stat *st);

static int failures;

#define CHECK(name, cond, ...)						\
	do {								\
		if (cond) {						\
			printf("T %s ok\n", name);			\
		} else {						\
			failures++;					\
			printf("T %s FAIL ", name);			\
			printf(__VA_ARGS__);				\
			printf(" (errno %d %s)\n", errno, strerror(errno)); \
		}							\
	} while (0)

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--) {
		h ^= *c++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define FNV0 0xcbf29ce484222325ULL

static char buf[256 * 1024];

static int hash_file(const char *path)
{
	uint64_t h = FNV0, total = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		printf("H %s ERR %d\n", path, errno);
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		h = fnv(h, buf, n);
		total += n;
	}
	close(fd);
	if (n < 0) {
		printf("H %s ERR %d\n", path, errno);
		return -1;
	}
	printf("H %s %llu %016llx\n", path, (unsigned long long)total,
	       (unsigned long long)h);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path)
{
	char *names[64];
	struct dirent *e;
	int n = 0, i;
	DIR *d = opendir(path);

	CHECK("opendir", d != NULL, "opendir(%s)", path);
	if (!d)
		return;
	errno = 0;
	while ((e = readdir(d)) && n < 64) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		names[n++] = strdup(e->d_name);
	}
	CHECK("readdir-end", errno == 0, "readdir ended with an error");
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp);
	printf("DIR %s ", path);
	for (i = 0; i < n; i++) {
		printf("%s%s", i ? "/" : "", names[i]);
		free(names[i]);
	}
	printf("\n");
}

/* realpath, a private file mapping, getrandom: on any root */
static void path_checks(void)
{
	char rp[PATH_MAX], rnd[32] = { 0 }, *m, *got;
	size_t i;
	int fd, zero = 1;

	got = realpath("/nested/uplink/a.txt", rp);
	CHECK("realpath-links", got == rp && !strcmp(rp, "/nested/a.txt"),
	      "%s", got ? got : strerror(errno));
	got = realpath("/link-to-a", NULL);
	CHECK("realpath-alloc", got && !strcmp(got, "/nested/a.txt"), "%s",
	      got ? got : strerror(errno));
	free(got);
	got = realpath("/nested/../nested/./sub//c.txt", rp);
	CHECK("realpath-dots", got && !strcmp(rp, "/nested/sub/c.txt"), "%s",
	      got ? got : strerror(errno));
	errno = 0;
	CHECK("realpath-enoent", !realpath("/nested/nope", rp) &&
	      errno == ENOENT, "%s", strerror(errno));
	errno = 0;
	CHECK("realpath-enotdir", !realpath("/nested/a.txt/x", rp) &&
	      errno == ENOTDIR, "%s", strerror(errno));
	errno = 0;
	CHECK("realpath-file-slash", !realpath("/nested/a.txt/", rp) &&
	      errno == ENOTDIR, "%s", strerror(errno));
	/* the *at() calls relative to a directory's descriptor */
	fd = open("/nested", O_RDONLY | O_DIRECTORY);
	{
		struct stat st;
		char t[8];
		int f2 = openat(fd, "a.txt", O_RDONLY);

		CHECK("openat-dirfd", f2 >= 0 && read(f2, t, 7) == 7 &&
		      !memcmp(t, "file a\n", 7), "%s", strerror(errno));
		close(f2);
		CHECK("fstatat-dirfd", fstatat(fd, "sub/c.txt", &st, 0) == 0 &&
		      S_ISREG(st.st_mode), "%s", strerror(errno));
		CHECK("fstatat-dirfd-dotdot",
		      fstatat(fd, "../link-to-a", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		      S_ISLNK(st.st_mode), "%s", strerror(errno));
		f2 = open("/nested/a.txt", O_RDONLY);
		errno = 0;
		CHECK("openat-filefd", openat(f2, "x", O_RDONLY) < 0 &&
		      errno == ENOTDIR, "%s", strerror(errno));
		close(f2);
		errno = 0;
		CHECK("openat-badfd", openat(999, "x", O_RDONLY) < 0 &&
		      errno == EBADF, "%s", strerror(errno));
		errno = 0;
		CHECK("openat-empty", openat(fd, "", O_RDONLY) < 0 &&
		      errno == ENOENT, "%s", strerror(errno));
		CHECK("fchdir", fchdir(fd) == 0 && getcwd(rp, sizeof(rp)) &&
		      !strcmp(rp, "/nested") && chdir("/") == 0, "cwd %s", rp);
	}
	close(fd);

	fd = open("/nested/a.txt", O_RDONLY);
	m = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK("mmap-file", m != MAP_FAILED && !memcmp(m, "file a\n", 7),
	      "%s", m == MAP_FAILED ? strerror(errno) : "content");
	for (i = 7; m != MAP_FAILED && i < 8192; i++)
		zero &= !m[i];
	CHECK("mmap-file-tail", zero, "bytes past the end not zero");
	CHECK("munmap-file", m != MAP_FAILED && munmap(m, 8192) == 0, "munmap");
	errno = 0;
	CHECK("mmap-shared-write", mmap(NULL, 4096, PROT_READ | PROT_WRITE,
					MAP_SHARED, fd, 0) == MAP_FAILED &&
	      errno == ENODEV, "%s", strerror(errno));
	close(fd);

	{
		struct stat st;
		char t[64];
		ssize_t n;

		CHECK("fstatat", fstatat(AT_FDCWD, "/link-to-a", &st,
					 AT_SYMLINK_NOFOLLOW) == 0 &&
		      S_ISLNK(st.st_mode) &&
		      fstatat(AT_FDCWD, "/link-to-a", &st, 0) == 0 &&
		      S_ISREG(st.st_mode), "fstatat");
		n = readlinkat(AT_FDCWD, "/link-to-a", t, sizeof(t));
		CHECK("readlinkat", n == 12 && !memcmp(t, "nested/a.txt", 12),
		      "readlinkat %zd", n);
		fd = openat(AT_FDCWD, "/nested/a.txt", O_RDONLY);
		CHECK("openat", fd >= 0 && read(fd, t, 7) == 7 &&
		      !memcmp(t, "file a\n", 7), "openat");
		close(fd);
	}
	CHECK("getrandom", getrandom(rnd, sizeof(rnd), 0) == sizeof(rnd) &&
	      memcmp(rnd, (char[32]){ 0 }, sizeof(rnd)), "getrandom");
	errno = 0;
	CHECK("getentropy", getentropy(rnd, 16) == 0 &&
	      getentropy(rnd, 257) == -1 && errno == EINVAL, "getentropy");
}

static int unlock_fd;

/* Drops the lock on unlock_fd after 50 ms (for locks()). */
static void unlock_later(void *arg)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	close(unlock_fd);
}

/* flock(): per open file description, released by the last close. */
static void flock_checks(void)
{
	const char *path = "/nested/a.txt";
	int a = open(path, O_RDONLY), b = open(path, O_RDONLY), c;
	struct timespec t0, t1;
	struct uk_thread *t;

	CHECK("flock-ex", flock(a, LOCK_EX) == 0 && flock(a, LOCK_EX) == 0,
	      "exclusive lock");
	errno = 0;
	CHECK("flock-conflict", flock(b, LOCK_EX | LOCK_NB) == -1 &&
	      errno == EWOULDBLOCK, "a second open conflicts");
	errno = 0;
	CHECK("flock-sh-conflict", flock(b, LOCK_SH | LOCK_NB) == -1 &&
	      errno == EWOULDBLOCK, "shared against exclusive");
	c = dup(a);
	CHECK("flock-dup", flock(c, LOCK_EX | LOCK_NB) == 0, "a dup shares");
	close(a);
	errno = 0;
	CHECK("flock-dup-holds", flock(b, LOCK_EX | LOCK_NB) == -1 &&
	      errno == EWOULDBLOCK, "released while a dup is open");
	CHECK("flock-convert", flock(c, LOCK_SH) == 0 &&
	      flock(b, LOCK_SH | LOCK_NB) == 0, "two shared locks");
	errno = 0;
	CHECK("flock-upgrade-blocked", flock(b, LOCK_EX | LOCK_NB) == -1 &&
	      errno == EWOULDBLOCK, "exclusive while another shares");
	/* a blocking request waits for the other's last close */
	unlock_fd = c;
	t = uk_thread_create("unlocker", 0, unlock_later, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK("flock-wait", t && flock(b, LOCK_EX) == 0, "blocking flock");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK("flock-waited", (t1.tv_sec - t0.tv_sec) * 1000000000LL +
	      (t1.tv_nsec - t0.tv_nsec) >= 40000000LL, "did not wait");
	if (t)
		uk_thread_join(t, NULL);
	CHECK("flock-un", flock(b, LOCK_UN) == 0 && flock(b, LOCK_UN) == 0,
	      "unlock");
	errno = 0;
	CHECK("flock-einval", flock(b, 0) == -1 && errno == EINVAL, "op 0");
	close(b);
	errno = 0;
	CHECK("flock-ebadf", flock(b, LOCK_SH) == -1 && errno == EBADF,
	      "closed descriptor");
}

/* glob() (newlib's, compiled in ukvfs) over the tree. */
static void globs(void)
{
	glob_t g;
	int rc;

	memset(&g, 0, sizeof(g));
	rc = glob("/nested/*.txt", 0, NULL, &g);
	CHECK("glob", rc == 0 && g.gl_pathc == 2 &&
	      !strcmp(g.gl_pathv[0], "/nested/a.txt") &&
	      !strcmp(g.gl_pathv[1], "/nested/b.txt"),
	      "rc %d, %zu paths", rc, (size_t)g.gl_pathc);
	rc = glob("/nested/d*", GLOB_MARK | GLOB_APPEND, NULL, &g);
	CHECK("glob-append-mark", rc == 0 && g.gl_pathc == 3 &&
	      !strcmp(g.gl_pathv[2], "/nested/deeper/"),
	      "rc %d, %zu paths", rc, (size_t)g.gl_pathc);
	globfree(&g);
	rc = glob("/n?sted/s[a-z]b/*.txt", 0, NULL, &g);
	CHECK("glob-pattern", rc == 0 && g.gl_pathc == 1 &&
	      !strcmp(g.gl_pathv[0], "/nested/sub/c.txt"),
	      "rc %d, %zu paths", rc, (size_t)g.gl_pathc);
	globfree(&g);
	CHECK("glob-nomatch", glob("/nested/*.none", 0, NULL, &g) == GLOB_NOMATCH,
	      "a pattern matching nothing");
	CHECK("glob-escape", glob("/nested/\\a.txt", 0, NULL, &g) == 0 &&
	      g.gl_pathc == 1, "a backslash is an escape");
	globfree(&g);
	CHECK("glob-noescape", glob("/nested/\\a.txt", GLOB_NOESCAPE, NULL,
				    &g) == GLOB_NOMATCH, "GLOB_NOESCAPE");
	CHECK("glob-nocheck", glob("/x*y", GLOB_NOCHECK, NULL, &g) == 0 &&
	      g.gl_pathc == 1 && !strcmp(g.gl_pathv[0], "/x*y"), "NOCHECK");
	globfree(&g);
}

static void checks(void)
{
	struct stat st;
	char small[128];
	int fd, fd2;
	off_t o;
	ssize_t n;
	FILE *f;

	hash_file("/nested/deeper/blob.bin");
	hash_file("/with space.txt");
	hash_file("/nested/a.txt");

	CHECK("stat", stat("/nested/deeper/blob.bin", &st) == 0 &&
	      S_ISREG(st.st_mode) && st.st_size == 5 * 1024 * 1024,
	      "size %lld", (long long)st.st_size);
	CHECK("stat-dir", stat("/nested", &st) == 0 && S_ISDIR(st.st_mode),
	      "mode %o", (unsigned)st.st_mode);

	/* seeks */
	fd = open("/nested/deeper/blob.bin", O_RDONLY);
	CHECK("open", fd >= 0, "open blob");
	o = lseek(fd, 1234567, SEEK_SET);
	n = read(fd, small, 100);
	CHECK("seek-set", o == 1234567 && n == 100, "o=%lld n=%zd",
	      (long long)o, n);
	printf("H seek:1234567+100 100 %016llx\n",
	       (unsigned long long)fnv(FNV0, small, 100));
	o = lseek(fd, -10, SEEK_END);
	n = read(fd, small, 100);
	CHECK("seek-end", o == 5 * 1024 * 1024 - 10 && n == 10,
	      "o=%lld n=%zd", (long long)o, n);
	printf("H seek:end-10 10 %016llx\n",
	       (unsigned long long)fnv(FNV0, small, 10));
	o = lseek(fd, 0, SEEK_CUR);
	CHECK("seek-cur", o == 5 * 1024 * 1024, "o=%lld", (long long)o);
	n = pread(fd, small, 50, 4096);
	CHECK("pread", n == 50 && lseek(fd, 0, SEEK_CUR) == o, "n=%zd", n);
	printf("H pread:4096+50 50 %016llx\n",
	       (unsigned long long)fnv(FNV0, small, 50));
	CHECK("read-eof", read(fd, small, 10) == 0, "not at end");
	CHECK("fstat", fstat(fd, &st) == 0 && st.st_size == 5 * 1024 * 1024,
	      "fstat");
	fd2 = dup(fd);
	CHECK("dup", fd2 > fd && lseek(fd2, 0, SEEK_CUR) == o, "dup");
	CHECK("dup2", dup2(fd, 20) == 20 && close(20) == 0, "dup2");
	CHECK("fcntl", fcntl(fd, F_GETFL) == O_RDONLY &&
	      fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 &&
	      fcntl(fd, F_GETFD) == FD_CLOEXEC, "fcntl");
	close(fd2);
	CHECK("write-rdonly", write(fd, "x", 1) < 0 && errno == EBADF,
	      "write on O_RDONLY");
	close(fd);
	CHECK("close-twice", close(fd) < 0 && errno == EBADF, "close");

	globs();
	flock_checks();

	/* errors */
	errno = 0;
	CHECK("enoent", open("/no/such/file", O_RDONLY) < 0 &&
	      errno == ENOENT, "open missing");
	errno = 0;
	CHECK("enoent-stat", stat("/missing", &st) < 0 && errno == ENOENT,
	      "stat missing");
	errno = 0;
	CHECK("enotdir", open("/with space.txt/x", O_RDONLY) < 0 &&
	      errno == ENOTDIR, "file as a directory");
	errno = 0;
	CHECK("eisdir", open("/nested", O_WRONLY) < 0 && errno == EISDIR,
	      "write-open a directory");
	errno = 0;
	CHECK("o-directory", open("/nested/a.txt", O_RDONLY | O_DIRECTORY) < 0
	      && errno == ENOTDIR, "O_DIRECTORY on a file");
	CHECK("access", access("/nested/a.txt", R_OK) == 0 &&
	      access("/missing", F_OK) < 0 && errno == ENOENT, "access");

	/* paths: dots, "..", never above "/" */
	CHECK("dotdot", stat("/nested/../nested/./deeper/../a.txt", &st) == 0
	      && S_ISREG(st.st_mode), "dots");
	CHECK("above-root", stat("/../../../nested/a.txt", &st) == 0, "..");
	CHECK("chdir", chdir("/nested/deeper") == 0 &&
	      getcwd(small, sizeof(small)) && !strcmp(small, "/nested/deeper"),
	      "cwd %s", small);
	CHECK("relative", stat("../a.txt", &st) == 0 &&
	      stat("blob.bin", &st) == 0 && st.st_size == 5 * 1024 * 1024,
	      "relative paths");
	CHECK("chdir-root", chdir("..") == 0 && chdir("..") == 0 &&
	      chdir("..") == 0 && getcwd(small, sizeof(small)) &&
	      !strcmp(small, "/"), "cwd %s", small);

	/* symlinks made on the host */
	n = readlink("/link-to-a", small, sizeof(small));
	CHECK("readlink", n == (ssize_t)strlen("nested/a.txt") &&
	      !memcmp(small, "nested/a.txt", n), "readlink %zd", n);
	CHECK("lstat", lstat("/link-to-a", &st) == 0 && S_ISLNK(st.st_mode),
	      "lstat");
	hash_file("/link-to-a");
	hash_file("/nested/uplink/a.txt");

	/* stdio over files */
	f = fopen("/with space.txt", "r");
	CHECK("fopen", f != NULL, "fopen");
	if (f) {
		CHECK("fgets", fgets(small, sizeof(small), f) != NULL &&
		      !strncmp(small, "a name with a space", 19), "fgets");
		fclose(f);
	}
	list_dir("/nested");
	list_dir("/");

	/* devices */
	fd = open("/dev/urandom", O_RDONLY);
	memset(small, 0, sizeof(small));
	CHECK("urandom", fd >= 0 && read(fd, small, 64) == 64, "urandom");
	for (n = 0; n < 64 && !small[n]; n++)
		;
	CHECK("urandom-nonzero", n < 64, "all zero");
	close(fd);
	fd = open("/dev/null", O_WRONLY);
	CHECK("devnull", fd >= 0 && write(fd, "abc", 3) == 3, "/dev/null");
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	CHECK("devzero", fd >= 0 && read(fd, small, 16) == 16 && !small[0] &&
	      !small[15], "/dev/zero");
	close(fd);
	fd = open("/dev/console", O_WRONLY);
	CHECK("console", fd >= 0 && isatty(fd) &&
	      write(fd, "console says hi\n", 16) == 16, "/dev/console");
	close(fd);
	path_checks();
}

static void writes(void)
{
	const char *msg = "written by the guest\n";
	struct iovec iov[3];
	struct stat st;
	struct timeval tv[2];
	char small[128];
	int fd;
	ssize_t n;

	mkdir("/out", 0755);
	fd = open("/out/new.txt", O_CREAT | O_WRONLY | O_TRUNC, 0666);
	CHECK("create", fd >= 0, "create");
	CHECK("umask", fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0644,
	      "mode %o, umask 022 expected", (unsigned)(st.st_mode & 0777));
	CHECK("write", write(fd, msg, strlen(msg)) == (ssize_t)strlen(msg),
	      "write");
	iov[0].iov_base = "vec-";
	iov[0].iov_len = 4;
	iov[1].iov_base = "tor";
	iov[1].iov_len = 3;
	iov[2].iov_base = "\n";
	iov[2].iov_len = 1;
	CHECK("writev", writev(fd, iov, 3) == 8, "writev");
	CHECK("fsync", fsync(fd) == 0, "fsync");
	close(fd);
	errno = 0;
	CHECK("excl", open("/out/new.txt", O_CREAT | O_EXCL | O_WRONLY, 0644)
	      < 0 && errno == EEXIST, "O_EXCL");
	fd = open("/out/new.txt", O_WRONLY | O_APPEND);
	CHECK("append", fd >= 0 && write(fd, "end\n", 4) == 4, "append");
	close(fd);
	fd = open("/out/new.txt", O_RDONLY);
	iov[0].iov_base = small;
	iov[0].iov_len = 5;
	iov[1].iov_base = small + 5;
	iov[1].iov_len = sizeof(small) - 6;
	n = readv(fd, iov, 2);
	CHECK("readv", n == (ssize_t)strlen(msg) + 12, "readv %zd", n);
	close(fd);
	CHECK("rename", rename("/out/new.txt", "/out/renamed.txt") == 0,
	      "rename");
	errno = 0;
	CHECK("renamed-old-gone", stat("/out/new.txt", &st) < 0 &&
	      errno == ENOENT, "old name");
	fd = open("/out/gone.txt", O_CREAT | O_WRONLY, 0644);
	close(fd);
	CHECK("unlink", unlink("/out/gone.txt") == 0, "unlink");
	errno = 0;
	CHECK("unlinked", access("/out/gone.txt", F_OK) < 0 && errno == ENOENT,
	      "still there");
	CHECK("mkdir", mkdir("/out/sub", 0755) == 0, "mkdir");
	errno = 0;
	CHECK("mkdir-exists", mkdir("/out/sub", 0755) < 0 && errno == EEXIST,
	      "mkdir twice");
	fd = open("/out/sub/f", O_CREAT | O_WRONLY, 0644);
	close(fd);
	errno = 0;
	CHECK("enotempty", rmdir("/out/sub") < 0 && errno == ENOTEMPTY,
	      "rmdir non-empty");
	CHECK("rmdir", unlink("/out/sub/f") == 0 && rmdir("/out/sub") == 0,
	      "rmdir");
	CHECK("mkdirat-unlinkat", mkdirat(AT_FDCWD, "/out/at", 0755) == 0 &&
	      unlinkat(AT_FDCWD, "/out/at", 0) < 0 &&
	      unlinkat(AT_FDCWD, "/out/at", AT_REMOVEDIR) == 0, "*at");
	{
		int d = open("/out", O_RDONLY | O_DIRECTORY);

		CHECK("dirfd-mkdirat", d >= 0 && mkdirat(d, "atdir", 0755) == 0 &&
		      stat("/out/atdir", &st) == 0 && S_ISDIR(st.st_mode),
		      "%s", strerror(errno));
		fd = openat(d, "atdir/f", O_CREAT | O_WRONLY, 0644);
		CHECK("dirfd-openat-create", fd >= 0 && write(fd, "at\n", 3) == 3,
		      "%s", strerror(errno));
		close(fd);
		CHECK("dirfd-renameat", renameat(d, "atdir/f", d, "atdir/g") == 0 &&
		      access("/out/atdir/g", F_OK) == 0, "%s", strerror(errno));
		CHECK("dirfd-unlinkat", unlinkat(d, "atdir/g", 0) == 0 &&
		      unlinkat(d, "atdir", AT_REMOVEDIR) == 0 &&
		      access("/out/atdir", F_OK) < 0, "%s", strerror(errno));
		close(d);
	}
	CHECK("symlink", symlink("renamed.txt", "/out/sym") == 0 &&
	      stat("/out/sym", &st) == 0 && S_ISREG(st.st_mode), "symlink");
	fd = open("/out/trunc.txt", O_CREAT | O_RDWR, 0644);
	CHECK("ftruncate", fd >= 0 && write(fd, "0123456789", 10) == 10 &&
	      ftruncate(fd, 4) == 0 && fstat(fd, &st) == 0 &&
	      st.st_size == 4, "ftruncate");
	close(fd);
	tv[0].tv_sec = 1000000000;
	tv[0].tv_usec = 0;
	tv[1].tv_sec = 1234567890;
	tv[1].tv_usec = 0;
	CHECK("utimes", utimes("/out/trunc.txt", tv) == 0 &&
	      stat("/out/trunc.txt", &st) == 0 &&
	      st.st_mtime == 1234567890, "mtime %lld",
	      (long long)st.st_mtime);
	CHECK("chmod", chmod("/out/trunc.txt", 0600) == 0 &&
	      stat("/out/trunc.txt", &st) == 0 &&
	      (st.st_mode & 0777) == 0600, "mode %o", (unsigned)st.st_mode);
	hash_file("/out/renamed.txt");
	list_dir("/out");
}

struct reader {
	const char *path;
	uint64_t hash, total;
	int err;
	char buf[64 * 1024];
};

static void reader(void *arg)
{
	struct reader *r = arg;
	ssize_t n;
	int fd = open(r->path, O_RDONLY);

	r->hash = FNV0;
	if (fd < 0) {
		r->err = errno;
		return;
	}
	while ((n = read(fd, r->buf, sizeof(r->buf))) > 0) {
		r->hash = fnv(r->hash, r->buf, n);
		r->total += n;
	}
	if (n < 0)
		r->err = errno;
	close(fd);
}

/* The FIFO's other side, from another thread: opens it for writing
 * (waking the reader's open), writes a line and closes. */
static void fifo_writer(void *arg)
{
	int fd = open("/fifo", O_WRONLY);

	if (fd >= 0) {
		write(fd, "through the fifo\n", 17);
		close(fd);
	}
}

/* mkfifo on a ramfs (the initrd root): named pipes as on Linux. */
static void fifos(void)
{
	struct stat st;
	struct dirent *e;
	struct uk_thread *t;
	char b[32];
	int rd, wr, fd, found = 0;
	ssize_t n;
	DIR *d;

	CHECK("mkfifo", mkfifo("/fifo", 0640) == 0, "mkfifo");
	CHECK("fifo-stat", stat("/fifo", &st) == 0 && S_ISFIFO(st.st_mode) &&
	      (st.st_mode & 0777) == 0640, "mode %o", (unsigned)st.st_mode);
	errno = 0;
	CHECK("mkfifo-exists", mkfifo("/fifo", 0600) < 0 && errno == EEXIST,
	      "again");
	d = opendir("/");
	while (d && (e = readdir(d)))
		found |= !strcmp(e->d_name, "fifo") && e->d_type == DT_FIFO;
	if (d)
		closedir(d);
	CHECK("fifo-dtype", found, "readdir");
	errno = 0;
	CHECK("fifo-wronly-nonblock-noreader",
	      open("/fifo", O_WRONLY | O_NONBLOCK) < 0 && errno == ENXIO,
	      "open");
	rd = open("/fifo", O_RDONLY | O_NONBLOCK);
	CHECK("fifo-rdonly-nonblock", rd >= 0, "open");
	wr = open("/fifo", O_WRONLY | O_NONBLOCK);
	CHECK("fifo-wronly-with-reader", wr >= 0, "open");
	CHECK("fifo-fstat", fstat(wr, &st) == 0 && S_ISFIFO(st.st_mode),
	      "fstat");
	CHECK("fifo-write", write(wr, "hello", 5) == 5, "write");
	n = read(rd, b, sizeof(b));
	CHECK("fifo-read", n == 5 && !memcmp(b, "hello", 5), "read %zd", n);
	errno = 0;
	CHECK("fifo-empty", read(rd, b, sizeof(b)) < 0 && errno == EAGAIN,
	      "read");
	close(wr);
	CHECK("fifo-eof", read(rd, b, sizeof(b)) == 0, "read after close");
	close(rd);
	/* a blocking open waits for the other side, from another thread */
	t = uk_thread_create("fifo-writer", 0, fifo_writer, NULL);
	fd = open("/fifo", O_RDONLY);
	memset(b, 0, sizeof(b));
	n = fd >= 0 ? read(fd, b, sizeof(b)) : -1;
	CHECK("fifo-blocking-open", n == 17 &&
	      !memcmp(b, "through the fifo\n", 17), "read %zd", n);
	close(fd);
	uk_thread_join(t, NULL);
	fd = open("/fifo", O_RDWR);
	CHECK("fifo-rdwr", fd >= 0 && write(fd, "x", 1) == 1 &&
	      read(fd, b, 1) == 1 && b[0] == 'x', "O_RDWR");
	close(fd);
	CHECK("fifo-unlink", unlink("/fifo") == 0 && stat("/fifo", &st) < 0,
	      "unlink");
	errno = 0;
	CHECK("mknod-device", mknod("/dev-node", S_IFCHR | 0600, 0) < 0 &&
	      errno == EPERM, "mknod");
}

/* On a 9p share: no FIFOs (opening one would block the host's server). */
static void no_fifos(void)
{
	errno = 0;
	CHECK("mkfifo-9p", mkfifo("/out/fifo", 0600) < 0 && errno == EPERM,
	      "mkfifo");
}

static void threads(const char *path)
{
	static struct reader rd[4];
	struct uk_thread *t[4];
	int i, same = 1;

	for (i = 0; i < 4; i++) {
		rd[i].path = path;
		t[i] = uk_thread_create("reader", 0, reader, &rd[i]);
	}
	for (i = 0; i < 4; i++) {
		if (t[i])
			uk_thread_join(t[i], NULL);
		same = same && t[i] && !rd[i].err && rd[i].hash == rd[0].hash &&
		       rd[i].total == rd[0].total;
	}
	CHECK("threads", same, "readers disagree or failed");
	printf("H threads:%s %llu %016llx\n", path,
	       (unsigned long long)rd[0].total,
	       (unsigned long long)rd[0].hash);
}

static void bench(const char *path)
{
	struct timespec t0, t1;
	uint64_t total = 0;
	static char big[512 * 1024];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		printf("BENCH %s ERR %d\n", path, errno);
		failures++;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((n = read(fd, big, sizeof(big))) > 0)
		total += n;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(fd);
	printf("BENCH %s %llu %llu\n", path, (unsigned long long)total,
	       (unsigned long long)((t1.tv_sec - t0.tv_sec) * 1000000000LL +
				    (t1.tv_nsec - t0.tv_nsec)));
}

static void overwrite(const char *path, const char *mib)
{
	struct timespec t0, t1;
	size_t len = (size_t)atoi(mib) << 20;
	char *buf = malloc(len);
	ssize_t n;
	int fd = open(path, O_WRONLY);

	if (fd < 0 || !buf) {
		printf("OVERWRITE %s ERR %d\n", path, errno);
		failures++;
		return;
	}
	memset(buf, 'N', len);
	errno = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = write(fd, buf, len);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("OVERWRITE %s %lld %d %llu\n", path, (long long)n,
	       n < 0 ? errno : 0,
	       (unsigned long long)((t1.tv_sec - t0.tv_sec) * 1000000000LL +
				    (t1.tv_nsec - t0.tv_nsec)));
	close(fd);
	free(buf);
}

/*
 * File attributes on the root: modes, owners (when the host lets QEMU
 * change them: "meta owner"), times with UTIME_NOW and UTIME_OMIT, and
 * statvfs.  Leaves /out/meta.txt as mode 0604, owner 65534:65534 (with
 * owner), atime 100.000005, mtime 200 for the host to see.
 */
static void meta(int owner)
{
	const char *path = "/out/meta.txt", *link = "/out/metalink";
	struct statvfs sv, fsv;
	struct timespec ts[2], t0;
	struct stat st, lst;
	int fd;

	mkdir("/out", 0755);
	fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK("meta-create", fd >= 0, "open");
	memset(&st, 0, sizeof(st));
	CHECK("fchmod", fchmod(fd, 0600) == 0 && fstat(fd, &st) == 0 &&
	      (st.st_mode & 07777) == 0600, "mode %o", (unsigned)st.st_mode);
	CHECK("chmod", chmod(path, 0640) == 0 && stat(path, &st) == 0 &&
	      (st.st_mode & 07777) == 0640, "mode %o", (unsigned)st.st_mode);
	unlink(link);
	CHECK("meta-symlink", symlink("meta.txt", link) == 0, "symlink");
	errno = 0;
	CHECK("fchmodat-link", fchmodat(AT_FDCWD, link, 0600,
					AT_SYMLINK_NOFOLLOW) == -1 &&
	      errno == ENOTSUP, "a link's own mode changed");
	CHECK("fchmodat", fchmodat(AT_FDCWD, path, 0604, AT_SYMLINK_NOFOLLOW) == 0 &&
	      stat(path, &st) == 0 && (st.st_mode & 07777) == 0604,
	      "mode %o", (unsigned)st.st_mode);
	if (owner) {
		CHECK("fchown", fchown(fd, 65534, 65534) == 0 &&
		      fstat(fd, &st) == 0 && st.st_uid == 65534 &&
		      st.st_gid == 65534, "owner %u:%u", (unsigned)st.st_uid,
		      (unsigned)st.st_gid);
		CHECK("chown-1", chown(path, (uid_t)-1, 0) == 0 &&
		      stat(path, &st) == 0 && st.st_uid == 65534 &&
		      st.st_gid == 0, "owner %u:%u", (unsigned)st.st_uid,
		      (unsigned)st.st_gid);
		CHECK("lchown", lchown(link, 65534, 65534) == 0 &&
		      lstat(link, &lst) == 0 && lst.st_uid == 65534 &&
		      stat(path, &st) == 0 && st.st_gid == 0,
		      "link %u, file group %u", (unsigned)lst.st_uid,
		      (unsigned)st.st_gid);
		CHECK("fchownat", fchownat(AT_FDCWD, path, 65534, 65534, 0) == 0 &&
		      stat(path, &st) == 0 && st.st_gid == 65534,
		      "group %u", (unsigned)st.st_gid);
	}
	clock_gettime(CLOCK_REALTIME, &t0);
	CHECK("utimensat-now", utimensat(AT_FDCWD, path, NULL, 0) == 0 &&
	      stat(path, &st) == 0 && st.st_mtime >= t0.tv_sec - 1 &&
	      st.st_atime >= t0.tv_sec - 1, "mtime %lld, now %lld",
	      (long long)st.st_mtime, (long long)t0.tv_sec);
	ts[0].tv_sec = 100;
	ts[0].tv_nsec = 5000;
	ts[1].tv_sec = 0;
	ts[1].tv_nsec = UTIME_OMIT;
	CHECK("futimens-omit", futimens(fd, ts) == 0 && fstat(fd, &st) == 0 &&
	      st.st_atime == 100 && st.st_atim.tv_nsec == 5000 &&
	      st.st_mtime >= t0.tv_sec - 1, "atime %lld.%09ld mtime %lld",
	      (long long)st.st_atime, st.st_atim.tv_nsec, (long long)st.st_mtime);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 200;
	ts[1].tv_nsec = 0;
	CHECK("utimensat-set", utimensat(AT_FDCWD, path, ts, 0) == 0 &&
	      stat(path, &st) == 0 && st.st_atime == 100 && st.st_mtime == 200,
	      "atime %lld mtime %lld", (long long)st.st_atime,
	      (long long)st.st_mtime);
	ts[1].tv_nsec = UTIME_OMIT;
	errno = 0;
	CHECK("utimensat-missing", utimensat(AT_FDCWD, "/out/nope", ts, 0) == -1 &&
	      errno == ENOENT, "both UTIME_OMIT on a missing file");
	ts[1].tv_nsec = 1000000000;
	errno = 0;
	CHECK("utimensat-einval", utimensat(AT_FDCWD, path, ts, 0) == -1 &&
	      errno == EINVAL, "nsec 1e9 taken");
	memset(&sv, 0, sizeof(sv));
	memset(&fsv, 1, sizeof(fsv));
	CHECK("statvfs", statvfs("/", &sv) == 0 && fstatvfs(fd, &fsv) == 0 &&
	      sv.f_bsize > 0 && sv.f_frsize > 0 && sv.f_blocks == fsv.f_blocks &&
	      sv.f_namemax >= 255 && !(sv.f_flag & ST_RDONLY),
	      "bsize %lu blocks %lu/%lu namemax %lu", sv.f_bsize,
	      (unsigned long)sv.f_blocks, (unsigned long)fsv.f_blocks,
	      sv.f_namemax);
	printf("STATVFS %lu %lu\n", sv.f_frsize, (unsigned long)sv.f_blocks);
	errno = 0;
	CHECK("fstatvfs-console", fstatvfs(1, &fsv) == -1 && errno == EINVAL,
	      "statvfs of the console");
	errno = 0;
	CHECK("statvfs-missing", statvfs("/out/nope", &sv) == -1 &&
	      errno == ENOENT, "statvfs of nothing");
	close(fd);
}

int main(int argc, char *argv[])
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "check"))
			checks();
		else if (!strcmp(argv[i], "fifo"))
			fifos();
		else if (!strcmp(argv[i], "nofifo"))
			no_fifos();
		else if (!strcmp(argv[i], "write"))
			writes();
		else if (!strcmp(argv[i], "meta")) {
			int owner = i + 1 < argc && !strcmp(argv[i + 1], "owner");

			meta(owner);
			i += owner;
		}
		else if (!strcmp(argv[i], "threads") && i + 1 < argc)
			threads(argv[++i]);
		else if (!strcmp(argv[i], "bench") && i + 1 < argc)
			bench(argv[++i]);
		else if (!strcmp(argv[i], "cat") && i + 1 < argc)
			hash_file(argv[++i]);
		else if (!strcmp(argv[i], "overwrite") && i + 2 < argc)
			overwrite(argv[i + 1], argv[i + 2]), i += 2;
	}
	printf("VFS DONE %d\n", failures);
	return failures ? 1 : 0;
}
