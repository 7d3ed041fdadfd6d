/*
 * Server counters and the /_stats page (HTML, or JSON when asked with
 * "Accept: application/json").  Off unless enabled (--stats, or
 * CONFIG_APP_HTTPD_STATS).
 */
#ifndef HTTPD_STATS_H
#define HTTPD_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct httpd_stats {
	int64_t start_ms;
	uint64_t requests;		/* responses sent */
	uint64_t bytes_sent;		/* heads and bodies */
	uint64_t accepted;
	uint64_t rejected;		/* 503: too many connections */
	unsigned int connections;	/* open now */
	unsigned int cache_entries;
	size_t cache_bytes;
};

/*
 * Memory of the whole program: bytes in use and free.  Returns 0, or -1
 * when unknown.  Weak: a platform provides its own (in a Unikit image, the
 * ukalloc statistics); the default asks glibc's malloc, when there is one.
 */
int httpd_memory_stats(uint64_t *used, uint64_t *free_bytes);

/*
 * Renders the page into out[0..cap).  Returns its length, or 0 if cap is
 * too small.
 */
size_t httpd_stats_render(const struct httpd_stats *s, int64_t now_ms,
			  bool json, char *out, size_t cap);

#endif
