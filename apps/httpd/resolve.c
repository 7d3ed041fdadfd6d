/*
 * Symlink-safe resolution.  See resolve.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "resolve.h"

#if defined(__NEWLIB__)
/* newlib's sys/stat.h declares lstat() only for some targets; Unikit's
 * VFS provides it. */
int lstat(const char *path, struct stat *st);
#endif

/* Removes the last component of out[0..*olen). */
static void pop(char *out, size_t *olen)
{
	while (*olen > 0 && out[*olen - 1] != '/')
		(*olen)--;
	if (*olen > 0)
		(*olen)--;
	out[*olen] = '\0';
}

static bool inside(const char *root, size_t rootlen, const char *p, size_t n)
{
	if (rootlen == 0)
		return true;
	return n >= rootlen && !memcmp(p, root, rootlen) &&
	       (n == rootlen || p[rootlen] == '/');
}

int httpd_resolve(const char *root, size_t rootlen, const char *path,
		  char *out, size_t cap, struct stat *st)
{
	char rest[HTTPD_PATH_MAX], link[HTTPD_PATH_MAX];
	size_t olen = rootlen, ri = 0, plen = strlen(path);
	int links = 0;
	bool have_st = false;

	if (rootlen + 2 > cap || plen >= sizeof(rest))
		return -ENAMETOOLONG;
	memcpy(out, root, rootlen);
	out[olen] = '\0';
	memcpy(rest, path, plen + 1);

	for (;;) {
		size_t cs, cl;

		while (rest[ri] == '/')
			ri++;
		if (!rest[ri])
			break;
		cs = ri;
		while (rest[ri] && rest[ri] != '/')
			ri++;
		cl = ri - cs;
		if (cl == 1 && rest[cs] == '.')
			continue;
		if (cl == 2 && rest[cs] == '.' && rest[cs + 1] == '.') {
			/* only from link targets: request paths are normalised */
			pop(out, &olen);
			have_st = false;
			continue;
		}
		if (have_st && !S_ISDIR(st->st_mode))
			return -ENOTDIR;
		if (olen + 1 + cl + 1 > cap)
			return -ENAMETOOLONG;
		out[olen++] = '/';
		memcpy(out + olen, rest + cs, cl);
		olen += cl;
		out[olen] = '\0';
		if (lstat(out, st))
			return -errno;
		have_st = true;
		if (S_ISLNK(st->st_mode)) {
			ssize_t ln;
			size_t tail;

			if (++links > HTTPD_MAX_SYMLINKS)
				return -ELOOP;
			ln = readlink(out, link, sizeof(link) - 1);
			if (ln < 0)
				return -errno;
			if (ln == 0)
				return -ENOENT;
			/* continue with the target, then what followed the link */
			tail = strlen(rest + ri);
			if ((size_t)ln + 1 + tail + 1 > sizeof(rest))
				return -ENAMETOOLONG;
			memmove(rest + ln + 1, rest + ri, tail + 1);
			memcpy(rest, link, (size_t)ln);
			rest[ln] = '/';
			ri = 0;
			if (link[0] == '/') {
				olen = 0;
				out[0] = '\0';
			} else {
				pop(out, &olen);
			}
			have_st = false;
		}
	}
	/* a trailing slash asks for a folder */
	if (plen > 1 && path[plen - 1] == '/' && have_st && !S_ISDIR(st->st_mode))
		return -ENOTDIR;
	if (!inside(root, rootlen, out, olen))
		return -EXDEV;
	if (olen == 0) {
		out[0] = '/';
		out[1] = '\0';
	}
	if (!have_st && lstat(out, st))
		return -errno;
	return 0;
}

int httpd_resolve_root(const char *dir, char *out, size_t cap)
{
	char abs[HTTPD_PATH_MAX];
	struct stat st;
	size_t n;
	int r;

	if (dir[0] == '/') {
		n = strlen(dir);
		if (n >= sizeof(abs))
			return -ENAMETOOLONG;
		memcpy(abs, dir, n + 1);
	} else {
		if (!getcwd(abs, sizeof(abs)))
			return -errno;
		n = strlen(abs);
		if (n + 1 + strlen(dir) + 1 > sizeof(abs))
			return -ENAMETOOLONG;
		abs[n++] = '/';
		strcpy(abs + n, dir);
	}
	/* resolve against the file-system root, then drop the final "/" */
	r = httpd_resolve("", 0, abs, out, cap, &st);
	if (r)
		return r;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	n = strlen(out);
	if (n == 1)
		out[0] = '\0';
	return 0;
}
