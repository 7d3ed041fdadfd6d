/*
 * The open-file cache.  See filecache.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filecache.h"
#include "http_date.h"
#include "http_mime.h"
#include "resolve.h"

#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

struct fcache {
	char root[HTTPD_PATH_MAX];
	size_t rootlen;
	unsigned int max_entries, count;
	size_t inline_max, inline_total, inline_used;
	unsigned int validity_ms;
	unsigned int mask;		/* buckets - 1 */
	struct fc_entry **buckets;
	struct fc_entry *lru_head, *lru_tail;
};

static char empty_file[1];

/* FNV-1a: short keys, no need for more. */
static uint32_t hash_path(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

struct fcache *fc_create(const struct fcache_params *p)
{
	struct fcache *fc = calloc(1, sizeof(*fc));
	unsigned int nb = 16;

	if (!fc)
		return NULL;
	fc->rootlen = strlen(p->root);
	if (fc->rootlen >= sizeof(fc->root)) {
		free(fc);
		return NULL;
	}
	memcpy(fc->root, p->root, fc->rootlen + 1);
	fc->max_entries = p->entries ? p->entries : 1;
	fc->inline_max = p->inline_max;
	fc->inline_total = p->inline_total;
	fc->validity_ms = p->validity_ms;
	while (nb < fc->max_entries * 2 && nb < (1u << 20))
		nb <<= 1;
	fc->mask = nb - 1;
	fc->buckets = calloc(nb, sizeof(*fc->buckets));
	if (!fc->buckets) {
		free(fc);
		return NULL;
	}
	return fc;
}

static void lru_unlink(struct fcache *fc, struct fc_entry *e)
{
	if (e->lru_prev)
		e->lru_prev->lru_next = e->lru_next;
	else
		fc->lru_head = e->lru_next;
	if (e->lru_next)
		e->lru_next->lru_prev = e->lru_prev;
	else
		fc->lru_tail = e->lru_prev;
	e->lru_prev = e->lru_next = NULL;
}

static void lru_push(struct fcache *fc, struct fc_entry *e)
{
	e->lru_prev = NULL;
	e->lru_next = fc->lru_head;
	if (fc->lru_head)
		fc->lru_head->lru_prev = e;
	else
		fc->lru_tail = e;
	fc->lru_head = e;
}

static void free_entry(struct fcache *fc, struct fc_entry *e)
{
	if (e->fd >= 0)
		close(e->fd);
	if (e->data && e->data != empty_file) {
		free((void *)e->data);
		fc->inline_used -= e->size;
	}
	free(e->key);
	free(e->real);
	free(e);
}

static void table_remove(struct fcache *fc, struct fc_entry *e)
{
	struct fc_entry **pp = &fc->buckets[e->hash & fc->mask];

	while (*pp && *pp != e)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = e->hnext;
	lru_unlink(fc, e);
	e->in_table = false;
	fc->count--;
	if (!e->refs)
		free_entry(fc, e);
}

/* Drops the least recently used entry no response is using. */
static bool evict_one(struct fcache *fc, bool inline_only)
{
	for (struct fc_entry *e = fc->lru_tail; e; e = e->lru_prev) {
		if (!e->refs && (!inline_only || (e->data && e->size))) {
			table_remove(fc, e);
			return true;
		}
	}
	return false;
}

static int status_of(int err)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
	case ENAMETOOLONG:
		return 404;
	case EACCES:
	case EPERM:
	case EXDEV:		/* resolve.c: the target is outside the root */
		return 403;
	case EMFILE:
	case ENFILE:
	case ENOMEM:
		return 503;
	default:		/* ELOOP, EIO, ... */
		return 500;
	}
}

