/*
 * What the project sources under test call but the host does not have:
 * kernel messages go to stderr (and the last one is kept for tests to
 * check), uk_panic aborts (tests expect SIGABRT).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/print.h>
#include <uk/crash.h>
#include "host_stubs.h"

char host_last_message[512];
int host_message_count;

void uk_vprintk(int level, const char *lib, const char *fmt, va_list ap)
{
	va_list cp;

	va_copy(cp, ap);
	vsnprintf(host_last_message, sizeof(host_last_message), fmt, cp);
	va_end(cp);
	host_message_count++;
	fprintf(stderr, "[%s] ", lib);
	vfprintf(stderr, fmt, ap);
}

void uk_printk(int level, const char *lib, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vprintk(level, lib, fmt, ap);
	va_end(ap);
}

void uk_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "PANIC: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}
