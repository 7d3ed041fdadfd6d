/*
 * File content to a non-blocking socket.  The one place that knows how:
 * sendfile(2) when built with CONFIG_APP_HTTPD_SENDFILE (Linux; Unikit,
 * whose sendfile hands initrd/ramfs pages to lwIP by reference), else, or
 * when sendfile refuses a file, read() into a bounded buffer and send().
 * The buffer exists only while a response needs it.
 */
#ifndef HTTPD_FILESEND_H
#define HTTPD_FILESEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct file_body {
	int fd;
	uint64_t off;		/* next file offset to read */
	uint64_t left;		/* bytes still to read from the file */
	bool use_sendfile;
	bool sendfile_refused;	/* set when sendfile failed: remember it */
	char *buf;		/* read() fallback */
	size_t bsize;
	size_t bpos, blen;	/* buffered bytes not yet sent */
};

enum file_send_result {
	FILE_SEND_DONE,		/* everything sent */
	FILE_SEND_AGAIN,	/* the socket is full, or budget used */
	FILE_SEND_ERROR,	/* socket error, or the file ended early */
};

/* Sets up b for len bytes of fd from off. */
void file_body_init(struct file_body *b, int fd, uint64_t off, uint64_t len,
		    bool use_sendfile, size_t bsize);

/*
 * Sends what the socket takes, up to about budget bytes (so one big
 * download cannot hold the event loop).  Adds the bytes sent to *sent.
 */
enum file_send_result file_body_send(int sock, struct file_body *b,
				     size_t budget, uint64_t *sent);

/* Frees the buffer; the descriptor belongs to the file cache. */
void file_body_release(struct file_body *b);

#endif
