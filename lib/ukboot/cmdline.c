/* SPDX-License-Identifier: BSD-3-Clause */
/* Shell-like splitting of the kernel command line (see uk/cmdline.h). */
#include <stddef.h>
#include <uk/cmdline.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int uk_cmdline_split(char *s, char **words, int max, int *dashdash)
{
	char *r = s, *w = s;
	int n = 0;

	*dashdash = -1;
	for (;;) {
		char *start;
		int quoted = 0;

		while (is_blank(*r))
			r++;
		if (!*r)
			break;

		/* Read one word, unquoting into w (never ahead of r). */
		start = w;
		while (*r && !is_blank(*r)) {
			if (*r == '\'') {
				quoted = 1;
				r++;
				while (*r && *r != '\'')
					*w++ = *r++;
				if (!*r)
					return -1;
				r++;
			} else if (*r == '"') {
				quoted = 1;
				r++;
				while (*r && *r != '"') {
					if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
						r++;
					*w++ = *r++;
				}
				if (!*r)
					return -1;
				r++;
			} else if (*r == '\\' && r[1]) {
				r++;
				*w++ = *r++;
			} else {
				*w++ = *r++;
			}
		}
		/* r sits on a blank or NUL; w <= r, so this is safe. */
		if (*r)
			r++;
		*w++ = '\0';

		if (!quoted && *dashdash < 0 && start[0] == '-' &&
		    start[1] == '-' && start[2] == '\0') {
			*dashdash = n;
			continue;
		}
		if (n == max)
			return -1;
		words[n++] = start;
	}
	return n;
}
