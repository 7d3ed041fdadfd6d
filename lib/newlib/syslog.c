/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * syslog() to the console: "ident[pid]: message", one line per call,
 * written with one write() so that threads' lines do not mix.  "%m" is
 * the text of errno, as in glibc.  Lines longer than LINE_MAX bytes are
 * cut.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#define LINE_MAX_BYTES	1024

#ifndef UK_APPNAME
#define UK_APPNAME "app"
#endif

static const char *log_ident;
static int log_option;
static int log_mask = 0xff;	/* every priority */

void openlog(const char *ident, int option, int facility)
{
	(void)facility;		/* one destination: the console */
	log_ident = ident;
	log_option = option;
}

void closelog(void)
{
	log_ident = NULL;
	log_option = 0;
}

int setlogmask(int mask)
{
	int old = log_mask;

	if (mask)
		log_mask = mask;
	return old;
}

/* fmt with each "%m" replaced by the text of err ("%%" kept as is). */
static void expand_m(const char *fmt, int err, char *out, size_t cap)
{
	const char *msg = strerror(err);
	size_t n = 0, k;

	while (*fmt && n + 1 < cap) {
		if (fmt[0] == '%' && fmt[1] == 'm') {
			for (k = 0; msg[k] && n + 1 < cap; k++) {
				out[n++] = msg[k];
				if (msg[k] == '%' && n + 1 < cap)
					out[n++] = '%';	/* stays literal */
			}
			fmt += 2;
		} else if (fmt[0] == '%' && fmt[1] == '%') {
			out[n++] = *fmt++;
			if (n + 1 < cap)
				out[n++] = *fmt++;
		} else {
			out[n++] = *fmt++;
		}
	}
	out[n] = '\0';
}

void vsyslog(int pri, const char *fmt, va_list ap)
{
	char f[LINE_MAX_BYTES], line[LINE_MAX_BYTES];
	int err = errno, n;

	if (!(log_mask & LOG_MASK(LOG_PRI(pri))))
		return;
	expand_m(fmt, err, f, sizeof(f));
	n = snprintf(line, sizeof(line) - 1, (log_option & LOG_PID) ?
		     "%s[%d]: " : "%s: ", log_ident ? log_ident : UK_APPNAME,
		     (int)getpid());
	if (n < 0) {
		errno = err;
		return;
	}
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	n += vsnprintf(line + n, sizeof(line) - 1 - n, f, ap);
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	if (n == 0 || line[n - 1] != '\n')
		line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, n);	/* nowhere to report it */
	errno = err;
}

void syslog(int pri, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(pri, fmt, ap);
	va_end(ap);
}
