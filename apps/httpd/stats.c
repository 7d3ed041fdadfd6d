/*
 * The /_stats page.  See stats.h.
 */
#include <stdio.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "stats.h"

__attribute__((weak)) int httpd_memory_stats(uint64_t *used,
					      uint64_t *free_bytes)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	struct mallinfo2 mi = mallinfo2();

	*used = mi.uordblks + mi.hblkhd;
	*free_bytes = mi.fordblks;
	return 0;
#else
	(void)used;
	(void)free_bytes;
	return -1;
#endif
}

size_t httpd_stats_render(const struct httpd_stats *s, int64_t now_ms,
			  bool json, char *out, size_t cap)
{
	uint64_t used = 0, avail = 0;
	bool mem = httpd_memory_stats(&used, &avail) == 0;
	unsigned long long up = (unsigned long long)(now_ms - s->start_ms) / 1000;
	char mu[24] = "null", mf[24] = "null";
	int n;

	if (mem) {
		snprintf(mu, sizeof(mu), "%llu", (unsigned long long)used);
		snprintf(mf, sizeof(mf), "%llu", (unsigned long long)avail);
	}
	if (json) {
		n = snprintf(out, cap,
			     "{\"uptime_s\":%llu,\"requests\":%llu,"
			     "\"bytes_sent\":%llu,\"connections\":%u,"
			     "\"accepted\":%llu,\"rejected\":%llu,"
			     "\"memory_used\":%s,\"memory_free\":%s,"
			     "\"cache_entries\":%u,\"cache_bytes\":%llu}\n",
			     up, (unsigned long long)s->requests,
			     (unsigned long long)s->bytes_sent, s->connections,
			     (unsigned long long)s->accepted,
			     (unsigned long long)s->rejected, mu, mf,
			     s->cache_entries,
			     (unsigned long long)s->cache_bytes);
	} else {
		n = snprintf(out, cap,
			     "<!DOCTYPE html>\n<html><head><title>httpd stats"
			     "</title></head>\n<body><h1>httpd stats</h1>\n"
			     "<table>\n"
			     "<tr><th>uptime</th><td>%llu s</td></tr>\n"
			     "<tr><th>requests</th><td>%llu</td></tr>\n"
			     "<tr><th>bytes sent</th><td>%llu</td></tr>\n"
			     "<tr><th>connections now</th><td>%u</td></tr>\n"
			     "<tr><th>connections accepted</th><td>%llu</td></tr>\n"
			     "<tr><th>rejected (503)</th><td>%llu</td></tr>\n"
			     "<tr><th>memory in use</th><td>%s</td></tr>\n"
			     "<tr><th>memory free</th><td>%s</td></tr>\n"
			     "<tr><th>cached files</th><td>%u (%llu bytes)</td></tr>\n"
			     "</table></body></html>\n",
			     up, (unsigned long long)s->requests,
			     (unsigned long long)s->bytes_sent, s->connections,
			     (unsigned long long)s->accepted,
			     (unsigned long long)s->rejected,
			     mem ? mu : "unknown", mem ? mf : "unknown",
			     s->cache_entries,
			     (unsigned long long)s->cache_bytes);
	}
	if (n < 0 || (size_t)n >= cap)
		return 0;
	return (size_t)n;
}
