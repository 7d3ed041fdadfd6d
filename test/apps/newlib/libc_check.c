/*
 * An ordinary C program exercising the C library.  test_newlib.py builds
 * it twice: as the main.c of a helloworld copy with newlib, booted in
 * QEMU, and with the host's gcc and glibc; the two outputs must be equal
 * line for line.  So it prints nothing that legitimately differs between
 * the two (addresses, errno numbers, strerror texts, the current time).
 *
 * Usage: libc_check HOST_TIME (seconds since 1970, from the host).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void check_printf(void)
{
	long long big = LLONG_MIN;
	unsigned long long ubig = ULLONG_MAX;
	signed char hh = -5;
	short h = -1234;
	size_t z = 123456789;
	ptrdiff_t t = -42;
	intmax_t j = INTMAX_MAX;
	char buf[64];
	int n = 0;

	printf("ints: [%d] [%i] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d]\n",
	       42, -42, 42, 42, 42, 42, 42, 7);
	printf("unsigned: [%u] [%x] [%X] [%o] [%#x] [%#o] [%#X]\n",
	       3000000000u, 0xbeefu, 0xbeefu, 8u, 255u, 8u, 255u);
	printf("lengths: [%hhd] [%hd] [%ld] [%lld] [%llu] [%zu] [%td] [%jd]\n",
	       hh, h, LONG_MAX, big, ubig, z, t, j);
	printf("chars: [%c] [%s] [%10s] [%-10s] [%.3s] [%*d] [%-*d] [%%]\n",
	       'x', "str", "right", "left", "truncate", 6, 9, 6, 9);
	printf("floats f: [%f] [%.2f] [%10.3f] [%-10.1f] [%+.0f] [%F]\n",
	       3.14159265, 2.675, -1.5, 0.25, 2.5, 1e10);
	printf("floats e: [%e] [%.3e] [%E] [%12.4e] [%e]\n",
	       12345.6789, 0.000123456, 1e-300, -6.02214076e23, 0.0);
	printf("floats g: [%g] [%g] [%g] [%.3g] [%G] [%#g] [%g]\n",
	       100000.0, 1000000.0, 0.0001, 3.14159, 1e-20, 1.0, 123.456);
	printf("floats a: [%a] [%A] [%a]\n", 1.0, 0.5, -3.75);
	printf("specials: [%f] [%f] [%e] [%g]\n", INFINITY, -INFINITY,
	       (double)NAN, -0.0);
	printf("count:%n [%d]\n", &n, 0);
	printf("n = %d\n", n);
	snprintf(buf, sizeof(buf), "%p", (void *)buf);
	printf("%%p starts with 0x: %s\n", strncmp(buf, "0x", 2) ? "no" : "yes");
}

static void check_snprintf(void)
{
	char buf[8];
	int r;

	memset(buf, '#', sizeof(buf));
	r = snprintf(buf, sizeof(buf), "%s-%d", "truncated", 12345);
	printf("snprintf: returned %d, buffer \"%s\", last byte %d\n", r, buf,
	       buf[sizeof(buf) - 1]);
	r = snprintf(NULL, 0, "%08.3f", 3.14159);
	printf("snprintf(NULL, 0): %d\n", r);
	r = snprintf(buf, 1, "abc");
	printf("snprintf size 1: %d \"%s\"\n", r, buf);
}

static void check_strto(void)
{
	const char *dbl[] = { "3.14159", "  -2.5e-3xyz", "1e308", "0x1.8p1",
			      "inf", "nan", "1e400", ".5", "" };
	const char *lng[] = { "42", "-0x1F", "0755", "  +17 apples",
			      "9223372036854775808", "-9223372036854775809",
			      "0x10", "zz", "0x", "0xg", "-0Xz", "0x1p" };
	unsigned int i;
	char *end;

	for (i = 0; i < sizeof(dbl) / sizeof(dbl[0]); i++) {
		double d;

		errno = 0;
		d = strtod(dbl[i], &end);
		printf("strtod(\"%s\") = %.10g, consumed %d, ERANGE %s\n",
		       dbl[i], d, (int)(end - dbl[i]),
		       errno == ERANGE ? "yes" : "no");
	}
	for (i = 0; i < sizeof(lng) / sizeof(lng[0]); i++) {
		long l;

		errno = 0;
		l = strtol(lng[i], &end, 0);
		printf("strtol(\"%s\", 0) = %ld, consumed %d, ERANGE %s\n",
		       lng[i], l, (int)(end - lng[i]),
		       errno == ERANGE ? "yes" : "no");
	}
	printf("strtol hex: %ld, octal: %ld, base 36: %ld\n",
	       strtol("ff", NULL, 16), strtol("777", NULL, 8),
	       strtol("zz", NULL, 36));
	{
		/* "0x" with no hex digit after it: 0, the end after the 0 */
		const char *t = "0xq";
		unsigned long long v;

		v = strtoull(t, &end, 16);
		printf("strtoull(\"0xq\", 16) = %llu, consumed %d\n", v,
		       (int)(end - t));
		v = (unsigned long long)strtoll(t, &end, 0);
		printf("strtoll(\"0xq\", 0) = %llu, consumed %d\n", v,
		       (int)(end - t));
		v = strtoul(t, &end, 0);
		printf("strtoul(\"0xq\", 0) = %llu, consumed %d\n", v,
		       (int)(end - t));
	}
	printf("strtoul: %lu %lu %lu %lu\n",
	       strtoul("0xffffffffffffffff", NULL, 0),
	       strtoul("0777", NULL, 0), strtoul("-1", NULL, 10),
	       strtoul("1010", NULL, 2));
	{
		unsigned long u;

		errno = 0;
		u = strtoul("18446744073709551616", NULL, 10);
		printf("strtoul overflow: %lu, ERANGE %s\n", u,
		       errno == ERANGE ? "yes" : "no");
	}
	printf("strtoll: %lld, strtoull: %llu, atoi: %d, atol: %ld\n",
	       strtoll("-0x7fffffffffffffff", NULL, 16),
	       strtoull("01777777777777777777777", NULL, 8), atoi(" -123x"),
	       atol("456"));
	printf("sscanf: ");
	{
		int a = 0, b = 0;
		double x = 0;
		char word[16] = "";
		int got = sscanf("12 0x1f 2.5e1 word", "%d %i %lf %15s", &a,
				 &b, &x, word);

		printf("%d fields: %d %d %g %s\n", got, a, b, x, word);
	}
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void check_qsort(void)
{
	int v[] = { 5, -3, 99, 0, 42, 7, 7, -100, 13, 1 };
	const char *s[] = { "pear", "apple", "fig", "banana", "cherry" };
	unsigned int i, n = sizeof(v) / sizeof(v[0]);
	int key = 42, *found;

	qsort(v, n, sizeof(v[0]), cmp_int);
	printf("qsort ints:");
	for (i = 0; i < n; i++)
		printf(" %d", v[i]);
	qsort(s, 5, sizeof(s[0]), cmp_str);
	printf("\nqsort strings:");
	for (i = 0; i < 5; i++)
		printf(" %s", s[i]);
	found = bsearch(&key, v, n, sizeof(v[0]), cmp_int);
	printf("\nbsearch 42: index %d\n", found ? (int)(found - v) : -1);
}

