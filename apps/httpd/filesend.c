/*
 * File content to a socket.  See filesend.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "filesend.h"

#ifdef CONFIG_APP_HTTPD_SENDFILE
#if defined(__has_include)
#if __has_include(<sys/sendfile.h>)
#include <sys/sendfile.h>
#define HTTPD_SENDFILE_DECLARED 1
#endif
#endif
#ifndef HTTPD_SENDFILE_DECLARED
/* The Linux signature, which Unikit's sendfile follows. */
ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count);
#endif
#endif

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

void file_body_init(struct file_body *b, int fd, uint64_t off, uint64_t len,
		    bool use_sendfile, size_t bsize)
{
	b->fd = fd;
	b->off = off;
	b->left = len;
#ifdef CONFIG_APP_HTTPD_SENDFILE
	b->use_sendfile = use_sendfile;
#else
	(void)use_sendfile;
	b->use_sendfile = false;
#endif
	b->sendfile_refused = false;
	b->buf = NULL;
	b->bsize = bsize;
	b->bpos = b->blen = 0;
}

static bool would_block(int err)
{
	return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

#ifdef CONFIG_APP_HTTPD_SENDFILE
static enum file_send_result send_with_sendfile(int sock, struct file_body *b,
						size_t budget, uint64_t *sent)
{
	while (b->left && budget) {
		off_t off = (off_t)b->off;
		size_t n = b->left < budget ? (size_t)b->left : budget;
		ssize_t w;

		if (n > (1u << 30))
			n = 1u << 30;
		w = sendfile(sock, b->fd, &off, n);
		if (w < 0) {
			if (would_block(errno))
				return FILE_SEND_AGAIN;
			if (errno == EINVAL || errno == ENOSYS ||
			    errno == EOPNOTSUPP) {
				/* this file system cannot: fall back for good */
				b->use_sendfile = false;
				b->sendfile_refused = true;
				return FILE_SEND_AGAIN;
			}
			return FILE_SEND_ERROR;
		}
		if (w == 0)
			return FILE_SEND_ERROR;	/* the file shrank */
		b->off += (uint64_t)w;
		b->left -= (uint64_t)w;
		*sent += (uint64_t)w;
		budget -= (size_t)w;
	}
	return b->left ? FILE_SEND_AGAIN : FILE_SEND_DONE;
}
#endif

static enum file_send_result send_with_read(int sock, struct file_body *b,
					    size_t budget, uint64_t *sent)
{
	for (;;) {
		if (b->bpos == b->blen) {
			ssize_t r;
			size_t n;

			if (!b->left)
				return FILE_SEND_DONE;
			if (!budget)
				return FILE_SEND_AGAIN;
			if (!b->buf) {
				b->buf = malloc(b->bsize);
				if (!b->buf)
					return FILE_SEND_ERROR;
			}
			n = b->left < b->bsize ? (size_t)b->left : b->bsize;
			/* one descriptor serves many connections: seek each time */
			if (lseek(b->fd, (off_t)b->off, SEEK_SET) < 0)
				return FILE_SEND_ERROR;
			do {
				r = read(b->fd, b->buf, n);
			} while (r < 0 && errno == EINTR);
			if (r <= 0)
				return FILE_SEND_ERROR;
			b->off += (uint64_t)r;
			b->left -= (uint64_t)r;
			b->bpos = 0;
			b->blen = (size_t)r;
		}
		ssize_t w = send(sock, b->buf + b->bpos, b->blen - b->bpos,
				 MSG_NOSIGNAL);

		if (w < 0)
			return would_block(errno) ? FILE_SEND_AGAIN :
						    FILE_SEND_ERROR;
		b->bpos += (size_t)w;
		*sent += (uint64_t)w;
		budget = (size_t)w >= budget ? 0 : budget - (size_t)w;
		if (b->bpos < b->blen)
			return FILE_SEND_AGAIN;
	}
}

enum file_send_result file_body_send(int sock, struct file_body *b,
				     size_t budget, uint64_t *sent)
{
#ifdef CONFIG_APP_HTTPD_SENDFILE
	if (b->use_sendfile) {
		enum file_send_result r = send_with_sendfile(sock, b, budget,
							     sent);

		if (!b->sendfile_refused)
			return r;
	}
#endif
	return send_with_read(sock, b, budget, sent);
}

void file_body_release(struct file_body *b)
{
	free(b->buf);
	b->buf = NULL;
	b->bpos = b->blen = 0;
}
