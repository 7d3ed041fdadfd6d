/*
 * Byte ranges (RFC 9110 section 14): one range per request.  Pure.
 */
#ifndef HTTPD_HTTP_RANGE_H
#define HTTPD_HTTP_RANGE_H

#include <stddef.h>
#include <stdint.h>

enum http_range_result {
	HTTP_RANGE_IGNORE,		/* serve the whole file: 200 */
	HTTP_RANGE_OK,			/* serve [first, last]: 206 */
	HTTP_RANGE_UNSATISFIABLE,	/* 416 with "bytes * /size" */
};

/*
 * Evaluates the Range field value v[0..n) against a representation of
 * size bytes.  "bytes=a-b", "bytes=a-" and "bytes=-n" are served; a
 * syntactically invalid value, another unit, or several ranges are
 * ignored, which RFC 9110 section 14.2 allows (the client gets 200).
 * On HTTP_RANGE_OK, *first and *last are inclusive offsets inside the file.
 */
enum http_range_result http_range_parse(const char *v, size_t n, uint64_t size,
					uint64_t *first, uint64_t *last);

#endif
