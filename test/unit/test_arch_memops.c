/*
 * arch/x86_64/memops.c: memcpy, memmove, memset and memcmp give the bytes
 * a plain byte loop gives, for every size 0..300 and every alignment
 * 0..15 of source and destination, memmove with overlaps both ways, and
 * touch nothing outside the destination.  The file is compiled with its
 * functions renamed (test/unit/arch.mk): memcpy here is the image's.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#define MAXN	300
#define ALIGNS	16
#define GUARD	32
#define BUF	(GUARD + ALIGNS + MAXN + ALIGNS + GUARD)

static uint8_t src[BUF] __attribute__((aligned(64)));
static uint8_t dst[BUF] __attribute__((aligned(64)));
static uint8_t want[BUF] __attribute__((aligned(64)));

/* Reference operations, a byte at a time; volatile keeps the compiler
 * from turning them into calls to the host's own functions. */
static void ref_move(volatile uint8_t *d, const volatile uint8_t *s, size_t n)
{
	size_t i;

	if (d < s) {
		for (i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		for (i = n; i-- > 0;)
			d[i] = s[i];
	}
}

static void ref_set(volatile uint8_t *d, uint8_t c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = c;
}

static void fill(uint8_t *b, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 131 + seed * 7 + (i >> 8) + 1);
}

/* First differing index, or -1. */
static long diff(const uint8_t *a, const uint8_t *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return (long)i;
	return -1;
}

START_TEST(test_memcpy_all)
{
	unsigned int sa, da;
	size_t n;

	for (n = 0; n <= MAXN; n++)
		for (sa = 0; sa < ALIGNS; sa++)
			for (da = 0; da < ALIGNS; da++) {
				uint8_t *d = dst + GUARD + da;
				void *r;
				long at;

				fill(src, BUF, (unsigned int)n);
				fill(dst, BUF, (unsigned int)n + 99);
				ref_move(want, dst, BUF);
				ref_move(want + GUARD + da, src + GUARD + sa, n);
				r = memcpy(d, src + GUARD + sa, n);
				at = diff(dst, want, BUF);
				ck_assert_msg(r == d, "memcpy returned %p, not %p",
					      r, (void *)d);
				ck_assert_msg(at < 0, "memcpy n=%zu src+%u dst+%u: "
					      "byte %ld wrong", n, sa, da,
					      at - GUARD - (long)da);
			}
}
END_TEST

START_TEST(test_memset_all)
{
	unsigned int da, c;
	size_t n;

	for (n = 0; n <= MAXN; n++)
		for (da = 0; da < ALIGNS; da++)
			for (c = 0; c < 3; c++) {
				/* 0, a byte with the top bit set, and an int
				 * whose upper bits must be ignored */
				int v = c == 0 ? 0 : c == 1 ? 0xa5 : 0x1234567f;
				uint8_t *d = dst + GUARD + da;
				void *r;
				long at;

				fill(dst, BUF, (unsigned int)n + c);
				ref_move(want, dst, BUF);
				ref_set(want + GUARD + da, (uint8_t)v, n);
				r = memset(d, v, n);
				at = diff(dst, want, BUF);
				ck_assert_msg(r == d, "memset returned %p", r);
				ck_assert_msg(at < 0, "memset n=%zu dst+%u c=%#x: "
					      "byte %ld wrong", n, da, v,
					      at - GUARD - (long)da);
			}
}
END_TEST

/* Within one buffer, dst - src from -(ALIGNS + 8) to ALIGNS + 8: every
 * overlap distance below a quadword and beyond, both directions. */
