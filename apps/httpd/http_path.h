/*
 * From a request-target to a safe path below the site root, and back to a
 * URL path for Location headers.  Pure: no I/O.
 *
 * The decoded path is normalised after decoding, so every spelling of a
 * dot-segment (".." "%2e%2e" ".%2E" ...) and of a slash ("%2f") is seen
 * the same way: the result never climbs above "/".
 */
#ifndef HTTPD_HTTP_PATH_H
#define HTTPD_HTTP_PATH_H

#include <stddef.h>

/*
 * Takes the path of the request-target t[0..n) (origin-form "/a/b?q", or
 * absolute-form "http://host/a/b"), drops the query, percent-decodes it,
 * merges repeated slashes and removes "." and ".." segments (RFC 3986
 * section 5.2.4).  A trailing slash is kept: "/dir/" and "/dir" differ.
 * Writes a NUL-terminated path that starts with "/" to out[0..cap).
 * Returns its length, or:
 *   -400  not origin- or absolute-form, or a bad %-escape;
 *   -403  a NUL byte (%00), a backslash (raw or %5c), or a ".." above "/":
 *         refused on purpose, these only come from attacks;
 *   -414  the decoded path does not fit in cap bytes.
 */
long http_path_normalize(const char *t, size_t n, char *out, size_t cap);

/*
 * Percent-encodes path for use in a header (Location): every byte other
 * than unreserved characters, "/" and a few safe sub-delims becomes %XX.
 * Returns the length written (NUL-terminated), or -1 if cap is too small.
 */
long http_path_encode(const char *path, size_t n, char *out, size_t cap);

#endif
