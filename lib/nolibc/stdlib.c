/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <stdio.h>
#include <uk/boot.h>
#include <uk/crash.h>

#define ATEXIT_MAX 32

static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;
static unsigned long rand_state = 1;

int atexit(void (*fn)(void))
{
	if (atexit_count == ATEXIT_MAX)
		return -1;
	atexit_fns[atexit_count++] = fn;
	return 0;
}

void exit(int status)
{
	while (atexit_count > 0)
		atexit_fns[--atexit_count]();
	uk_boot_shutdown(status);
}

void _Exit(int status)
{
	uk_boot_shutdown(status);
}

void _exit(int status)
{
	uk_boot_shutdown(status);
}

void abort(void)
{
	uk_panic("abort() called");
}

void __assert_fail(const char *expr, const char *file, int line,
		   const char *func)
{
	uk_panic("assertion \"%s\" failed in %s() at %s:%d", expr, func, file,
		 line);
}

char *getenv(const char *name)
{
	return NULL;	/* nolibc has no environment */
}

int abs(int x)
{
	return x < 0 ? -x : x;
}

long labs(long x)
{
	return x < 0 ? -x : x;
}

long long llabs(long long x)
{
	return x < 0 ? -x : x;
}

int rand(void)
{
	/* A 64-bit LCG (Knuth's MMIX constants); the top bits are best. */
	rand_state = rand_state * 6364136223846793005UL + 1442695040888963407UL;
	return (int)(rand_state >> 33);
}

void srand(unsigned int seed)
{
	rand_state = seed;
}
