/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pipes (lib/ukfile/pipe.c): a read end and a write end sharing a 64 KiB
 * byte ring, as on Linux.  The C library's pipe()/pipe2() install them.
 */
#ifndef __UK_PIPE_H__
#define __UK_PIPE_H__

#include <uk/file.h>

/* Writes of at most this many bytes are never interleaved with others
 * (newlib's PIPE_BUF, 512, is smaller; Linux's is this). */
#define UK_PIPE_ATOMIC	4096
#define UK_PIPE_SIZE	(64 * 1024)

/*
 * Makes a pipe: *rd and *wr each hold one reference, the caller's.
 * flags: 0 or O_NONBLOCK (for both ends).  Returns 0 or -ENOMEM.
 */
int uk_pipe_create(struct uk_file **rd, struct uk_file **wr, int flags);

#endif /* __UK_PIPE_H__ */
