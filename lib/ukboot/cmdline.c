/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shell-like splitting of the kernel command line (see uk/cmdline.h).
 *
 * Every boot runs this, and under emulation (QEMU's TCG) each new basic
 * block costs its translation: characters are classified by a table, so
 * the plain ones of a word are copied by a loop of one test, and only
 * quotes and backslashes take the slower way.
 */
#include <stddef.h>
#include <stdint.h>
#include <uk/cmdline.h>

enum { PLAIN, BLANK, END, SQUOTE, DQUOTE, ESCAPE };

static const uint8_t cls[256] = {
	[0] = END, [' '] = BLANK, ['\t'] = BLANK, ['\n'] = BLANK,
	['\r'] = BLANK, ['\''] = SQUOTE, ['"'] = DQUOTE, ['\\'] = ESCAPE,
};

#define CLS(c) cls[(uint8_t)(c)]

int uk_cmdline_split(char *s, char **words, int max, int *dashdash)
{
	char *r = s, *w = s;
	int n = 0;

	*dashdash = -1;
	for (;;) {
		char *start;
		int quoted = 0;

		while (CLS(*r) == BLANK)
			r++;
		if (!*r)
			return n;

		/* Read one word, unquoting into w (never ahead of r). */
		start = w;
		for (;;) {
			while (CLS(*r) == PLAIN)
				*w++ = *r++;
			if (CLS(*r) <= END)	/* a blank or the end */
				break;
			if (*r == '\\') {
				if (r[1])
					r++;
				*w++ = *r++;
				continue;
			}
			quoted = 1;
			if (*r++ == '\'') {
				while (*r && *r != '\'')
					*w++ = *r++;
			} else {
				while (*r && *r != '"') {
					if (*r == '\\' &&
					    (r[1] == '"' || r[1] == '\\'))
						r++;
					*w++ = *r++;
				}
			}
			if (!*r)
				return -1;	/* the quote is not closed */
			r++;
		}
		/* r sits on a blank or NUL; w <= r, so this is safe. */
		if (*r)
			r++;
		*w++ = '\0';

		/* "--", unquoted and the first: options end here */
		if (w - start == 3 && !(quoted | (*dashdash >= 0) |
					(start[0] ^ '-') | (start[1] ^ '-'))) {
			*dashdash = n;
			continue;
		}
		if (n == max)
			return -1;
		words[n++] = start;
	}
}