START_TEST(test_memmove_overlap)
{
	size_t n;
	int delta;
	unsigned int base;

	for (n = 0; n <= MAXN; n++)
		for (delta = -(ALIGNS + 8); delta <= ALIGNS + 8; delta++)
			for (base = 0; base < 8; base++) {
				size_t s = GUARD + ALIGNS + 8 + base;
				size_t d = (size_t)((long)s + delta);
				void *r;
				long at;

				fill(dst, BUF, (unsigned int)n);
				ref_move(want, dst, BUF);
				ref_move(want + d, want + s, n);
				r = memmove(dst + d, dst + s, n);
				at = diff(dst, want, BUF);
				ck_assert_msg(r == dst + d, "memmove returned %p",
					      r);
				ck_assert_msg(at < 0, "memmove n=%zu src+%zu "
					      "dst%+d: byte %ld wrong", n, s,
					      delta, at - (long)d);
			}
}
END_TEST

/* Separate buffers (no overlap), every alignment pair, both orders. */
START_TEST(test_memmove_apart)
{
	unsigned int sa, da, way;
	size_t n;

	for (n = 0; n <= MAXN; n++)
		for (sa = 0; sa < ALIGNS; sa++)
			for (da = 0; da < ALIGNS; da++)
				for (way = 0; way < 2; way++) {
					/* way 1: from dst's buffer to src's */
					uint8_t *from = way ? dst : src;
					uint8_t *to = way ? src : dst;
					long at;

					fill(from, BUF, (unsigned int)n + 5);
					fill(to, BUF, (unsigned int)n + 77);
					ref_move(want, to, BUF);
					ref_move(want + GUARD + da,
						 from + GUARD + sa, n);
					memmove(to + GUARD + da,
						from + GUARD + sa, n);
					at = diff(to, want, BUF);
					ck_assert_msg(at < 0, "memmove n=%zu "
						      "src+%u dst+%u way %u: "
						      "byte %ld wrong", n, sa,
						      da, way, at);
				}
}
END_TEST

START_TEST(test_memcmp)
{
	size_t n, i;

	fill(src, BUF, 3);
	ref_move(dst, src, BUF);
	for (n = 0; n <= MAXN; n++) {
		ck_assert_int_eq(memcmp(dst + 1, src + 1, n), 0);
		for (i = 0; i < n; i++) {
			int up;

			dst[1 + i] = (uint8_t)(src[1 + i] ^ 0x80);
			up = dst[1 + i] > src[1 + i];
			ck_assert_msg((memcmp(dst + 1, src + 1, n) > 0) == up &&
				      (memcmp(src + 1, dst + 1, n) < 0) == up &&
				      memcmp(dst + 1, src + 1, n) != 0,
				      "memcmp n=%zu, differing at %zu", n, i);
			dst[1 + i] = src[1 + i];
		}
	}
	/* bytes compare as unsigned */
	src[0] = 0x80;
	dst[0] = 0x7f;
	ck_assert_int_gt(memcmp(src, dst, 1), 0);
}
END_TEST

/* Large copies: quadword bulk with the tail, past any small-size path. */
START_TEST(test_large)
{
	static uint8_t a[1 << 16], b[(1 << 16) + 16];
	size_t n;

	for (n = (1 << 16) - 9; n <= (1 << 16); n++) {
		fill(a, sizeof(a), (unsigned int)n);
		memset(b, 0xee, sizeof(b));
		memcpy(b + 3, a, n);
		ck_assert_int_eq(diff(b + 3, a, n), -1);
		ck_assert_int_eq(b[2], 0xee);
		ck_assert_int_eq(b[3 + n], 0xee);
		memmove(b + 8, b + 3, n);	/* up, overlapping */
		ck_assert_int_eq(diff(b + 8, a, n), -1);
		memmove(b + 1, b + 8, n);	/* down, overlapping */
		ck_assert_int_eq(diff(b + 1, a, n), -1);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("arch_memops");
	TCase *tc = tcase_create("memops");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_memcpy_all);
	tcase_add_test(tc, test_memset_all);
	tcase_add_test(tc, test_memmove_overlap);
	tcase_add_test(tc, test_memmove_apart);
	tcase_add_test(tc, test_memcmp);
	tcase_add_test(tc, test_large);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