static void check_libm(void)
{
	volatile double two = 2.0, one = 1.0, ten = 10.0, half = 0.5;

	printf("sqrt(2) = %.12g\n", sqrt(two));
	printf("sin(1) = %.12g, cos(1) = %.12g, tan(1) = %.12g\n", sin(one),
	       cos(one), tan(one));
	printf("exp(1) = %.12g, log(10) = %.12g, log10(1000) = %.12g\n",
	       exp(one), log(ten), log10(1000.0 * one));
	printf("pow(2, 0.5) = %.12g, pow(10, -2) = %.12g, pow(2, 10) = %g\n",
	       pow(two, half), pow(ten, -two), pow(two, ten));
	printf("atan2(1, 1) * 4 = %.12g, fabs(-3) = %g, floor(-2.5) = %g, "
	       "ceil(2.1) = %g, fmod(10, 3) = %g\n", atan2(one, one) * 4,
	       fabs(-3 * one), floor(-2.5 * one), ceil(2.1 * one),
	       fmod(ten, 3.0));
	printf("sqrt(-1) is nan: %d, log(0) = %g, isinf(exp(1000)): %d\n",
	       isnan(sqrt(-one)), log(0.0 * one), isinf(exp(1000 * one)));
	printf("round(2.5) = %g, trunc(-2.7) = %g, hypot(3, 4) = %g\n",
	       round(2.5 * one), trunc(-2.7 * one), hypot(3 * one, 4 * one));
}

static jmp_buf jb;

static void __attribute__((noinline)) jump_deep(int depth)
{
	if (depth == 0)
		longjmp(jb, 7);
	jump_deep(depth - 1);
	printf("not reached\n");
}

static void check_setjmp(void)
{
	volatile int passes = 0;
	int r;

	r = setjmp(jb);
	passes++;
	if (r == 0) {
		printf("setjmp returned 0\n");
		jump_deep(5);
	}
	printf("longjmp delivered %d after %d passes\n", r, passes);
	if (setjmp(jb) == 0)
		longjmp(jb, 0);	/* longjmp(0) makes setjmp return 1 */
	else
		printf("longjmp(0) gives 1\n");
}

static void check_ctype(void)
{
	char line[129];
	int c;

	/* one letter per character class */
	for (c = 0; c < 128; c++) {
		line[c] = isdigit(c) ? 'd' : isupper(c) ? 'U' : islower(c) ?
			'l' : isspace(c) ? 's' : ispunct(c) ? 'p' :
			iscntrl(c) ? 'c' : '?';
	}
	line[128] = '\0';
	printf("ctype: %s\n", line);
	printf("isxdigit(F)=%d isalnum(_)=%d isprint(~)=%d isgraph(' ')=%d "
	       "isblank('\\t')=%d\n", !!isxdigit('F'), !!isalnum('_'),
	       !!isprint('~'), !!isgraph(' '), !!isblank('\t'));
	printf("toupper: %c%c%c tolower: %c%c%c\n", toupper('a'),
	       toupper('z'), toupper('5'), tolower('A'), tolower('Z'),
	       tolower('!'));
}

