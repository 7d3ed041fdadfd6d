/* SPDX-License-Identifier: BSD-3-Clause */
/* Kernel messages to the platform console. */
#include <stdarg.h>
#include <string.h>
#include <uk/print.h>
#include <uk/plat/console.h>
#include <uk/arch/irq.h>

/* Messages are gathered in a small buffer so that most reach the console
 * in one write, whole, even when interrupt handlers print too. */
struct linebuf {
	char buf[192];
	size_t len;
};

static void lb_flush(struct linebuf *lb)
{
	if (lb->len)
		uk_plat_console_write(lb->buf, lb->len);
	lb->len = 0;
}

static void lb_out(void *ctx, const char *s, size_t n)
{
	struct linebuf *lb = ctx;

	while (n) {
		size_t k = sizeof(lb->buf) - lb->len;

		if (k > n)
			k = n;
		memcpy(lb->buf + lb->len, s, k);
		lb->len += k;
		s += k;
		n -= k;
		if (lb->len == sizeof(lb->buf))
			lb_flush(lb);
	}
}

static const char *const level_tag[] = {
	[UK_PRINT_CRIT] = "CRIT: ",
	[UK_PRINT_ERR] = "error: ",
	[UK_PRINT_WARN] = "warning: ",
	[UK_PRINT_INFO] = "",
	[UK_PRINT_DEBUG] = "debug: ",
};

void uk_vprintk(int level, const char *lib, const char *fmt, va_list ap)
{
	struct linebuf lb;
	unsigned long flags;

	lb.len = 0;
	if (level < UK_PRINT_CRIT || level > UK_PRINT_DEBUG)
		level = UK_PRINT_INFO;
	lb_out(&lb, lib, strlen(lib));
	lb_out(&lb, ": ", 2);
	lb_out(&lb, level_tag[level], strlen(level_tag[level]));
	flags = uk_irq_save();
	uk_vcbprintf(lb_out, &lb, fmt, ap);
	lb_flush(&lb);
	uk_irq_restore(flags);
}

void uk_printk(int level, const char *lib, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vprintk(level, lib, fmt, ap);
	va_end(ap);
}

void uk_console_printf(const char *fmt, ...)
{
	struct linebuf lb;
	va_list ap;

	lb.len = 0;
	va_start(ap, fmt);
	uk_vcbprintf(lb_out, &lb, fmt, ap);
	va_end(ap);
	lb_flush(&lb);
}
