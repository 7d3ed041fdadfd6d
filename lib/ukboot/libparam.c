/* SPDX-License-Identifier: BSD-3-Clause */
/* Library options: lookup and parsing of values (see uk/libparam.h). */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <uk/libparam.h>

const struct uk_libparam *uk_libparam_find(const struct uk_libparam *start,
					   const struct uk_libparam *end,
					   const char *opt)
{
	const char *eq = strchr(opt, '=');
	size_t n = eq ? (size_t)(eq - opt) : strlen(opt);
	const struct uk_libparam *p;

	for (p = start; p < end; p++)
		if (strlen(p->name) == n && !memcmp(p->name, opt, n))
			return p;
	return NULL;
}

static int parse_long(const char *s, long *out)
{
	unsigned long v = 0;
	int neg = 0, base = 10, digits = 0;

	if (*s == '-' || *s == '+')
		neg = (*s++ == '-');
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s; s++, digits++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (v > (~0UL - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (!digits || v > (unsigned long)__LONG_MAX__ + neg)
		return digits ? -ERANGE : -EINVAL;
	*out = neg ? -(long)v : (long)v;
	return 0;
}

static int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "1", "y", "yes", "on", "true" };
	static const char *const no[] = { "0", "n", "no", "off", "false" };
	unsigned int i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcmp(s, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcmp(s, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -EINVAL;
}

int uk_libparam_set(const struct uk_libparam *p, const char *value)
{
	switch (p->type) {
	case UK_LIBPARAM_T_STR:
		*(const char **)p->ptr = value;
		return 0;
	case UK_LIBPARAM_T_INT:
		return parse_long(value, (long *)p->ptr);
	case UK_LIBPARAM_T_BOOL:
		return parse_bool(value, (int *)p->ptr);
	case UK_LIBPARAM_T_FN:
		return ((int (*)(const char *))p->ptr)(value);
	}
	return -EINVAL;
}
