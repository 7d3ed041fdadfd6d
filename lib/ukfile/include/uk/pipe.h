/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pipes (lib/ukfile/pipe.c): a read end and a write end sharing a 64 KiB
 * byte ring, as on Linux.  The C library's pipe()/pipe2() install them;
 * a file system's FIFO nodes (mkfifo) hold one each, whose ends their
 * opens make.
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

struct uk_pipe;

/* A FIFO node's pipe, with the node's reference (NULL: out of memory);
 * uk_fifo_put drops it when the node goes (open ends keep the pipe). */
struct uk_pipe *uk_fifo_new(void);
void uk_fifo_put(struct uk_pipe *p);

/*
 * Opens an end of p for flags (O_RDONLY, O_WRONLY or O_RDWR, O_NONBLOCK),
 * waiting as open() of a FIFO does for the other side; *out holds one
 * reference, the caller's.  0, -ENXIO (O_WRONLY|O_NONBLOCK with no
 * reader), -EINVAL, -ENOMEM.
 */
int uk_fifo_open(struct uk_pipe *p, int flags, struct uk_file **out);

#endif /* __UK_PIPE_H__ */
