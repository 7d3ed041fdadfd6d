/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's <setjmp.h>, plus the POSIX variants it declares only for Cygwin
 * and RTEMS: _setjmp/_longjmp (setjmp.S: the signal mask is never saved)
 * and sigsetjmp/siglongjmp, which save and restore it when asked.
 */
#ifndef __UK_NEWLIB_SETJMP_H__
#define __UK_NEWLIB_SETJMP_H__

#include_next <setjmp.h>
#include <signal.h>

#ifdef __cplusplus
extern "C" {
#endif

int _setjmp(jmp_buf env);
void _longjmp(jmp_buf env, int val) __attribute__((__noreturn__));

typedef struct {
	jmp_buf __env;
	int __saved;
	sigset_t __mask;
} sigjmp_buf[1];

/*
 * A macro: setjmp() must run in the caller's own frame.  The mask is
 * read before, so that a later siglongjmp() finds it.
 */
#define sigsetjmp(env, savemask)					\
	((env)->__saved = (savemask),					\
	 (env)->__saved ? (void)sigprocmask(SIG_BLOCK, 0, &(env)->__mask) \
			: (void)0,					\
	 setjmp((env)->__env))

void siglongjmp(sigjmp_buf env, int val) __attribute__((__noreturn__));

#ifdef __cplusplus
}
#endif

#endif /* __UK_NEWLIB_SETJMP_H__ */
