/*
 * HTTP-date (RFC 9110 section 5.6.7): formatting and parsing, with our own
 * calendar arithmetic so neither locale nor time zone can change a header.
 * Pure.  Times are seconds since 1970-01-01 00:00:00 UTC.
 */
#ifndef HTTPD_HTTP_DATE_H
#define HTTPD_HTTP_DATE_H

#include <stddef.h>
#include <stdint.h>

#define HTTP_DATE_LEN 29	/* "Sun, 06 Nov 1994 08:49:37 GMT" */

/* Writes the IMF-fixdate of t and a NUL (HTTP_DATE_LEN + 1 bytes).  Times
 * before 1970 or after 9999 are clamped to those years. */
void http_date_format(int64_t t, char *out);

/* Parses IMF-fixdate, the obsolete RFC 850 form and asctime() form, which
 * recipients must all accept.  Returns 0 and sets *t, or -1 if invalid. */
int http_date_parse(const char *s, size_t n, int64_t *t);

#endif
