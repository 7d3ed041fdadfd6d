/*
 * Byte-range evaluation.  See http_range.h.
 */
#include <stdbool.h>

#include "http_parse.h"
#include "http_range.h"

/* Reads digits at v[*i..n), saturating at UINT64_MAX (a huge position is
 * still valid syntax); false when there are none. */
static bool read_u64(const char *v, size_t n, size_t *i, uint64_t *out)
{
	uint64_t x = 0;
	size_t s = *i;

	while (*i < n && v[*i] >= '0' && v[*i] <= '9') {
		if (x > (UINT64_MAX - 9) / 10)
			x = UINT64_MAX;
		else
			x = x * 10 + (uint64_t)(v[*i] - '0');
		(*i)++;
	}
	*out = x;
	return *i > s;
}

static void skip_ows(const char *v, size_t n, size_t *i)
{
	while (*i < n && (v[*i] == ' ' || v[*i] == '\t'))
		(*i)++;
}

enum http_range_result http_range_parse(const char *v, size_t n, uint64_t size,
					uint64_t *first, uint64_t *last)
{
	size_t i = 6;
	uint64_t a, b;
	bool has_a, has_b;

	if (n < 6 || !http_str_ieq(v, 6, "bytes="))
		return HTTP_RANGE_IGNORE;
	skip_ows(v, n, &i);
	has_a = read_u64(v, n, &i, &a);
	if (i >= n || v[i] != '-')
		return HTTP_RANGE_IGNORE;
	i++;
	has_b = read_u64(v, n, &i, &b);
	skip_ows(v, n, &i);
	if (i != n)
		return HTTP_RANGE_IGNORE;	/* a list, or trailing junk */
	if (!has_a && !has_b)
		return HTTP_RANGE_IGNORE;

	if (!has_a) {
		/* suffix: the last b bytes; none of an empty file */
		if (b == 0 || size == 0)
			return HTTP_RANGE_UNSATISFIABLE;
		*first = b >= size ? 0 : size - b;
		*last = size - 1;
		return HTTP_RANGE_OK;
	}
	if (has_b && b < a)
		return HTTP_RANGE_IGNORE;	/* invalid: 14.1.1 */
	if (a >= size)
		return HTTP_RANGE_UNSATISFIABLE;
	*first = a;
	*last = (!has_b || b >= size) ? size - 1 : b;
	return HTTP_RANGE_OK;
}
