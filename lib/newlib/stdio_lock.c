/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flockfile() and friends: newlib declares them but, built for a bare
 * target, leaves them out.  They take the FILE's own recursive lock, the
 * one every stdio call takes (lock.c), so a thread can make several calls
 * (or use getc_unlocked) as one.  String streams (sprintf's) have no lock.
 */
#include <stdio.h>
#include <sys/lock.h>

void flockfile(FILE *fp)
{
	if (!(fp->_flags & __SSTR))
		__lock_acquire_recursive(fp->_lock);
}

int ftrylockfile(FILE *fp)
{
	if (fp->_flags & __SSTR)
		return 0;
	return __lock_try_acquire_recursive(fp->_lock) ? -1 : 0;
}

void funlockfile(FILE *fp)
{
	if (!(fp->_flags & __SSTR))
		__lock_release_recursive(fp->_lock);
}
