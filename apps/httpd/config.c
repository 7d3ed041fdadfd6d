/*
 * Configuration defaults and command-line parsing.  See config.h.
 *
 * In a Unikit image the CONFIG_APP_HTTPD_* macros come from uk/config.h,
 * which the build force-includes; on the host, host.mk defines them.  A bool
 * Kconfig option that is off is simply not defined.  The fallbacks below
 * are Config.uk's defaults, so both builds agree.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"

#ifndef CONFIG_APP_HTTPD_PORT
#define CONFIG_APP_HTTPD_PORT 80
#endif
#ifndef CONFIG_APP_HTTPD_ROOT
#define CONFIG_APP_HTTPD_ROOT "/"
#endif
#ifndef CONFIG_APP_HTTPD_BIND
#define CONFIG_APP_HTTPD_BIND "0.0.0.0"
#endif
#ifndef CONFIG_APP_HTTPD_MAX_CONNECTIONS
#define CONFIG_APP_HTTPD_MAX_CONNECTIONS 1024
#endif
#ifndef CONFIG_APP_HTTPD_REQUEST_TIMEOUT
#define CONFIG_APP_HTTPD_REQUEST_TIMEOUT 10
#endif
#ifndef CONFIG_APP_HTTPD_KEEPALIVE_TIMEOUT
#define CONFIG_APP_HTTPD_KEEPALIVE_TIMEOUT 30
#endif
#ifndef CONFIG_APP_HTTPD_SEND_TIMEOUT
#define CONFIG_APP_HTTPD_SEND_TIMEOUT 30
#endif
#ifndef CONFIG_APP_HTTPD_MAX_REQUEST_LINE
#define CONFIG_APP_HTTPD_MAX_REQUEST_LINE 8192
#endif
#ifndef CONFIG_APP_HTTPD_MAX_HEADER_BYTES
#define CONFIG_APP_HTTPD_MAX_HEADER_BYTES 16384
#endif
#ifndef CONFIG_APP_HTTPD_MAX_HEADERS
#define CONFIG_APP_HTTPD_MAX_HEADERS 100
#endif
#ifndef CONFIG_APP_HTTPD_MAX_BODY
#define CONFIG_APP_HTTPD_MAX_BODY 65536
#endif
#ifndef CONFIG_APP_HTTPD_CACHE_ENTRIES
#define CONFIG_APP_HTTPD_CACHE_ENTRIES 128
#endif
#ifndef CONFIG_APP_HTTPD_CACHE_INLINE_MAX
#define CONFIG_APP_HTTPD_CACHE_INLINE_MAX 16384
#endif
#ifndef CONFIG_APP_HTTPD_CACHE_INLINE_TOTAL
#define CONFIG_APP_HTTPD_CACHE_INLINE_TOTAL 524288
#endif
#ifndef CONFIG_APP_HTTPD_CACHE_VALIDITY_MS
#define CONFIG_APP_HTTPD_CACHE_VALIDITY_MS 1000
#endif
#ifndef CONFIG_APP_HTTPD_IO_BUFFER
#define CONFIG_APP_HTTPD_IO_BUFFER 65536
#endif

void httpd_config_defaults(struct httpd_config *c)
{
	memset(c, 0, sizeof(*c));
	c->port = CONFIG_APP_HTTPD_PORT;
	c->root = CONFIG_APP_HTTPD_ROOT;
	c->bind = CONFIG_APP_HTTPD_BIND;
#ifdef CONFIG_APP_HTTPD_ACCESS_LOG
	c->access_log = true;
#endif
#ifdef CONFIG_APP_HTTPD_STATS
	c->stats = true;
#endif
#ifdef CONFIG_APP_HTTPD_SENDFILE
	c->sendfile = true;
#endif
	c->max_connections = CONFIG_APP_HTTPD_MAX_CONNECTIONS;
	c->request_timeout_ms = CONFIG_APP_HTTPD_REQUEST_TIMEOUT * 1000u;
	c->keepalive_timeout_ms = CONFIG_APP_HTTPD_KEEPALIVE_TIMEOUT * 1000u;
	c->send_timeout_ms = CONFIG_APP_HTTPD_SEND_TIMEOUT * 1000u;
	c->limits.max_request_line = CONFIG_APP_HTTPD_MAX_REQUEST_LINE;
	c->limits.max_header_bytes = CONFIG_APP_HTTPD_MAX_HEADER_BYTES;
	c->limits.max_headers = CONFIG_APP_HTTPD_MAX_HEADERS;
	c->max_body = CONFIG_APP_HTTPD_MAX_BODY;
	c->cache_entries = CONFIG_APP_HTTPD_CACHE_ENTRIES;
	c->cache_inline_max = CONFIG_APP_HTTPD_CACHE_INLINE_MAX;
	c->cache_inline_total = CONFIG_APP_HTTPD_CACHE_INLINE_TOTAL;
	c->cache_validity_ms = CONFIG_APP_HTTPD_CACHE_VALIDITY_MS;
	c->io_buffer = CONFIG_APP_HTTPD_IO_BUFFER;
}

enum opt_kind { OPT_FLAG_ON, OPT_FLAG_OFF, OPT_UINT, OPT_SECONDS, OPT_STR };

struct opt {
	const char *name;
	enum opt_kind kind;
	size_t offset;		/* into struct httpd_config */
	size_t size;		/* of the field, for numbers */
	uint64_t min, max;
	const char *help;
};

#define F(field) offsetof(struct httpd_config, field), \
	sizeof(((struct httpd_config *)0)->field)

