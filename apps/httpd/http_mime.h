/*
 * Content-Type from a file name's extension.  Pure.
 */
#ifndef HTTPD_HTTP_MIME_H
#define HTTPD_HTTP_MIME_H

#include <stddef.h>

/*
 * Returns the media type for the last path segment of path[0..n), matched
 * on its extension without regard to case, or "application/octet-stream"
 * when the extension is unknown or missing.  Text types carry
 * "; charset=utf-8".  The returned string is static.
 */
const char *http_mime_type(const char *path, size_t n);

#endif
