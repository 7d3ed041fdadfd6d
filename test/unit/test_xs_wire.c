/* The xenstore wire format (plat/xen/xs_wire.c). */
#include <check.h>
#include <errno.h>
#include <string.h>
#include "xs_wire.h"

static char ring[XENSTORE_RING_SIZE];
static struct xs_reader rd;

/* Puts a message (header + body) into ring at *prod, wrapping. */
static void put_msg(uint32_t *prod, uint32_t type, uint32_t id,
		    const void *body, uint32_t len)
{
	struct xsd_sockmsg h = { .type = type, .req_id = id, .len = len };
	uint32_t cons = *prod;	/* the reader has consumed everything */

	ck_assert_uint_eq(xs_ring_put(ring, cons, prod, &h, sizeof(h)), sizeof(h));
	ck_assert_uint_eq(xs_ring_put(ring, cons, prod, body, len), len);
}

START_TEST(whole_message)
{
	uint32_t prod = 0, cons = 0;

	memset(&rd, 0, sizeof(rd));
	put_msg(&prod, XS_READ, 7, "value", 5);
	ck_assert_int_eq(xs_reader_feed(&rd, ring, &cons, prod), 1);
	ck_assert_uint_eq(cons, prod);
	ck_assert_uint_eq(rd.hdr.type, XS_READ);
	ck_assert_uint_eq(rd.hdr.req_id, 7);
	ck_assert_str_eq(rd.body, "value");
}
END_TEST

START_TEST(wraps_around_the_ring)
{
	uint32_t prod = XENSTORE_RING_SIZE - 10, cons = prod;

	memset(&rd, 0, sizeof(rd));
	put_msg(&prod, XS_WRITE, 1, "OK", 3);
	ck_assert_int_eq(xs_reader_feed(&rd, ring, &cons, prod), 1);
	ck_assert_str_eq(rd.body, "OK");
	ck_assert_uint_eq(cons, XENSTORE_RING_SIZE + 9);
}
END_TEST

START_TEST(free_running_indexes_overflow)
{
	uint32_t prod = 0xfffffff8u, cons = prod;

	memset(&rd, 0, sizeof(rd));
	put_msg(&prod, XS_READ, 2, "x", 1);
	ck_assert_int_eq(xs_reader_feed(&rd, ring, &cons, prod), 1);
	ck_assert_str_eq(rd.body, "x");
}
END_TEST

START_TEST(byte_by_byte)
{
	uint32_t prod = 100, cons = 100, avail = 100, end;
	int rc = 0;

	memset(&rd, 0, sizeof(rd));
	put_msg(&prod, XS_DIRECTORY, 3, "a\0b\0", 4);
	end = prod;
	while (avail < end) {
		avail++;
		rc = xs_reader_feed(&rd, ring, &cons, avail);
		ck_assert_int_eq(rc, avail == end ? 1 : 0);
	}
	ck_assert_int_eq(rc, 1);
	ck_assert_uint_eq(rd.hdr.len, 4);
	ck_assert_mem_eq(rd.body, "a\0b\0", 4);
}
END_TEST

START_TEST(stops_at_the_message_end)
{
	uint32_t prod = 0, cons = 0;

	memset(&rd, 0, sizeof(rd));
	put_msg(&prod, XS_READ, 1, "one", 3);
	put_msg(&prod, XS_READ, 2, "two", 3);
	ck_assert_int_eq(xs_reader_feed(&rd, ring, &cons, prod), 1);
	ck_assert_str_eq(rd.body, "one");
	ck_assert_uint_eq(cons, sizeof(struct xsd_sockmsg) + 3);
	rd.got = 0;
	ck_assert_int_eq(xs_reader_feed(&rd, ring, &cons, prod), 1);
	ck_assert_str_eq(rd.body, "two");
}
END_TEST

START_TEST(body_larger_than_the_ring)
{
	static char big[3000];
	uint32_t prod = 0, cons = 0, sent = 0;
	struct xsd_sockmsg h = { .type = XS_READ, .req_id = 9, .len = sizeof(big) };
	int rc = 0;

	memset(big, 'z', sizeof(big));
	memset(&rd, 0, sizeof(rd));
	xs_ring_put(ring, cons, &prod, &h, sizeof(h));
	while (sent < sizeof(big)) {
		sent += xs_ring_put(ring, cons, &prod, big + sent, sizeof(big) - sent);
		rc = xs_reader_feed(&rd, ring, &cons, prod);
	}
	ck_assert_int_eq(rc, 1);
	ck_assert_uint_eq(rd.hdr.len, sizeof(big));
	ck_assert_int_eq(rd.body[2999], 'z');
	ck_assert_int_eq(rd.body[3000], '\0');
}
END_TEST