static const struct opt opts[] = {
	{ "port", OPT_UINT, F(port), 0, 65535, "TCP port (0: any free port)" },
	{ "root", OPT_STR, F(root), 0, 0, "folder served as the site" },
	{ "bind", OPT_STR, F(bind), 0, 0, "IPv4 address to listen on" },
	{ "access-log", OPT_FLAG_ON, F(access_log), 0, 0,
	  "print a line per response" },
	{ "no-access-log", OPT_FLAG_OFF, F(access_log), 0, 0, NULL },
	{ "stats", OPT_FLAG_ON, F(stats), 0, 0, "serve /_stats" },
	{ "no-stats", OPT_FLAG_OFF, F(stats), 0, 0, NULL },
	{ "sendfile", OPT_FLAG_ON, F(sendfile), 0, 0,
	  "send files with sendfile(2)" },
	{ "no-sendfile", OPT_FLAG_OFF, F(sendfile), 0, 0, NULL },
	{ "max-connections", OPT_UINT, F(max_connections), 1, 1000000,
	  "connections served at once; more get 503" },
	{ "request-timeout", OPT_SECONDS, F(request_timeout_ms), 1, 3600,
	  "seconds to receive a request head (408)" },
	{ "keepalive-timeout", OPT_SECONDS, F(keepalive_timeout_ms), 1, 3600,
	  "seconds an idle connection is kept" },
	{ "send-timeout", OPT_SECONDS, F(send_timeout_ms), 1, 3600,
	  "seconds without write progress before closing" },
	{ "max-request-line", OPT_UINT, F(limits.max_request_line), 64,
	  1 << 20, "bytes in the request line (414)" },
	{ "max-header-bytes", OPT_UINT, F(limits.max_header_bytes), 256,
	  1 << 20, "bytes in the request head (431)" },
	{ "max-headers", OPT_UINT, F(limits.max_headers), 1, 10000,
	  "header fields in a request (431)" },
	{ "max-body", OPT_UINT, F(max_body), 0, UINT64_MAX / 2,
	  "request body bytes skipped; larger get 413" },
	{ "cache-entries", OPT_UINT, F(cache_entries), 1, 1000000,
	  "open files kept in the cache" },
	{ "cache-inline-max", OPT_UINT, F(cache_inline_max), 0, 1 << 30,
	  "files up to this size are kept in memory" },
	{ "cache-inline-total", OPT_UINT, F(cache_inline_total), 0, 1ull << 40,
	  "memory for in-memory files, in bytes" },
	{ "cache-validity-ms", OPT_UINT, F(cache_validity_ms), 0, 3600000,
	  "milliseconds before a cached file is checked again" },
	{ "io-buffer", OPT_UINT, F(io_buffer), 4096, 16 << 20,
	  "read size when sendfile is not used" },
};

void httpd_config_usage(FILE *f)
{
	fprintf(f, "usage: httpd [options]\n");
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		const struct opt *o = &opts[i];

		if (!o->help)
			continue;
		fprintf(f, "  --%s%s%s\n      %s\n", o->name,
			o->kind == OPT_FLAG_ON ? ", --no-" : "",
			o->kind == OPT_FLAG_ON ? o->name :
			o->kind == OPT_STR ? " VALUE" : " N", o->help);
	}
	fprintf(f, "  --help\n");
}

static int set_uint(struct httpd_config *c, const struct opt *o,
		    const char *v, char *err, size_t errlen)
{
	char *end;
	unsigned long long x;
	char *field = (char *)c + o->offset;

	if (!*v || *v == '-' || *v == '+') {
		snprintf(err, errlen, "--%s: not a number: '%s'", o->name, v);
		return -1;
	}
	x = strtoull(v, &end, 10);
	if (*end || x < o->min || x > o->max) {
		snprintf(err, errlen, "--%s: '%s' is not a number in %llu..%llu",
			 o->name, v, (unsigned long long)o->min,
			 (unsigned long long)o->max);
		return -1;
	}
	if (o->kind == OPT_SECONDS)
		x *= 1000;
	if (o->size == sizeof(unsigned int))
		*(unsigned int *)field = (unsigned int)x;
	else if (o->size == sizeof(uint64_t))
		*(uint64_t *)field = x;
	else
		*(size_t *)field = (size_t)x;
	return 0;
}

int httpd_config_parse(struct httpd_config *c, int argc, char **argv,
		       FILE *out, char *err, size_t errlen)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *eq;
		const struct opt *o = NULL;
		size_t nl;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			httpd_config_usage(out);
			return 1;
		}
		if (strncmp(a, "--", 2)) {
			snprintf(err, errlen, "unexpected argument '%s'", a);
			return -1;
		}
		a += 2;
		eq = strchr(a, '=');
		nl = eq ? (size_t)(eq - a) : strlen(a);
		for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
			if (strlen(opts[k].name) == nl &&
			    !strncmp(opts[k].name, a, nl)) {
				o = &opts[k];
				break;
			}
		}
		if (!o) {
			snprintf(err, errlen, "unknown option '--%.*s'", (int)nl, a);
			return -1;
		}
		if (o->kind == OPT_FLAG_ON || o->kind == OPT_FLAG_OFF) {
			if (eq) {
				snprintf(err, errlen, "--%s takes no value", o->name);
				return -1;
			}
			*(bool *)((char *)c + o->offset) = o->kind == OPT_FLAG_ON;
			continue;
		}
		if (eq) {
			val = eq + 1;
		} else if (i + 1 < argc) {
			val = argv[++i];
		} else {
			snprintf(err, errlen, "--%s needs a value", o->name);
			return -1;
		}
		if (o->kind == OPT_STR) {
			if (!*val) {
				snprintf(err, errlen, "--%s: empty value", o->name);
				return -1;
			}
			*(const char **)((char *)c + o->offset) = val;
		} else if (set_uint(c, o, val, err, errlen)) {
			return -1;
		}
	}
	return 0;
}
