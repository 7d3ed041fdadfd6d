/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The end of the program.  newlib's exit() runs the atexit handlers and
 * flushes stdio, then calls _exit(), which ends the VM with the status.
 * abort() gives a handler for SIGABRT its chance, then reports the abort
 * with a backtrace and ends the VM as a crash (non-zero).  A failed
 * assert() does the same with the assertion's text.
 */
#include <assert.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <uk/boot.h>
#include <uk/crash.h>
#include "glue.h"

void _exit(int status)
{
	uk_boot_shutdown(status);
}

void abort(void)
{
	sigset_t set = 1UL << SIGABRT;

	/* abort() is not stopped by blocking or ignoring SIGABRT */
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	newlib_signal_raise(SIGABRT);
	/* the handler returned, or SIGABRT was ignored */
	uk_panic("abort() called");
}

/*
 * newlib's version prints with fiprintf, which alone links 8 KiB of
 * formatting code into every image that asserts anything (newlib does,
 * internally).  The panic prints the same facts, and a backtrace.
 */
void __assert_func(const char *file, int line, const char *func,
		   const char *expr)
{
	uk_panic("assertion \"%s\" failed: file \"%s\", line %d%s%s", expr,
		 file, line, func ? ", function: " : "", func ? func : "");
}

void __assert(const char *file, int line, const char *expr)
{
	__assert_func(file, line, NULL, expr);
}
