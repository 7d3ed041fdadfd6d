/*
 * httpd's configuration: compile-time defaults (Kconfig CONFIG_APP_HTTPD_*
 * in a Unikit build, -D flags from host.mk on the host), overridden by
 * command-line arguments.
 */
#ifndef HTTPD_CONFIG_H
#define HTTPD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "http_parse.h"

struct httpd_config {
	unsigned int port;		/* 0: any free port (printed) */
	const char *root;
	const char *bind;		/* IPv4 address to listen on */
	bool access_log;
	bool stats;			/* serve /_stats */
	bool sendfile;			/* use sendfile(2) when it works */
	unsigned int max_connections;
	unsigned int request_timeout_ms;	/* whole request head: 408 */
	unsigned int keepalive_timeout_ms;	/* idle between requests */
	unsigned int send_timeout_ms;		/* no write progress */
	struct http_limits limits;
	uint64_t max_body;		/* request bodies: skipped, or 413 */
	unsigned int cache_entries;
	size_t cache_inline_max;	/* files up to this size kept in memory */
	size_t cache_inline_total;
	unsigned int cache_validity_ms;	/* revalidate with stat after this */
	size_t io_buffer;		/* read()/write() chunk without sendfile */
};

void httpd_config_defaults(struct httpd_config *c);

/*
 * Applies argv[1..argc) to c.  Returns 0, 1 when --help was asked (usage
 * printed to out), or -1 with a message in err[0..errlen).
 */
int httpd_config_parse(struct httpd_config *c, int argc, char **argv,
		       FILE *out, char *err, size_t errlen);

void httpd_config_usage(FILE *f);

#endif
