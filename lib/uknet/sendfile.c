/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sendfile(): file to socket.  When the file's bytes already sit in
 * memory (initrd and ramfs files, uk_vfs_file_mem), they are handed to
 * TCP by reference: the file stays referenced until the last segment
 * holding its bytes is acknowledged and off the device (pin.c).  Other
 * files, and other destinations, go through a buffer: read, then write.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/sendfile.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/file.h>
#if CONFIG_LIBUKVFS
#include <uk/vfs.h>
#endif
#include "sock.h"
#include "uknet.h"

#define COPY_CHUNK (64 * 1024)

static ssize_t fail(ssize_t rc)
{
	errno = (int)-rc;
	return -1;
}

#if CONFIG_LIBUKVFS
static void unpin_file(void *arg)
{
	uk_file_put(arg);
}
#endif

/* Through a buffer; pos < 0: the file has no position (read()). */
static ssize_t copy_loop(struct uk_file *out, struct uk_file *in, off_t pos,
			 size_t count)
{
	size_t total = 0;
	ssize_t rc = 0;
	char *buf;

	if (!out->ops->write || !in->ops->read)
		return -EINVAL;
	buf = uk_malloc(UK_MIN(count, (size_t)COPY_CHUNK) + 1);
	if (!buf)
		return -ENOMEM;
	while (total < count) {
		size_t want = UK_MIN(count - total, (size_t)COPY_CHUNK);
		ssize_t got, put = 0;

		if (pos >= 0 && in->ops->pread)
			got = in->ops->pread(in, buf, want, pos + total);
		else
			got = in->ops->read(in, buf, want);
		if (got <= 0) {
			rc = got;
			break;
		}
		while (put < got) {
			ssize_t w = out->ops->write(out, buf + put, got - put);

			if (w <= 0) {
				rc = w ? w : -EIO;
				break;
			}
			put += w;
		}
		total += put;
		if (put < got || got < (ssize_t)want)
			break;
	}
	uk_free(buf);
	return total ? (ssize_t)total : rc;
}

ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count)
{
	struct uk_file *out = uk_fd_get(out_fd), *in = uk_fd_get(in_fd);
	struct sock *s = sock_of(out);
	off_t pos = -1;
	ssize_t rc;

	if (!out || !in) {
		rc = -EBADF;
		goto out;
	}
	if ((in->flags & O_ACCMODE) == O_WRONLY ||
	    (out->flags & O_ACCMODE) == O_RDONLY) {
		rc = -EBADF;
		goto out;
	}
	if (offset) {
		if (*offset < 0) {
			rc = -EINVAL;
			goto out;
		}
		pos = *offset;
	} else if (in->ops->lseek) {
		pos = in->ops->lseek(in, 0, SEEK_CUR);
		if (pos < 0)
			pos = -1;
	}
	if (!count) {
		rc = 0;
		goto out;
	}
#if CONFIG_LIBUKVFS
	if (s && s->type == SOCK_STREAM && pos >= 0) {
		const void *data;
		size_t len;

		if (uk_vfs_file_mem(in, &data, &len) == 0) {
			size_t n = (size_t)pos >= len ? 0 :
				   UK_MIN(count, len - (size_t)pos);

			if (!n) {
				rc = 0;
				goto out;
			}
			uk_file_get(in);	/* the pin's */
			rc = sock_send_nocopy(s, (const char *)data + pos, n,
					      0, unpin_file, in);
			if (rc > 0)
				__atomic_add_fetch(&uk_net_sendfile_ref, rc,
						   __ATOMIC_RELAXED);
			goto moved;
		}
	}
#else
	(void)s;
#endif
	if (offset && !in->ops->pread && in->ops->lseek) {
		/* the position must not move: seek there and back */
		off_t saved = in->ops->lseek(in, 0, SEEK_CUR);

		in->ops->lseek(in, pos, SEEK_SET);
		rc = copy_loop(out, in, -1, count);
		in->ops->lseek(in, saved, SEEK_SET);
	} else {
		rc = copy_loop(out, in, pos, count);
	}
	if (rc > 0)
		__atomic_add_fetch(&uk_net_sendfile_copy, rc, __ATOMIC_RELAXED);
#if CONFIG_LIBUKVFS
moved:
#endif
	/* the new position: *offset, or the file's (also after a short
	 * write, where read() went further) */
	if (rc > 0 && pos >= 0) {
		if (offset)
			*offset = pos + rc;
		else if (in->ops->lseek)
			in->ops->lseek(in, pos + rc, SEEK_SET);
	}
out:
	if (out)
		uk_file_put(out);
	if (in)
		uk_file_put(in);
	return rc < 0 ? fail(rc) : rc;
}
