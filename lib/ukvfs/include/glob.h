/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's <glob.h> (BSD's), plus what POSIX adds and it lacks: glob()
 * (lib/ukvfs/posix_glob.c) says GLOB_NOMATCH when nothing matched, and
 * takes a backslash as an escape unless GLOB_NOESCAPE is given.
 */
#ifndef __UK_GLOB_H__
#define __UK_GLOB_H__

#include_next <glob.h>

#define GLOB_NOMATCH	(-3)		/* nothing matched */
#define GLOB_ABORTED	GLOB_ABEND	/* a folder could not be read */
#define GLOB_NOESCAPE	0x2000		/* a backslash is no escape */

#endif /* __UK_GLOB_H__ */
