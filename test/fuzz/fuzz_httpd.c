/*
 * libFuzzer target for httpd's pure HTTP logic: the request parser, path
 * normalisation and encoding, ranges, dates, conditional requests and MIME
 * lookup.  Besides "no crash, no out-of-bounds access" (ASan, UBSan), it
 * checks the properties the server relies on, and aborts when one fails:
 * a parsed head lies inside the input, no prefix of a valid head is taken
 * for an error, a normalised path starts with "/" and has no "." or ".."
 * segments, no "//", no NUL and no backslash, a range lies inside the
 * file, a date survives format-then-parse.
 *
 * Run by test/fuzz/run-httpd-fuzz.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_cond.h"
#include "http_date.h"
#include "http_mime.h"
#include "http_parse.h"
#include "http_path.h"
#include "http_range.h"
#include "http_resp.h"

#include "fuzz_check.h"

static void inside(const char *buf, size_t len, struct http_str s)
{
	if (!s.p)
		return;
	CHECK(s.p >= buf && s.p + s.n <= buf + len);
}

static void check_path(const char *t, size_t n)
{
	char out[512], enc[2048], again[512];
	long r = http_path_normalize(t, n, out, sizeof(out));

	if (r < 0) {
		CHECK(r == -400 || r == -403 || r == -414);
		return;
	}
	CHECK((size_t)r < sizeof(out) && out[r] == '\0');
	CHECK(out[0] == '/');
	CHECK(strlen(out) == (size_t)r);	/* no NUL inside */
	CHECK(!strchr(out, '\\'));
	CHECK(!strstr(out, "//"));
	CHECK(!strstr(out, "/../") && !strstr(out, "/./"));
	CHECK(!(r >= 3 && !strcmp(out + r - 3, "/..")));
	CHECK(!(r >= 2 && !strcmp(out + r - 2, "/.")));
	/* encoding for Location, then decoding, gives the path back */
	long e = http_path_encode(out, (size_t)r, enc, sizeof(enc));
	CHECK(e >= 0);
	for (long i = 0; i < e; i++)
		CHECK(enc[i] > 0x20 && enc[i] < 0x7f && enc[i] != '?' &&
		      enc[i] != '#');
	CHECK(http_path_normalize(enc, (size_t)e, again, sizeof(again)) == r);
	CHECK(!strcmp(out, again));
	(void)http_mime_type(out, (size_t)r);
}

static void check_range_size(const char *v, size_t n, uint64_t size,
			     uint64_t *first, uint64_t *last, int *res)
{
	*res = http_range_parse(v, n, size, first, last);
	switch (*res) {
	case HTTP_RANGE_OK:
		CHECK(size > 0 && *first <= *last && *last < size);
		break;
	case HTTP_RANGE_UNSATISFIABLE:
	case HTTP_RANGE_IGNORE:
		break;
	default:
		CHECK(0);
	}
}

/* Against a few sizes, then at the edges the value itself names (the
 * file one byte shorter or longer than the range), where off-by-ones
 * live. */
static void check_range(const char *v, size_t n, uint64_t size)
{
	const uint64_t sizes[] = { size, 0, 1, 2, 1000 };
	uint64_t first, last, f2, l2;
	int res, r2;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		check_range_size(v, n, sizes[i], &first, &last, &res);
		if (res != HTTP_RANGE_OK)
			continue;
		check_range_size(v, n, last, &f2, &l2, &r2);
		check_range_size(v, n, last + 1, &f2, &l2, &r2);
		check_range_size(v, n, first, &f2, &l2, &r2);
		CHECK(r2 != HTTP_RANGE_OK || first == 0 || f2 < first);
	}
}

static void check_date(const char *s, size_t n)
{
	int64_t t, t2;
	char b[HTTP_DATE_LEN + 1];

	if (http_date_parse(s, n, &t))
		return;
	CHECK(t >= 0);
	http_date_format(t, b);
	CHECK(strlen(b) == HTTP_DATE_LEN);
	if (t <= 253402300799LL) {
		CHECK(http_date_parse(b, HTTP_DATE_LEN, &t2) == 0);
		CHECK(t2 == t);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	static const struct http_limits big = { 8192, 16384, 100 };
	static const struct http_limits small = { 64, 256, 4 };
	struct http_request req;
	long r;

	r = http_parse_request(buf, size, &big, &req);
	CHECK(r <= (long)size);
	CHECK(r >= 0 || r == -400 || r == -414 || r == -431 || r == -505);
	if (r > 0) {
		inside(buf, size, req.method_name);
		inside(buf, size, req.target);
		inside(buf, size, req.host);
		inside(buf, size, req.range);
		inside(buf, size, req.if_none_match);
		inside(buf, size, req.if_modified_since);
		inside(buf, size, req.if_range);
		inside(buf, size, req.accept);
		CHECK(req.minor == 0 || req.minor == 1);
		CHECK(req.nheaders <= big.max_headers);
		CHECK((size_t)r <= big.max_header_bytes);
		CHECK(!(req.has_transfer_encoding && req.has_content_length));
		{
			/* the server parses again as bytes arrive: no prefix
			 * of a valid head may look like an error */
			struct http_request pre;

			CHECK(http_parse_request(buf, (size_t)r - 1, &big, &pre) == 0);
			CHECK(http_parse_request(buf, (size_t)r / 2, &big, &pre) == 0);
		}
		check_path(req.target.p, req.target.n);
		if (req.range.p)
			check_range(req.range.p, req.range.n, 1000);
		(void)http_not_modified(&req, "\"1-2\"", 5, 1000000);
		(void)http_if_range_ok(req.if_range, "\"1-2\"", 5, 1000000);
	}
	/* the same bytes under tight limits: never longer than allowed */
	r = http_parse_request(buf, size, &small, &req);
	if (r > 0)
		CHECK((size_t)r <= small.max_header_bytes && req.nheaders <= 4);

	/* the raw bytes as each field value */
	check_path(buf, size);
	check_range(buf, size, size);
	check_range(buf, size, 0);
	check_date(buf, size);
	{
		struct http_str s = { buf, size };

		(void)http_etag_list_match(s, "\"a\"", 3);
		(void)http_if_range_ok(s, "\"a\"", 3, 0);
		(void)http_list_has(s, "close");
	}
	(void)http_mime_type(buf, size);
	return 0;
}
