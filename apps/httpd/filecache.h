/*
 * A small cache of open files and what a response needs about them: the
 * descriptor (or, for small files, the whole content in memory), size,
 * modification time, ETag and the preformatted entity header lines.
 *
 * An entry is trusted for validity_ms, then checked again with the same
 * symlink-safe resolution and a stat(): a changed size, time, inode or
 * target drops it, so edits on the host show up within that window.
 * Entries in use by a response are reference counted and outlive their
 * eviction.  Lookups of missing files are not cached.
 */
#ifndef HTTPD_FILECACHE_H
#define HTTPD_FILECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct fc_entry {
	struct fc_entry *hnext;			/* hash chain */
	struct fc_entry *lru_prev, *lru_next;	/* most recent first */
	uint32_t hash;
	int refs;
	bool in_table;
	bool no_sendfile;		/* sendfile() refused this file */
	int fd;				/* -1 when data holds the file */
	const char *data;		/* the whole file, or NULL */
	uint64_t size;
	int64_t mtime;
	dev_t dev;
	ino_t ino;
	int64_t checked_ms;		/* last validation */
	char *key;			/* the request path it answers */
	char *real;			/* the resolved file */
	size_t etag_len;
	char etag[48];			/* "\"<size>-<mtime>\"" in hex */
	size_t hdr_len;
	char hdr[224];			/* Content-Type .. Accept-Ranges lines */
};

struct fcache;

struct fcache_params {
	const char *root;		/* canonical, see httpd_resolve_root() */
	unsigned int entries;
	size_t inline_max;
	size_t inline_total;
	unsigned int validity_ms;
};

struct fcache *fc_create(const struct fcache_params *p);

/*
 * Finds the file for the normalised path[0..n) (a path ending in "/" means
 * its index.html).  Returns 0 and a referenced entry in *out, or the HTTP
 * status to answer instead:
 *   301  a folder asked for without its trailing slash;
 *   403  outside the root (symlink), not a regular file, a folder without
 *        index.html, or permission denied;
 *   404  does not exist (or a file asked for as a folder);
 *   500  too many symlinks (a loop) or an I/O error;
 *   503  out of descriptors or memory, which may pass.
 */
int fc_lookup(struct fcache *fc, const char *path, size_t n, int64_t now_ms,
	      struct fc_entry **out);

void fc_release(struct fcache *fc, struct fc_entry *e);

/* Frees the cache.  Every entry must have been released first. */
void fc_destroy(struct fcache *fc);

/* Entries, and bytes of file content held in memory (for /_stats). */
void fc_usage(const struct fcache *fc, unsigned int *entries, size_t *bytes);

#endif
