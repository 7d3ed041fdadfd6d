/* apps/httpd: conditional requests (If-None-Match, If-Modified-Since,
 * If-Range). */
#include <check.h>
#include <string.h>

#include "http_cond.h"

#define ETAG "\"5f3-1a\""
#define MTIME 784111777		/* Sun, 06 Nov 1994 08:49:37 GMT */

static struct http_str S(const char *s)
{
	struct http_str r = { s, strlen(s) };

	return r;
}

static bool inm(const char *list)
{
	return http_etag_list_match(S(list), ETAG, strlen(ETAG));
}

START_TEST(if_none_match_lists)
{
	ck_assert(inm(ETAG));
	ck_assert(inm("W/" ETAG));		/* weak comparison */
	ck_assert(inm("\"a\", " ETAG));
	ck_assert(inm("\"a\",W/\"b\" ,\t" ETAG " , \"c\""));
	ck_assert(inm("*"));
	ck_assert(!inm("\"5f3-1b\""));
	ck_assert(!inm("\"5f3-1a"));		/* unterminated */
	ck_assert(!inm("5f3-1a"));		/* unquoted */
	ck_assert(!inm(""));
	ck_assert(!inm("\"\""));
	ck_assert(!inm("junk, " ETAG));	/* malformed from there on */
	ck_assert(!inm("\"5f3-1a\"x"));
}
END_TEST

START_TEST(not_modified_decision)
{
	struct http_request r;

	memset(&r, 0, sizeof(r));
	ck_assert(!http_not_modified(&r, ETAG, strlen(ETAG), MTIME));
	r.if_modified_since = S("Sun, 06 Nov 1994 08:49:37 GMT");
	ck_assert(http_not_modified(&r, ETAG, strlen(ETAG), MTIME));
	ck_assert(http_not_modified(&r, ETAG, strlen(ETAG), MTIME - 1));
	ck_assert(!http_not_modified(&r, ETAG, strlen(ETAG), MTIME + 1));
	r.if_modified_since = S("yesterday");	/* invalid: ignored */
	ck_assert(!http_not_modified(&r, ETAG, strlen(ETAG), MTIME));
	/* If-None-Match wins over If-Modified-Since, both ways */
	r.if_modified_since = S("Sun, 06 Nov 1994 08:49:37 GMT");
	r.if_none_match = S("\"other\"");
	ck_assert(!http_not_modified(&r, ETAG, strlen(ETAG), MTIME));
	r.if_modified_since = S("Thu, 01 Jan 1970 00:00:00 GMT");
	r.if_none_match = S(ETAG);
	ck_assert(http_not_modified(&r, ETAG, strlen(ETAG), MTIME));
}
END_TEST

START_TEST(if_range)
{
	struct http_str none = { NULL, 0 };

	ck_assert(http_if_range_ok(none, ETAG, strlen(ETAG), MTIME));
	ck_assert(http_if_range_ok(S(ETAG), ETAG, strlen(ETAG), MTIME));
	ck_assert(!http_if_range_ok(S("\"other\""), ETAG, strlen(ETAG), MTIME));
	ck_assert(!http_if_range_ok(S("W/" ETAG), ETAG, strlen(ETAG), MTIME));
	ck_assert(http_if_range_ok(S("Sun, 06 Nov 1994 08:49:37 GMT"), ETAG,
				   strlen(ETAG), MTIME));
	ck_assert(!http_if_range_ok(S("Sun, 06 Nov 1994 08:49:38 GMT"), ETAG,
				    strlen(ETAG), MTIME));
	ck_assert(!http_if_range_ok(S("garbage"), ETAG, strlen(ETAG), MTIME));
	ck_assert(!http_if_range_ok(S("\""), ETAG, strlen(ETAG), MTIME));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("http_cond");
	TCase *tc = tcase_create("cond");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, if_none_match_lists);
	tcase_add_test(tc, not_modified_decision);
	tcase_add_test(tc, if_range);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
