/*
 * Request-target to normalised path.  See http_path.h.
 */
#include <stdbool.h>

#include "http_path.h"
#include "http_parse.h"

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Skips "scheme://authority" of an absolute-form target (9112 3.2.2). */
static long skip_authority(const char *t, size_t n, size_t *start)
{
	size_t i;

	if (n >= 7 && http_str_ieq(t, 7, "http://"))
		i = 7;
	else if (n >= 8 && http_str_ieq(t, 8, "https://"))
		i = 8;
	else
		return -400;
	while (i < n && t[i] != '/' && t[i] != '?' && t[i] != '#')
		i++;
	*start = i;
	return 0;
}

long http_path_normalize(const char *t, size_t n, char *out, size_t cap)
{
	size_t i = 0, end = n, o = 0;

	if (cap < 2)
		return -414;
	if (n == 0)
		return -400;
	if (t[0] != '/') {
		if (skip_authority(t, n, &i))
			return -400;
	}
	for (size_t k = i; k < n; k++) {
		if (t[k] == '?' || t[k] == '#') {
			end = k;
			break;
		}
	}

	/*
	 * One pass: decode a byte, then act on slashes at segment ends.  out
	 * always starts with "/" and holds the path so far; seg is where the
	 * current segment began in out.
	 */
	out[o++] = '/';
	size_t seg = o;

	while (i <= end) {
		int c;

		if (i == end) {
			c = -1;	/* end of path: close the last segment */
		} else if (t[i] == '%') {
			int h, l;

			if (i + 2 >= end)
				return -400;
			h = hexval((unsigned char)t[i + 1]);
			l = hexval((unsigned char)t[i + 2]);
			if (h < 0 || l < 0)
				return -400;
			c = h * 16 + l;
			i += 2;
		} else {
			c = (unsigned char)t[i];
		}
		i++;

		if (c == 0 || c == '\\')
			return -403;
		if (c != '/' && c != -1) {
			if (o + 1 >= cap)
				return -414;
			out[o++] = (char)c;
			continue;
		}

		/* a segment out[seg..o) just ended */
		size_t len = o - seg;

		if (len == 1 && out[seg] == '.') {
			o = seg;		/* "." : drop it */
		} else if (len == 2 && out[seg] == '.' && out[seg + 1] == '.') {
			if (seg == 1)
				return -403;	/* ".." above the root */
			/* drop ".." and the segment before it */
			o = seg - 1;		/* the slash before ".." */
			while (o > 1 && out[o - 1] != '/')
				o--;
		} else if (len > 0 && c == '/') {
			if (o + 1 >= cap)
				return -414;
			out[o++] = '/';
		}
		/* empty segments ("//") are merged: nothing to do */
		seg = o;
	}
	out[o] = '\0';
	return (long)o;
}

/* Bytes kept as they are in an encoded path: unreserved, "/", and sub-delims
 * that cannot end a path or start a query or fragment. */
static bool keep_char(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case '-': case '.': case '_': case '~': case '/': case '!': case '$':
	case '&': case '\'': case '(': case ')': case '*': case '+': case ',':
	case ';': case '=': case ':': case '@':
		return true;
	}
	return false;
}

long http_path_encode(const char *path, size_t n, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];

		if (keep_char(c)) {
			if (o + 1 >= cap)
				return -1;
			out[o++] = (char)c;
		} else {
			if (o + 3 >= cap)
				return -1;
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (o >= cap)
		return -1;
	out[o] = '\0';
	return (long)o;
}
