/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX glob() over newlib's BSD one.  newlib's libc/posix/glob.c is
 * compiled right here (its glob renamed), from the source lib/newlib
 * unpacked; the POSIX differences are handled around it: a backslash
 * escapes unless GLOB_NOESCAPE (BSD: only with GLOB_QUOTE), and no match
 * without GLOB_NOCHECK is GLOB_NOMATCH (BSD: success with no paths).
 */
#define glob newlib_bsd_glob
#include UK_NEWLIB_GLOB_C
#undef glob

int glob(const char *pattern, int flags,
	 int (*errfunc)(const char *path, int err), glob_t *g)
{
	int bsd = flags & (GLOB_APPEND | GLOB_DOOFFS | GLOB_ERR | GLOB_MARK |
			   GLOB_NOCHECK | GLOB_NOSORT);
	int rc;

	if (!(flags & GLOB_NOESCAPE))
		bsd |= GLOB_QUOTE;
	rc = newlib_bsd_glob(pattern, bsd, errfunc, g);
	if (rc == 0 && g->gl_matchc == 0 && !(flags & GLOB_NOCHECK))
		return GLOB_NOMATCH;
	return rc;
}