/* Reads the whole file into memory; false if it changed under us. */
static bool read_all(int fd, char *buf, uint64_t size)
{
	uint64_t got = 0;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return false;
	while (got < size) {
		ssize_t r = read(fd, buf + got, size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		got += (uint64_t)r;
	}
	return true;
}

static void format_entity(struct fc_entry *e)
{
	char date[HTTP_DATE_LEN + 1];
	int n;

	http_date_format(e->mtime, date);
	n = snprintf(e->etag, sizeof(e->etag), "\"%llx-%llx\"",
		     (unsigned long long)e->mtime, (unsigned long long)e->size);
	e->etag_len = (size_t)n;
	n = snprintf(e->hdr, sizeof(e->hdr),
		     "Content-Type: %s\r\nLast-Modified: %s\r\nETag: %s\r\n"
		     "Accept-Ranges: bytes\r\n",
		     http_mime_type(e->key, strlen(e->key)), date, e->etag);
	e->hdr_len = (size_t)n < sizeof(e->hdr) ? (size_t)n : sizeof(e->hdr) - 1;
}

static int open_entry(struct fcache *fc, const char *key, size_t kn,
		      const char *real, const struct stat *st,
		      struct fc_entry **out)
{
	struct fc_entry *e;
	struct stat fst;
	int fd;

	fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return status_of(errno);
	if (fstat(fd, &fst)) {
		int err = errno;

		close(fd);
		return status_of(err);
	}
	if (!S_ISREG(fst.st_mode)) {
		close(fd);
		return 403;
	}
	if (fst.st_ino != st->st_ino || fst.st_dev != st->st_dev) {
		close(fd);
		return 503;	/* replaced between lookup and open: retry */
	}
	e = calloc(1, sizeof(*e));
	if (e) {
		e->key = malloc(kn + 1);
		e->real = strdup(real);
	}
	if (!e || !e->key || !e->real) {
		if (e) {
			free(e->key);
			free(e->real);
			free(e);
		}
		close(fd);
		return 503;
	}
	memcpy(e->key, key, kn);
	e->key[kn] = '\0';
	e->fd = fd;
	e->size = (uint64_t)fst.st_size;
	e->mtime = (int64_t)fst.st_mtime;
	e->dev = fst.st_dev;
	e->ino = fst.st_ino;
	format_entity(e);

	if (e->size == 0) {
		e->data = empty_file;
	} else if (e->size <= fc->inline_max) {
		while (fc->inline_used + e->size > fc->inline_total &&
		       evict_one(fc, true))
			;
		if (fc->inline_used + e->size <= fc->inline_total) {
			char *buf = malloc(e->size);

			if (buf && read_all(fd, buf, e->size)) {
				e->data = buf;
				fc->inline_used += e->size;
			} else {
				free(buf);
			}
		}
	}
	if (e->data) {
		close(fd);	/* the content is in memory: free the descriptor */
		e->fd = -1;
	}
	*out = e;
	return 0;
}

int fc_lookup(struct fcache *fc, const char *path, size_t n, int64_t now_ms,
	      struct fc_entry **out)
{
	char key[HTTPD_PATH_MAX + 16], real[HTTPD_PATH_MAX];
	struct fc_entry *e;
	struct stat st;
	bool index = n > 0 && path[n - 1] == '/';
	size_t kn = n;
	uint32_t h;
	int r;

	if (n + 11 > sizeof(key))
		return 404;
	memcpy(key, path, n);
	if (index) {
		memcpy(key + n, "index.html", 10);
		kn += 10;
	}
	key[kn] = '\0';
	h = hash_path(key, kn);

	for (e = fc->buckets[h & fc->mask]; e; e = e->hnext) {
		if (e->hash == h && !strcmp(e->key, key))
			break;
	}
	if (e) {
		if (now_ms - e->checked_ms < (int64_t)fc->validity_ms &&
		    now_ms >= e->checked_ms)
			goto hit;
		r = httpd_resolve(fc->root, fc->rootlen, key, real,
				  sizeof(real), &st);
		if (!r && !strcmp(real, e->real) && st.st_ino == e->ino &&
		    st.st_dev == e->dev && (uint64_t)st.st_size == e->size &&
		    (int64_t)st.st_mtime == e->mtime) {
			e->checked_ms = now_ms;
			goto hit;
		}
		table_remove(fc, e);
	} else {
		r = httpd_resolve(fc->root, fc->rootlen, key, real,
				  sizeof(real), &st);
	}

	if (r) {
		if (r == -ENOENT && index) {
			/* a folder without index.html: no listings here */
			if (!httpd_resolve(fc->root, fc->rootlen, path, real,
					   sizeof(real), &st) &&
			    S_ISDIR(st.st_mode))
				return 403;
		}
		return status_of(-r);
	}
	if (S_ISDIR(st.st_mode))
		return index ? 403 : 301;
	if (!S_ISREG(st.st_mode))
		return 403;	/* devices, FIFOs, sockets are not content */

	r = open_entry(fc, key, kn, real, &st, &e);
	if (r)
		return r;
	e->hash = h;
	e->checked_ms = now_ms;
	if (fc->count >= fc->max_entries)
		evict_one(fc, false);
	if (fc->count < fc->max_entries) {
		e->hnext = fc->buckets[h & fc->mask];
		fc->buckets[h & fc->mask] = e;
		e->in_table = true;
		fc->count++;
		lru_push(fc, e);
	}
	/* else every entry is busy: this one lives only for its response */
	e->refs++;
	*out = e;
	return 0;

hit:
	lru_unlink(fc, e);
	lru_push(fc, e);
	e->refs++;
	*out = e;
	return 0;
}

void fc_release(struct fcache *fc, struct fc_entry *e)
{
	if (--e->refs == 0 && !e->in_table)
		free_entry(fc, e);
}

void fc_destroy(struct fcache *fc)
{
	while (fc->lru_head)
		table_remove(fc, fc->lru_head);
	free(fc->buckets);
	free(fc);
}

void fc_usage(const struct fcache *fc, unsigned int *entries, size_t *bytes)
{
	*entries = fc->count;
	*bytes = fc->inline_used;
}
