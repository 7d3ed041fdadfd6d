/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Splitting the kernel command line, shell-like: words are separated by
 * blanks; 'single quotes' keep everything literally, "double quotes" keep
 * blanks and honour \" and \\, and a backslash outside quotes escapes the
 * next character.  Words before a "--" word are library options, words
 * after it the application's arguments.
 */
#ifndef __UK_CMDLINE_H__
#define __UK_CMDLINE_H__

#include <stddef.h>

/*
 * Splits s in place into at most max words, stored in words[].  Returns
 * the number of words, or -1 if there are more than max or a quote is not
 * closed.  *dashdash gets the index of the first "--" word (not stored),
 * or -1.
 */
int uk_cmdline_split(char *s, char **words, int max, int *dashdash);

#endif