START_TEST(too_long_body_is_a_protocol_error)
{
	uint32_t prod = 0, cons = 0;
	struct xsd_sockmsg h = { .type = XS_READ, .len = XENSTORE_PAYLOAD_MAX + 1 };

	memset(&rd, 0, sizeof(rd));
	xs_ring_put(ring, cons, &prod, &h, sizeof(h));
	ck_assert_int_eq(xs_reader_feed(&rd, ring, &cons, prod), -EPROTO);
}
END_TEST

START_TEST(bad_indexes_are_a_protocol_error)
{
	uint32_t cons = 0;

	memset(&rd, 0, sizeof(rd));
	ck_assert_int_eq(xs_reader_feed(&rd, ring, &cons, XENSTORE_RING_SIZE + 1),
			 -EPROTO);
	ck_assert_uint_eq(cons, 0);
}
END_TEST

START_TEST(ring_put_stops_when_full)
{
	static char data[XENSTORE_RING_SIZE + 100];
	uint32_t prod = 5;

	ck_assert_uint_eq(xs_ring_put(ring, 0, &prod, data, sizeof(data)),
			  XENSTORE_RING_SIZE - 5);
	ck_assert_uint_eq(prod, XENSTORE_RING_SIZE);
	ck_assert_uint_eq(xs_ring_put(ring, 0, &prod, data, 1), 0);
	/* A consumer ahead of the producer (corrupt) leaves nothing. */
	prod = 0;
	ck_assert_uint_eq(xs_ring_put(ring, 10, &prod, data, 1), 0);
}
END_TEST

START_TEST(error_strings)
{
	ck_assert_int_eq(xs_error_to_errno("ENOENT", 7), -ENOENT);
	ck_assert_int_eq(xs_error_to_errno("EACCES", 6), -EACCES);
	ck_assert_int_eq(xs_error_to_errno("EAGAIN", 7), -EAGAIN);
	ck_assert_int_eq(xs_error_to_errno("ENOENTX", 8), -EIO);
	ck_assert_int_eq(xs_error_to_errno("ENO", 4), -EIO);
	ck_assert_int_eq(xs_error_to_errno("", 0), -EIO);
}
END_TEST

START_TEST(watch_events)
{
	const char *path, *token;

	ck_assert_int_eq(xs_watch_event_parse("a/b\0tok\0", 8, &path, &token), 0);
	ck_assert_str_eq(path, "a/b");
	ck_assert_str_eq(token, "tok");
	ck_assert_int_eq(xs_watch_event_parse("a/b\0tok", 7, &path, &token), -EPROTO);
	ck_assert_int_eq(xs_watch_event_parse("a/b", 3, &path, &token), -EPROTO);
	ck_assert_int_eq(xs_watch_event_parse("\0tok\0", 5, &path, &token), -EPROTO);
	ck_assert_int_eq(xs_watch_event_parse("", 0, &path, &token), -EPROTO);
}
END_TEST

START_TEST(numbers)
{
	unsigned long v;

	ck_assert_int_eq(xs_parse_ulong("42", 2, &v), 0);
	ck_assert_uint_eq(v, 42);
	ck_assert_int_eq(xs_parse_ulong("4x", 2, &v), -EINVAL);
	ck_assert_int_eq(xs_parse_ulong("", 0, &v), -EINVAL);
	ck_assert_int_eq(xs_parse_ulong("-1", 2, &v), -EINVAL);
	ck_assert_int_eq(xs_parse_ulong("99999999999999999999999", 23, &v), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("xs_wire");
	TCase *tc = tcase_create("reader");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, whole_message);
	tcase_add_test(tc, wraps_around_the_ring);
	tcase_add_test(tc, free_running_indexes_overflow);
	tcase_add_test(tc, byte_by_byte);
	tcase_add_test(tc, stops_at_the_message_end);
	tcase_add_test(tc, body_larger_than_the_ring);
	tcase_add_test(tc, too_long_body_is_a_protocol_error);
	tcase_add_test(tc, bad_indexes_are_a_protocol_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("strings");
	tcase_add_test(tc, ring_put_stops_when_full);
	tcase_add_test(tc, error_strings);
	tcase_add_test(tc, watch_events);
	tcase_add_test(tc, numbers);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
