/*
 * Conditional requests (RFC 9110 section 13) for GET and HEAD of a static
 * file whose validators are a strong ETag and a Last-Modified time.  Pure.
 */
#ifndef HTTPD_HTTP_COND_H
#define HTTPD_HTTP_COND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http_parse.h"

/*
 * True when If-None-Match's list matches etag (a quoted opaque tag such as
 * "\"5f3-1a2b\"") by weak comparison, or is "*".  A malformed list matches
 * nothing from the malformed member on.
 */
bool http_etag_list_match(struct http_str list, const char *etag, size_t n);

/*
 * True when a GET or HEAD must be answered 304 Not Modified: If-None-Match
 * matches, or, only when there is no If-None-Match, If-Modified-Since is a
 * valid date not older than mtime (13.2.2 gives that precedence).
 */
bool http_not_modified(const struct http_request *req, const char *etag,
		       size_t n, int64_t mtime);

/*
 * If-Range (13.1.5): true when the Range may be honoured: no If-Range, a
 * strong tag equal to etag, or a date equal to mtime.
 */
bool http_if_range_ok(struct http_str v, const char *etag, size_t n,
		      int64_t mtime);

#endif
