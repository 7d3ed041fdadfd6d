/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unikit's additions to newlib's configuration header.  Every newlib
 * header includes <newlib.h> first (through <_ansi.h>); this one is found
 * before the one newlib's configure generated and adds what describes our
 * system rather than newlib's build.
 */
#ifndef __UK_NEWLIB_H_OVERRIDE__
#define __UK_NEWLIB_H_OVERRIDE__

#include_next <newlib.h>

/*
 * _REENT (errno, stdio state, strtok...) is __getreent() (lib/newlib/
 * reent.c), so each thread can have its own.  newlib is compiled with the
 * same definition (Makefile.uk), which the layout of its code depends on.
 */
#ifndef __DYNAMIC_REENT__
#define __DYNAMIC_REENT__ 1
#endif

/*
 * read() and write() return ssize_t, as POSIX says (newlib's default is
 * int).  Also part of newlib's build flags: its stdio uses this type.
 */
#ifndef _READ_WRITE_RETURN_TYPE
#define _READ_WRITE_RETURN_TYPE _ssize_t
#endif

/*
 * select()'s sets hold descriptors below 1024, as on Linux (newlib says
 * 64: FD_SET() wrote past the set once a program had 64 files and sockets
 * open).  lib/ukfile/select.c reads nfds bits, so a program may define a
 * larger FD_SETSIZE before its first include.
 */
#ifndef FD_SETSIZE
#define FD_SETSIZE 1024
#endif

/*
 * POSIX options the glue implements: clock_gettime with CLOCK_REALTIME
 * and CLOCK_MONOTONIC, clock_nanosleep, nanosleep.  newlib declares them
 * only when these say so.
 */
#ifndef _POSIX_TIMERS
#define _POSIX_TIMERS			200809L
#endif
#ifndef _POSIX_MONOTONIC_CLOCK
#define _POSIX_MONOTONIC_CLOCK		200809L
#endif
#ifndef _POSIX_CLOCK_SELECTION
#define _POSIX_CLOCK_SELECTION		200809L
#endif

#endif /* __UK_NEWLIB_H_OVERRIDE__ */
