/* SPDX-License-Identifier: BSD-3-Clause */
/* strtol and friends, with C99 semantics for base, overflow and endptr. */
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>

/*
 * Parses an unsigned magnitude.  *neg gets the sign; on overflow the
 * result is ULLONG_MAX and *overflow is set.
 */
static unsigned long long parse(const char *s, char **end, int base,
				int *neg, int *overflow)
{
	const char *p = s, *digits_start;
	unsigned long long v = 0;

	*neg = 0;
	*overflow = 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		*neg = (*p++ == '-');
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = (*p == '0') ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	digits_start = p;
	for (;; p++) {
		int d;

		if (isdigit((unsigned char)*p))
			d = *p - '0';
		else if (isalpha((unsigned char)*p))
			d = tolower((unsigned char)*p) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (ULLONG_MAX - d) / base)
			*overflow = 1;
		else
			v = v * base + d;
	}
	if (end)
		*end = (char *)(p == digits_start ? s : p);
	return *overflow ? ULLONG_MAX : v;
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	int neg, of;
	unsigned long long v = parse(s, end, base, &neg, &of);

	if (of || v > (unsigned long long)LLONG_MAX + neg) {
		errno = ERANGE;
		return neg ? LLONG_MIN : LLONG_MAX;
	}
	return neg ? -(long long)v : (long long)v;
}

unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base)
{
	int neg, of;
	unsigned long long v = parse(s, end, base, &neg, &of);

	if (of) {
		errno = ERANGE;
		return ULLONG_MAX;
	}
	return neg ? -v : v;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
	return strtoll(s, end, base);	/* long is 64-bit here */
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	return strtoull(s, end, base);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
	return strtoll(s, NULL, 10);
}
