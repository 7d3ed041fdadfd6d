/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * printf and friends to the console.  Output is unbuffered (each call is
 * one console write, gathered in a small buffer), so nothing is lost if
 * the VM stops.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <uk/print.h>
#include <uk/plat/console.h>

struct __nolibc_file {
	int fd;
};

static struct __nolibc_file files[3] = { { 0 }, { 1 }, { 2 } };
FILE *const stdin = &files[0];
FILE *const stdout = &files[1];
FILE *const stderr = &files[2];

struct outbuf {
	char buf[128];
	size_t len;
};

static void ob_flush(struct outbuf *ob)
{
	if (ob->len)
		uk_plat_console_write(ob->buf, ob->len);
	ob->len = 0;
}

static void ob_out(void *ctx, const char *s, size_t n)
{
	struct outbuf *ob = ctx;

	while (n) {
		size_t k = sizeof(ob->buf) - ob->len;

		if (k > n)
			k = n;
		memcpy(ob->buf + ob->len, s, k);
		ob->len += k;
		s += k;
		n -= k;
		if (ob->len == sizeof(ob->buf))
			ob_flush(ob);
	}
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	struct outbuf ob;
	int n;

	if (f != stdout && f != stderr) {
		errno = EBADF;
		return -1;
	}
	ob.len = 0;
	n = uk_vcbprintf(ob_out, &ob, fmt, ap);
	ob_flush(&ob);
	return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
{
	return uk_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
	return uk_vsnprintf(buf, (size_t)-1 >> 1, fmt, ap);
}

int sprintf(char *restrict buf, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return n;
}

size_t fwrite(const void *restrict p, size_t size, size_t n,
	      FILE *restrict f)
{
	if (f != stdout && f != stderr) {
		errno = EBADF;
		return 0;
	}
	if (size && n)
		uk_plat_console_write(p, size * n);
	return n;
}

int fputs(const char *restrict s, FILE *restrict f)
{
	return fwrite(s, 1, strlen(s), f) ? 0 : (*s ? EOF : 0);
}

int puts(const char *s)
{
	struct outbuf ob;

	ob.len = 0;
	ob_out(&ob, s, strlen(s));
	ob_out(&ob, "\n", 1);
	ob_flush(&ob);
	return 0;
}

int fputc(int c, FILE *f)
{
	char ch = c;

	return fwrite(&ch, 1, 1, f) ? (unsigned char)c : EOF;
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fflush(FILE *f)
{
	return 0;
}

int getchar(void)
{
	char c;

	while (uk_plat_console_read(&c, 1) == 0)
		;
	return (unsigned char)c;
}

void perror(const char *s)
{
	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, strerror(errno));
	else
		fprintf(stderr, "%s\n", strerror(errno));
}

ssize_t write(int fd, const void *buf, size_t n)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	return uk_plat_console_write(buf, n);
}

ssize_t read(int fd, void *buf, size_t n)
{
	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	return uk_plat_console_read(buf, n);
}
