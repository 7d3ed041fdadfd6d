/*
 * httpd: the reference static web server.  An ordinary POSIX program: it
 * builds for the host with host.mk and links with Unikit (newlib, lwIP
 * sockets, the VFS) as an application.
 *
 *   httpd [--port N] [--root DIR] [--help for the other options]
 */
#include <signal.h>
#include <stdio.h>

#ifdef HTTPD_HOST
#include <sys/resource.h>
#endif

#include "config.h"
#include "server.h"

#ifdef HTTPD_HOST
/* Each connection is a descriptor: lift the soft limit to what we need. */
static void raise_fd_limit(unsigned int conns)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)conns + conns / 8 + 16 + 256;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return;
	if (rl.rlim_cur >= want)
		return;
	rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur < want)
		fprintf(stderr, "httpd: only %llu descriptors for %u connections\n",
			(unsigned long long)rl.rlim_cur, conns);
}
#endif

int main(int argc, char *argv[])
{
	struct httpd_config cfg;
	char err[256];
	int r;

	httpd_config_defaults(&cfg);
	r = httpd_config_parse(&cfg, argc, argv, stdout, err, sizeof(err));
	if (r > 0)
		return 0;
	if (r < 0) {
		fprintf(stderr, "httpd: %s (see --help)\n", err);
		return 2;
	}
#ifdef SIGPIPE
	/* a client that goes away must not end the server */
	signal(SIGPIPE, SIG_IGN);
#endif
#ifdef HTTPD_HOST
	raise_fd_limit(cfg.max_connections);
#endif
	/* the access log goes out once per loop turn, not once per line */
	if (cfg.access_log)
		setvbuf(stdout, NULL, _IOFBF, 8192);
	return httpd_serve(&cfg);
}
