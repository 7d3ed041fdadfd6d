/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * printf-style formatting for kernel code and the minimal libc.  Output
 * goes through a callback in chunks, so the same code serves snprintf
 * (bounded buffer) and console printing (no buffer at all).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/print.h>

#define F_LEFT	0x01
#define F_PLUS	0x02
#define F_SPACE	0x04
#define F_ALT	0x08
#define F_ZERO	0x10

struct out {
	void (*fn)(void *ctx, const char *s, size_t n);
	void *ctx;
	int count;
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (n) {
		o->fn(o->ctx, s, n);
		o->count += n;
	}
}

static void pad(struct out *o, char c, int n)
{
	char buf[16];
	int i;

	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = c;
	while (n > 0) {
		int k = n < (int)sizeof(buf) ? n : (int)sizeof(buf);

		emit(o, buf, k);
		n -= k;
	}
}

/* Emits prefix + zero padding + digits, justified to width. */
static void put_number(struct out *o, uintmax_t v, unsigned int base,
		       int upper, int neg, int flags, int width, int prec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[32], prefix[3];
	int n = 0, np = 0, zeros = 0, total, zero = v == 0;

	if (v == 0 && prec == 0) {
		n = 0;		/* "%.0d" of 0 prints nothing */
	} else {
		do {
			buf[sizeof(buf) - 1 - n++] = digits[v % base];
			v /= base;
		} while (v);
	}

	if (neg)
		prefix[np++] = '-';
	else if (flags & F_PLUS)
		prefix[np++] = '+';
	else if (flags & F_SPACE)
		prefix[np++] = ' ';
	/* "%#x" of 0 is just "0" */
	if ((flags & F_ALT) && base == 16 && !zero) {
		prefix[np++] = '0';
		prefix[np++] = upper ? 'X' : 'x';
	}
	if ((flags & F_ALT) && base == 8 && (n == 0 || buf[sizeof(buf) - n] != '0'))
		zeros = 1;

	if (prec >= 0) {
		if (prec > n + zeros)
			zeros = prec - n;
	} else if ((flags & F_ZERO) && !(flags & F_LEFT) &&
		   width > np + n + zeros) {
		zeros = width - np - n;
	}

	total = np + zeros + n;
	if (!(flags & F_LEFT))
		pad(o, ' ', width - total);
	emit(o, prefix, np);
	pad(o, '0', zeros);
	emit(o, buf + sizeof(buf) - n, n);
	if (flags & F_LEFT)
		pad(o, ' ', width - total);
}

static void put_string(struct out *o, const char *s, int flags, int width,
		       int prec)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while ((prec < 0 || n < prec) && s[n])
		n++;
	if (!(flags & F_LEFT))
		pad(o, ' ', width - n);
	emit(o, s, n);
	if (flags & F_LEFT)
		pad(o, ' ', width - n);
}

int uk_vcbprintf(void (*fn)(void *ctx, const char *s, size_t n), void *ctx,
		 const char *fmt, va_list ap)
{
	struct out o = { fn, ctx, 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt;
		int flags = 0, width = 0, prec = -1, lng = 0;
		uintmax_t u;
		intmax_t s;
		char c;

		while (*fmt && *fmt != '%')
			fmt++;
		emit(&o, start, fmt - start);
		if (!*fmt)
			break;
		fmt++;	/* '%' */

		for (;; fmt++) {
			if (*fmt == '-')
				flags |= F_LEFT;
			else if (*fmt == '+')
				flags |= F_PLUS;
			else if (*fmt == ' ')
				flags |= F_SPACE;
			else if (*fmt == '#')
				flags |= F_ALT;
			else if (*fmt == '0')
				flags |= F_ZERO;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(args, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(args, int);
				if (prec < 0)
					prec = -1;
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}

		/* lng: -2 hh, -1 h, 0 int, 1 long, 2 long long/intmax/size */
		switch (*fmt) {
		case 'h':
			lng = -1;
			if (*++fmt == 'h') {
				lng = -2;
				fmt++;
			}
			break;
		case 'l':
			lng = 1;
			if (*++fmt == 'l') {
				lng = 2;
				fmt++;
			}
			break;
		case 'z': case 't': case 'j':
			lng = 2;
			fmt++;
			break;
		}

		c = *fmt;
		if (!c)
			break;
		fmt++;
		switch (c) {
		case 'd':
		case 'i':
			if (lng == 2)
				s = va_arg(args, long long);
			else if (lng == 1)
				s = va_arg(args, long);
			else
				s = va_arg(args, int);
			if (lng == -1)
				s = (short)s;
			else if (lng == -2)
				s = (signed char)s;
			put_number(&o, s < 0 ? -(uintmax_t)s : (uintmax_t)s,
				   10, 0, s < 0, flags, width, prec);
			break;
		case 'u': case 'x': case 'X': case 'o':
			if (lng == 2)
				u = va_arg(args, unsigned long long);
			else if (lng == 1)
				u = va_arg(args, unsigned long);
			else
				u = va_arg(args, unsigned int);
			if (lng == -1)
				u = (unsigned short)u;
			else if (lng == -2)
				u = (unsigned char)u;
			put_number(&o, u, c == 'u' ? 10 : c == 'o' ? 8 : 16,
				   c == 'X', 0, flags & ~(F_PLUS | F_SPACE),
				   width, prec);
			break;
		case 'p':
			u = (uintptr_t)va_arg(args, void *);
			put_number(&o, u, 16, 0, 0, flags | F_ALT, width, prec);
			break;
		case 'c': {
			char ch = (char)va_arg(args, int);

			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			emit(&o, &ch, 1);
			if (flags & F_LEFT)
				pad(&o, ' ', width - 1);
			break;
		}
		case 's':
			put_string(&o, va_arg(args, const char *), flags, width,
				   prec);
			break;
		case '%':
			emit(&o, "%", 1);
			break;
		default:
			/* Unknown conversion: print it as it was written. */
			emit(&o, "%", 1);
			emit(&o, &c, 1);
			break;
		}
	}
	va_end(args);
	return o.count;
}

struct bufctx {
	char *buf;
	size_t size, pos;
};

static void buf_out(void *ctx, const char *s, size_t n)
{
	struct bufctx *b = ctx;

	while (n--) {
		if (b->pos + 1 < b->size)
			b->buf[b->pos] = *s;
		b->pos++;
		s++;
	}
}

int uk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct bufctx b = { buf, size, 0 };
	int n = uk_vcbprintf(buf_out, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int uk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
