/*
 * Symlink-safe path resolution below the site root.
 *
 * Follows symbolic links one component at a time with lstat() and
 * readlink() (what realpath() does, but without needing realpath() from
 * the C library), then refuses any result outside the root.  A link that
 * leaves the root and comes back is fine; one whose target ends outside is
 * not, whatever the route.
 */
#ifndef HTTPD_RESOLVE_H
#define HTTPD_RESOLVE_H

#include <stddef.h>
#include <sys/stat.h>

#define HTTPD_PATH_MAX 1024
#define HTTPD_MAX_SYMLINKS 32

/*
 * root[0..rootlen) is an absolute path without symlinks or a trailing
 * slash ("" for the file-system root).  path is a normalised path below it
 * ("/", "/a/b").  Writes the resolved absolute path to out[0..cap) and its
 * lstat() (never a link) to *st.
 * Returns 0, or a negated errno: -ENOENT, -ENOTDIR, -EACCES, -ELOOP (too
 * many links), -ENAMETOOLONG, -EXDEV (the result is outside the root), or
 * whatever lstat()/readlink() reported.
 */
int httpd_resolve(const char *root, size_t rootlen, const char *path,
		  char *out, size_t cap, struct stat *st);

/*
 * Makes the canonical root from dir (absolute, or relative to the current
 * folder) into out[0..cap): resolved, no trailing slash, "" for "/".
 * Returns 0, -ENOTDIR if it is not a folder, or another negated errno.
 */
int httpd_resolve_root(const char *dir, char *out, size_t cap);

#endif
