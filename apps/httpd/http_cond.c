/*
 * Conditional requests.  See http_cond.h.
 */
#include <string.h>

#include "http_cond.h"
#include "http_date.h"

/* The opaque part of etag: without its quotes. */
static bool tag_equal(const char *a, size_t an, const char *etag, size_t n)
{
	return n >= 2 && an == n - 2 && !memcmp(a, etag + 1, an);
}

bool http_etag_list_match(struct http_str list, const char *etag, size_t n)
{
	const char *p = list.p;
	size_t i = 0, s;

	while (i < list.n) {
		while (i < list.n && (p[i] == ' ' || p[i] == '\t' || p[i] == ','))
			i++;
		if (i == list.n)
			break;
		if (p[i] == '*')
			return true;
		if (i + 1 < list.n && p[i] == 'W' && p[i + 1] == '/')
			i += 2;	/* weak comparison: W/ is ignored */
		if (i >= list.n || p[i] != '"')
			return false;
		s = ++i;
		while (i < list.n && p[i] != '"')
			i++;
		if (i >= list.n)
			return false;
		i++;
		/* a member ends at whitespace, a comma or the end */
		if (i < list.n && p[i] != ' ' && p[i] != '\t' && p[i] != ',')
			return false;
		if (tag_equal(p + s, i - 1 - s, etag, n))
			return true;
	}
	return false;
}

bool http_not_modified(const struct http_request *req, const char *etag,
		       size_t n, int64_t mtime)
{
	int64_t since;

	if (req->if_none_match.p)
		return http_etag_list_match(req->if_none_match, etag, n);
	if (req->if_modified_since.p &&
	    !http_date_parse(req->if_modified_since.p,
			     req->if_modified_since.n, &since))
		return mtime <= since;
	return false;
}

bool http_if_range_ok(struct http_str v, const char *etag, size_t n,
		      int64_t mtime)
{
	int64_t t;

	if (!v.p)
		return true;
	if (v.n >= 1 && v.p[0] == '"')
		return v.n >= 2 && v.p[v.n - 1] == '"' &&
		       tag_equal(v.p + 1, v.n - 2, etag, n);
	if (v.n >= 2 && v.p[0] == 'W' && v.p[1] == '/')
		return false;	/* a weak tag never allows a range */
	return !http_date_parse(v.p, v.n, &t) && t == mtime;
}
