/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * opendir, readdir and friends (newlib has none for our target), over
 * uk_vfs_getdents().  A DIR is a descriptor and a buffer of entries.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uk/vfs.h>

#define DIR_BUF_ENTRIES 16

struct __uk_dirstream {
	int fd;
	int pos, n;		/* next entry, entries in buf */
	long loc;		/* telldir() of the next entry */
	struct dirent buf[DIR_BUF_ENTRIES];
};

DIR *fdopendir(int fd)
{
	struct stat st;
	DIR *d;

	if (fstat(fd, &st) < 0)
		return NULL;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return d;
}

struct dirent *readdir(DIR *d)
{
	ssize_t n;

	if (!d) {
		errno = EBADF;
		return NULL;
	}
	if (d->pos == d->n) {
		n = uk_vfs_getdents(d->fd, d->buf, sizeof(d->buf));
		if (n < 0) {
			errno = (int)-n;
			return NULL;
		}
		d->pos = 0;
		d->n = (int)(n / sizeof(struct dirent));
		if (d->n == 0)
			return NULL;	/* the end: errno untouched */
	}
	d->loc = (long)d->buf[d->pos].d_off;
	return &d->buf[d->pos++];
}

int readdir_r(DIR *d, struct dirent *entry, struct dirent **result)
{
	int e = errno;
	struct dirent *r;

	errno = 0;
	r = readdir(d);
	if (!r && errno) {
		int rc = errno;

		errno = e;
		*result = NULL;
		return rc;
	}
	errno = e;
	if (r)
		memcpy(entry, r, sizeof(*entry));
	*result = r ? entry : NULL;
	return 0;
}

int closedir(DIR *d)
{
	int rc;

	if (!d) {
		errno = EBADF;
		return -1;
	}
	rc = close(d->fd);
	free(d);
	return rc;
}

int dirfd(DIR *d)
{
	return d->fd;
}

void seekdir(DIR *d, long loc)
{
	lseek(d->fd, (off_t)loc, SEEK_SET);
	d->pos = d->n = 0;
	d->loc = loc;
}

long telldir(DIR *d)
{
	return d->loc;
}

void rewinddir(DIR *d)
{
	seekdir(d, 0);
}

int alphasort(const struct dirent **a, const struct dirent **b)
{
	return strcoll((*a)->d_name, (*b)->d_name);
}

int scandir(const char *path, struct dirent ***list,
	    int (*sel)(const struct dirent *),
	    int (*cmp)(const struct dirent **, const struct dirent **))
{
	struct dirent *e, **v = NULL, **nv;
	size_t n = 0, cap = 0;
	DIR *d = opendir(path);

	if (!d)
		return -1;
	errno = 0;
	while ((e = readdir(d))) {
		if (sel && !sel(e))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto fail;
			v = nv;
		}
		v[n] = malloc(sizeof(*e));
		if (!v[n])
			goto fail;
		memcpy(v[n++], e, sizeof(*e));
	}
	if (errno)
		goto fail;
	closedir(d);
	if (cmp && n)
		qsort(v, n, sizeof(*v), (int (*)(const void *, const void *))cmp);
	*list = v;
	return (int)n;
fail:
	while (n)
		free(v[--n]);
	free(v);
	closedir(d);
	errno = ENOMEM;
	return -1;
}