static void check_malloc(void)
{
	size_t size = 6u << 20, i;
	unsigned char *p = malloc(size), *q;
	unsigned long sum = 0;
	void *al = NULL;
	int rc;

	if (!p) {
		printf("malloc 6 MiB failed\n");
		return;
	}
	for (i = 0; i < size; i++)
		p[i] = (unsigned char)(i * 7);
	q = realloc(p, 12u << 20);
	if (!q) {
		printf("realloc 12 MiB failed\n");
		free(p);
		return;
	}
	memset(q + size, 0xab, 6u << 20);
	for (i = 0; i < size; i++) {
		if (q[i] != (unsigned char)(i * 7))
			break;
		sum += q[i];
	}
	printf("malloc 6 MiB + realloc to 12 MiB: contents kept %s, sum %lu, "
	       "tail %02x\n", i == size ? "yes" : "no", sum, q[(12u << 20) - 1]);
	q = realloc(q, 1000);
	printf("realloc down to 1000 bytes: first bytes %d %d %d\n", q[0], q[1],
	       q[999]);
	free(q);

	rc = posix_memalign(&al, 4096, 10000);
	printf("posix_memalign(4096): %d, aligned %s\n", rc,
	       rc == 0 && ((uintptr_t)al & 4095) == 0 ? "yes" : "no");
	free(al);
	rc = posix_memalign(&al, 24, 100);
	printf("posix_memalign(24): EINVAL %s\n", rc == EINVAL ? "yes" : "no");
	p = calloc(1000, 1000);
	for (i = 0, sum = 0; p && i < 1000000; i++)
		sum += p[i];
	printf("calloc 1000x1000: %s, sum %lu\n", p ? "ok" : "NULL", sum);
	free(p);
	{
		char *d = strdup("duplicated");

		printf("strdup: %s\n", d);
		free(d);
	}
}

static void check_files(void)
{
	FILE *f;

	errno = 0;
	f = fopen("/this/file/does/not/exist", "r");
	printf("fopen missing file: %s, errno set %s\n", f ? "opened" : "NULL",
	       errno != 0 ? "yes" : "no");
	if (f)
		fclose(f);
}

static void check_time(const char *host)
{
	time_t now = time(NULL), ref = (time_t)strtoll(host, NULL, 10);
	time_t fixed = 1700000000;	/* 2023-11-14 22:13:20 UTC */
	struct tm tm;
	char buf[128];
	long diff = (long)(now - ref);

	printf("time() within 5 minutes of the host's: %s\n",
	       diff > -300 && diff < 300 ? "yes" : "no");
	gmtime_r(&fixed, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a %A %b %B %j %u %w "
		 "%y %e %I %p %%", &tm);
	printf("strftime: %s\n", buf);
	printf("tm: year %d mon %d mday %d yday %d wday %d\n", tm.tm_year,
	       tm.tm_mon, tm.tm_mday, tm.tm_yday, tm.tm_wday);
	tm.tm_mday += 30;	/* mktime normalises, in UTC (no TZ set) */
	printf("timegm-ish: %lld\n", (long long)(mktime(&tm) - fixed));
	gmtime_r(&now, &tm);
	printf("current year plausible: %s\n",
	       tm.tm_year + 1900 >= 2024 && tm.tm_year + 1900 < 2100 ?
	       "yes" : "no");
}

static void check_strings(void)
{
	char buf[64] = "alpha,beta,,gamma";
	char *tok, *save;

	printf("strtok_r:");
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		printf(" [%s]", tok);
	printf("\nstrstr: %s, strrchr: %s, strspn: %zu, strcspn: %zu\n",
	       strstr("haystack with needle", "needle"),
	       strrchr("a/b/c", '/'), strspn("aaab", "a"),
	       strcspn("hello world", " "));
	printf("memcmp: %d %d, strncmp: %d, strcasecmp: %d\n",
	       memcmp("abc", "abd", 3) < 0, memcmp("abc", "abc", 3),
	       strncmp("abcdef", "abcxyz", 3), strcasecmp("HeLLo", "hello"));
}

static void bye(void)
{
	/* the last line, without newline: exit() must flush it */
	printf("atexit handler 1 ran last");
}

static void bye2(void)
{
	printf("atexit handler 2 ran first\n");
}

int main(int argc, char *argv[])
{
	printf("=== libc check\n");
	if (argc < 2) {
		printf("usage: libc_check HOST_TIME\n");
		return 2;
	}
	atexit(bye);
	atexit(bye2);
	check_printf();
	check_snprintf();
	check_strto();
	check_qsort();
	check_libm();
	check_setjmp();
	check_ctype();
	check_malloc();
	check_files();
	check_time(argv[1]);
	check_strings();
	printf("=== done\n");
	return 0;
}
