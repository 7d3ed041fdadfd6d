/*
 * The event loop, connections and request handling.
 *
 * One thread polls every socket.  A connection costs a small struct while
 * idle: input is received into one shared buffer and parsed in place, and
 * only a request split across reads (or pipelined behind a response that
 * could not be written at once) gets a buffer of its own, sized to what it
 * holds.  Response heads are built in one shared buffer and sent with the
 * body in one writev(); only what the socket did not take is copied.  File
 * bodies come from the file cache: in memory for small files, else through
 * filesend.c.  Nothing blocks on a slow client: each connection moves as
 * far as its socket allows and waits for poll() again.
 *
 * Time limits: a request head must arrive within request_timeout from its
 * first byte (408), an idle connection is closed after keepalive_timeout,
 * and a response that makes no progress for send_timeout is dropped.
 * Closing after an error is "lingering": our side is shut down, and what
 * the client still sends is read and discarded for a moment, so the
 * kernel does not reset the connection before the client reads the error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "filecache.h"
#include "filesend.h"
#include "http_cond.h"
#include "http_date.h"
#include "http_parse.h"
#include "http_path.h"
#include "http_range.h"
#include "http_resp.h"
#include "resolve.h"
#include "server.h"
#include "stats.h"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif
#ifndef MSG_MORE
#define MSG_MORE 0
#endif

#define PIPELINE_BATCH	32	/* requests per connection per loop turn */
#define ACCEPT_BATCH	64
#define LINGER_MS	2000
#define REJECT_LINGER_MS 1000
#define LINGER_MAX	(1u << 20)	/* bytes discarded before giving up */
#define HEAD_BUF	8192
#define STATS_BUF	2048
#define LOG_LINE	512
#define MIN_IN_ALLOC	1024

enum conn_state { C_READ, C_WRITE, C_LINGER, C_DEAD };

#define CF_CLOSE	0x01	/* close after this response */
#define CF_PENDING	0x02	/* buffered requests wait for the next turn */
#define CF_PARTIAL	0x04	/* a request head has started */
#define CF_ACTIVE	0x08	/* counted against max_connections */
#define CF_HTTP10	0x10	/* the current request is HTTP/1.0 */

struct conn {
	int fd;
	uint8_t state;
	uint8_t flags;
	uint32_t idx;			/* in S.conns; pollfd is S.pfds[idx+1] */
	uint32_t peer;			/* IPv4, network order */
	int64_t deadline;		/* ms, monotonic */
	int64_t last_ms;		/* last progress */
	int64_t t_start_us;		/* first byte of the current request */
	char *in;			/* unparsed input, when it must wait */
	uint32_t in_len, in_cap;
	uint64_t discard;		/* request body bytes still to skip */
	char *out;			/* unsent head (and volatile body) */
	uint32_t out_len, out_off;
	const char *mem;		/* body in memory we do not own */
	size_t mem_len;
	struct fc_entry *fe;
	bool has_file;
	struct file_body body;
	int status;
	uint32_t nreq;			/* responses completed */
	uint32_t head_unsent;		/* to tell head bytes from body bytes */
	uint64_t body_bytes;
	uint64_t linger_bytes;
	char *logline;			/* saved when a response outlives a turn */
};

static struct {
	const struct httpd_config *cfg;
	int lfd;
	struct pollfd *pfds;
	struct conn **conns;
	unsigned int nconns, cap, active;
	char *rbuf;
	size_t rbuf_size;
	char hbuf[HEAD_BUF];
	char sbuf[STATS_BUF];
	char logline[LOG_LINE];
	bool log_dirty;
	struct fcache *fc;
	struct httpd_stats st;
	int64_t now_ms, now_us;
	time_t date_sec;
	char date[HTTP_DATE_LEN + 1];
	int64_t listen_resume_ms;	/* accept paused (out of descriptors) */
} S;

/* ------------------------------------------------------------------ time */

static int64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void clock_update(void)
{
	time_t t;

	S.now_us = mono_us();
	S.now_ms = S.now_us / 1000;
	/* the Date header changes once a second: format it once a second */
	t = time(NULL);
	if (t != S.date_sec) {
		S.date_sec = t;
		http_date_format((int64_t)t, S.date);
	}
}

/* ------------------------------------------------------------ access log */

static void log_put_escaped(char **p, char *end, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t max = n > 256 ? 256 : n;

	for (size_t i = 0; i < max && *p + 5 < end; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch > 0x20 && ch < 0x7f && ch != '\\' && ch != '"') {
			*(*p)++ = (char)ch;
		} else {
			*(*p)++ = '\\';
			*(*p)++ = 'x';
			*(*p)++ = hex[ch >> 4];
			*(*p)++ = hex[ch & 15];
		}
	}
	if (max < n && *p + 4 < end) {
		memcpy(*p, "...", 3);
		*p += 3;
	}
}

/* The start of a log line: client, method, target (escaped: it is input). */
static void log_prepare(struct conn *c, const struct http_request *req)
{
	char *p = S.logline, *end = S.logline + sizeof(S.logline);
	unsigned char *a = (unsigned char *)&c->peer;

	if (!S.cfg->access_log)
		return;
	p += snprintf(p, (size_t)(end - p), "%u.%u.%u.%u ", a[0], a[1], a[2],
		      a[3]);
	if (req && req->method_name.p) {
		log_put_escaped(&p, end, req->method_name.p, req->method_name.n);
		*p++ = ' ';
		log_put_escaped(&p, end, req->target.p, req->target.n);
	} else {
		memcpy(p, "- -", 3);
		p += 3;
	}
	*p = '\0';
}

static void log_finish(struct conn *c)
{
	int64_t us;

	if (!S.cfg->access_log)
		return;
	/* the loop's clock is from before the work: read a fresh one */
	us = mono_us() - c->t_start_us;
	if (us < 0)
		us = 0;
	printf("%s %d %llu %lld.%03lldms\n", c->logline ? c->logline : S.logline,
	       c->status, (unsigned long long)c->body_bytes,
	       (long long)(us / 1000), (long long)(us % 1000));
	S.log_dirty = true;
}

/* ----------------------------------------------------------- connections */

static bool would_block(int err)
{
	return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

static void conn_release_response(struct conn *c)
{
	if (c->has_file) {
		file_body_release(&c->body);
		c->has_file = false;
	}
	if (c->fe) {
		fc_release(S.fc, c->fe);
		c->fe = NULL;
	}
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_off = 0;
	c->mem = NULL;
	c->mem_len = 0;
	free(c->logline);
	c->logline = NULL;
}

static void conn_deactivate(struct conn *c)
{
	if (c->flags & CF_ACTIVE) {
		c->flags &= ~CF_ACTIVE;
		S.active--;
	}
}

/* Ends a connection; the loop frees it (so callers may still look at c). */
static void conn_close(struct conn *c)
{
	if (c->state == C_DEAD)
		return;
	conn_release_response(c);
	free(c->in);
	c->in = NULL;
	c->in_len = c->in_cap = 0;
	conn_deactivate(c);
	close(c->fd);
	c->fd = -1;
	c->state = C_DEAD;
}

static void conn_free(struct conn *c)
{
	unsigned int i = c->idx, last = S.nconns - 1;

	if (i != last) {
		S.conns[i] = S.conns[last];
		S.conns[i]->idx = i;
		S.pfds[i + 1] = S.pfds[last + 1];
	}
	S.nconns--;
	free(c);
}

static void start_linger(struct conn *c, unsigned int ms)
{
	free(c->in);
	c->in = NULL;
	c->in_len = c->in_cap = 0;
	c->discard = 0;
	c->flags &= ~(CF_PENDING | CF_PARTIAL);
	conn_deactivate(c);
	shutdown(c->fd, SHUT_WR);
	c->state = C_LINGER;
	c->linger_bytes = 0;
	c->deadline = S.now_ms + ms;
}

static void linger_read(struct conn *c)
{
	for (;;) {
		ssize_t n = recv(c->fd, S.rbuf, S.rbuf_size, 0);

		if (n < 0 && would_block(errno))
			return;
		if (n <= 0) {
			conn_close(c);
			return;
		}
		c->linger_bytes += (uint64_t)n;
		if (c->linger_bytes > LINGER_MAX) {
			conn_close(c);
			return;
		}
	}
}

/* Counts w bytes written, head first. */
static void account(struct conn *c, size_t w)
{
	size_t h = w < c->head_unsent ? w : c->head_unsent;

	c->head_unsent -= (uint32_t)h;
	c->body_bytes += w - h;
	S.st.bytes_sent += w;
	c->last_ms = S.now_ms;
}

static void response_done(struct conn *c)
{
	S.st.requests++;
	c->nreq++;
	log_finish(c);
	conn_release_response(c);
	if (c->flags & CF_CLOSE) {
		start_linger(c, LINGER_MS);
		return;
	}
	c->state = C_READ;
}

/* Sends what remains of the head and in-memory body; false: not yet. */
static bool write_buffers(struct conn *c)
{
	struct iovec iov[2];
	int cnt = 0;
	ssize_t w;
	size_t wu;

	if (c->out_off < c->out_len) {
		iov[cnt].iov_base = c->out + c->out_off;
		iov[cnt++].iov_len = c->out_len - c->out_off;
	}
	if (c->mem_len) {
		iov[cnt].iov_base = (void *)c->mem;
		iov[cnt++].iov_len = c->mem_len;
	}
	if (!cnt)
		return true;
	w = writev(c->fd, iov, cnt);
	if (w < 0) {
		if (!would_block(errno))
			conn_close(c);
		return false;
	}
	wu = (size_t)w;
	account(c, wu);
	if (c->out_off < c->out_len) {
		size_t k = c->out_len - c->out_off;

		k = wu < k ? wu : k;
		c->out_off += (uint32_t)k;
		wu -= k;
	}
	c->mem += wu;
	c->mem_len -= wu;
	if (c->out_off < c->out_len || c->mem_len)
		return false;
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_off = 0;
	return true;
}

/* Continues the current response as far as the socket allows. */
static void conn_write(struct conn *c)
{
	if (!write_buffers(c))
		return;
	if (c->has_file) {
		uint64_t sent = 0;
		size_t budget = S.cfg->io_buffer * 4;
		enum file_send_result r;

		if (budget < (256u << 10))
			budget = 256u << 10;
		r = file_body_send(c->fd, &c->body, budget, &sent);
		if (c->body.sendfile_refused && c->fe)
			c->fe->no_sendfile = true;
		if (sent)
			account(c, (size_t)sent);
		if (r == FILE_SEND_ERROR) {
			conn_close(c);
			return;
		}
		if (r == FILE_SEND_AGAIN)
			return;
	}
	response_done(c);
}

/*
 * Starts a response: head h, then mem[0..mem_len) (volatile: copy it if it
 * cannot all be sent now) or file_len bytes of fe's file from file_off.
 * Takes over the reference to fe.
 */
static void start_response(struct conn *c, struct http_head *h,
			   const char *mem, size_t mem_len, bool mem_volatile,
			   struct fc_entry *fe, uint64_t file_off,
			   uint64_t file_len)
{
	struct http_buf b;
	struct iovec iov[2];
	ssize_t w;
	size_t wu, rest;

	if (c->flags & CF_CLOSE)
		h->conn = HTTP_CONN_CLOSE;
	else if (c->flags & CF_HTTP10)
		h->conn = HTTP_CONN_KEEP_ALIVE;
	else
		h->conn = HTTP_CONN_NONE;
	hb_init(&b, S.hbuf, sizeof(S.hbuf));
	if (!http_head_format(h, &b)) {
		/* cannot happen with our fields; never send half a head */
		if (fe)
			fc_release(S.fc, fe);
		conn_close(c);
		return;
	}
	c->status = h->status;
	c->head_unsent = (uint32_t)b.len;
	c->body_bytes = 0;
	c->fe = fe;
	c->mem = mem;
	c->mem_len = mem_len;
	if (fe && !mem && file_len) {
		file_body_init(&c->body, fe->fd, file_off, file_len,
			       S.cfg->sendfile && !fe->no_sendfile,
			       S.cfg->io_buffer);
		c->has_file = true;
	}
	c->state = C_WRITE;

	/* first try straight from the shared head buffer: no copy */
	if (c->has_file) {
		w = send(c->fd, b.p, b.len, MSG_MORE | MSG_NOSIGNAL);
	} else {
		iov[0].iov_base = b.p;
		iov[0].iov_len = b.len;
		iov[1].iov_base = (void *)mem;
		iov[1].iov_len = mem_len;
		w = writev(c->fd, iov, mem_len ? 2 : 1);
	}
	if (w < 0) {
		if (!would_block(errno)) {
			conn_close(c);
			return;
		}
		w = 0;
	}
	wu = (size_t)w;
	account(c, wu);
	if (wu >= b.len) {
		c->mem += wu - b.len;
		c->mem_len -= wu - b.len;
		if (!c->mem_len) {
			conn_write(c);	/* the file, or done */
			goto out;
		}
		rest = 0;
	} else {
		rest = b.len - wu;
	}

	/* the socket is full: keep what we must, wait for POLLOUT */
	if (rest || mem_volatile) {
		size_t extra = mem_volatile ? c->mem_len : 0;

		c->out = malloc(rest + extra);
		if (!c->out) {
			conn_close(c);
			return;
		}
		memcpy(c->out, b.p + wu, rest);
		if (extra) {
			memcpy(c->out + rest, c->mem, extra);
			c->mem = NULL;
			c->mem_len = 0;
		}
		c->out_len = (uint32_t)(rest + extra);
		c->out_off = 0;
	}
out:
	if (c->state == C_WRITE && S.cfg->access_log && !c->logline)
		c->logline = strdup(S.logline);
}

/* --------------------------------------------------------------- responses */

static void send_error(struct conn *c, const struct http_request *req,
		       int status, bool close_after)
{
	struct http_head h;
	size_t blen;
	const char *body = http_error_body(status, &blen);
	bool head = req && req->method == HTTP_HEAD;

	memset(&h, 0, sizeof(h));
	if (close_after)
		c->flags |= CF_CLOSE;
	h.status = status;
	h.date = S.date;
	h.content_type = "text/html; charset=utf-8";
	h.has_length = true;
	h.length = blen;
	if (status == 405)
		h.extra = "Allow: GET, HEAD\r\n";
	start_response(c, &h, head ? NULL : body, head ? 0 : blen, false,
		       NULL, 0, 0);
}

static void send_redirect(struct conn *c, const struct http_request *req,
			  const char *path, size_t n)
{
	char loc[4096];
	struct http_head h;
	size_t blen;
	const char *body = http_error_body(301, &blen);
	const char *q = memchr(req->target.p, '?', req->target.n);
	long ln = http_path_encode(path, n, loc, sizeof(loc) - 1);

	if (ln < 0) {
		send_error(c, req, 414, false);
		return;
	}
	loc[ln++] = '/';
	/* the query goes along; it holds only visible ASCII (parser) */
	if (q) {
		size_t qn = req->target.n - (size_t)(q - req->target.p);

		if ((size_t)ln + qn < sizeof(loc)) {
			memcpy(loc + ln, q, qn);
			ln += (long)qn;
		}
	}
	loc[ln] = '\0';
	memset(&h, 0, sizeof(h));
	h.status = 301;
	h.date = S.date;
	h.content_type = "text/html; charset=utf-8";
	h.has_length = true;
	h.length = blen;
	h.location = loc;
	start_response(c, &h, req->method == HTTP_HEAD ? NULL : body,
		       req->method == HTTP_HEAD ? 0 : blen, false, NULL, 0, 0);
}

static bool contains_ci(struct http_str s, const char *lit)
{
	size_t n = strlen(lit);

	for (size_t i = 0; i + n <= s.n; i++) {
		if (http_str_ieq(s.p + i, n, lit))
			return true;
	}
	return false;
}

static void send_stats(struct conn *c, const struct http_request *req)
{
	struct http_head h;
	bool json = req->accept.p && contains_ci(req->accept, "application/json");
	size_t n;

	S.st.connections = S.active;
	fc_usage(S.fc, &S.st.cache_entries, &S.st.cache_bytes);
	n = httpd_stats_render(&S.st, S.now_ms, json, S.sbuf, sizeof(S.sbuf));
	if (!n) {
		send_error(c, req, 500, false);
		return;
	}
	memset(&h, 0, sizeof(h));
	h.status = 200;
	h.date = S.date;
	h.content_type = json ? "application/json" : "text/html; charset=utf-8";
	h.has_length = true;
	h.length = n;
	h.extra = "Cache-Control: no-store\r\nVary: Accept\r\n";
	start_response(c, &h, req->method == HTTP_HEAD ? NULL : S.sbuf,
		       req->method == HTTP_HEAD ? 0 : n, true, NULL, 0, 0);
}

/* Offsets of the validator lines (Last-Modified, ETag) in fe->hdr: a 304
 * repeats those, not the Content-Type or Accept-Ranges. */
static void validators(const struct fc_entry *e, const char **p, size_t *n)
{
	const char *s = strstr(e->hdr, "Last-Modified:");
	const char *t = strstr(e->hdr, "Accept-Ranges:");

	if (!s || !t || t < s) {
		*p = NULL;
		*n = 0;
		return;
	}
	*p = s;
	*n = (size_t)(t - s);
}

static void serve_file(struct conn *c, const struct http_request *req,
		       struct fc_entry *e)
{
	struct http_head h;
	uint64_t first = 0, last = 0, len = e->size;
	bool head = req->method == HTTP_HEAD;

	memset(&h, 0, sizeof(h));
	h.date = S.date;
	if (http_not_modified(req, e->etag, e->etag_len, e->mtime)) {
		h.status = 304;
		validators(e, &h.entity, &h.entity_len);
		start_response(c, &h, NULL, 0, false, NULL, 0, 0);
		fc_release(S.fc, e);
		return;
	}
	h.status = 200;
	/* 14.2: Range is defined for GET only */
	if (req->method == HTTP_GET && req->range.p && !req->range_repeated &&
	    http_if_range_ok(req->if_range, e->etag, e->etag_len, e->mtime)) {
		switch (http_range_parse(req->range.p, req->range.n, e->size,
					 &first, &last)) {
		case HTTP_RANGE_OK:
			h.status = 206;
			h.has_range = true;
			h.first = first;
			h.last = last;
			h.total = e->size;
			len = last - first + 1;
			break;
		case HTTP_RANGE_UNSATISFIABLE: {
			size_t blen;
			const char *body = http_error_body(416, &blen);

			h.status = 416;
			h.unsatisfiable = true;
			h.total = e->size;
			h.content_type = "text/html; charset=utf-8";
			h.has_length = true;
			h.length = blen;
			fc_release(S.fc, e);
			start_response(c, &h, body, blen, false, NULL, 0, 0);
			return;
		}
		case HTTP_RANGE_IGNORE:
			break;
		}
	}
	h.entity = e->hdr;
	h.entity_len = e->hdr_len;
	h.has_length = true;
	h.length = len;
	if (head || !len)
		start_response(c, &h, NULL, 0, false, e, 0, 0);
	else if (e->data)
		start_response(c, &h, e->data + first, (size_t)len, false, e, 0, 0);
	else
		start_response(c, &h, NULL, 0, false, e, first, len);
}

static void handle_request(struct conn *c, const struct http_request *req)
{
	const struct httpd_config *cfg = S.cfg;
	char path[HTTPD_PATH_MAX];
	struct fc_entry *e;
	long pl;
	int st;

	log_prepare(c, req);
	if (req->minor == 0)
		c->flags |= CF_HTTP10;
	else
		c->flags &= ~CF_HTTP10;
	if (!req->keep_alive)
		c->flags |= CF_CLOSE;

	/*
	 * We never use a request body.  One we can measure and that is small
	 * is skipped so the connection stays usable; a chunked one, or one
	 * over max_body, is refused with 413 and the connection closed.
	 */
	if (req->has_transfer_encoding ||
	    (req->has_content_length && req->content_length > cfg->max_body)) {
		send_error(c, req, 413, true);
		return;
	}
	if (req->has_content_length)
		c->discard = req->content_length;
	if (req->method == HTTP_OTHER) {
		send_error(c, req, 405, false);
		return;
	}
	pl = http_path_normalize(req->target.p, req->target.n, path,
				 sizeof(path));
	if (pl < 0) {
		send_error(c, req, (int)-pl, false);
		return;
	}
	if (cfg->stats && pl == 7 && !memcmp(path, "/_stats", 7)) {
		send_stats(c, req);
		return;
	}
	st = fc_lookup(S.fc, path, (size_t)pl, S.now_ms, &e);
	if (st == 301)
		send_redirect(c, req, path, (size_t)pl);
	else if (st)
		send_error(c, req, st, false);
	else
		serve_file(c, req, e);
}

/* ----------------------------------------------------------------- input */

/*
 * Parses and answers the requests in buf[0..len) until the data ends, a
 * response has to wait for the socket, or the batch is used up; keeps the
 * rest in c->in.  owned: buf is c->in itself.
 */
static void conn_process(struct conn *c, char *buf, size_t len, bool owned)
{
	char *p = buf;
	size_t left = len;
	unsigned int handled = 0;

	while (left && c->state == C_READ) {
		struct http_request req;
		long r;

		if (c->discard) {
			size_t k = c->discard < left ? (size_t)c->discard : left;

			c->discard -= k;
			p += k;
			left -= k;
			continue;
		}
		if (handled >= PIPELINE_BATCH) {
			c->flags |= CF_PENDING;
			break;
		}
		if (!(c->flags & CF_PARTIAL)) {
			c->flags |= CF_PARTIAL;
			c->t_start_us = S.now_us;
		}
		r = http_parse_request(p, left, &S.cfg->limits, &req);
		if (r == 0)
			break;
		c->flags &= ~CF_PARTIAL;
		handled++;
		if (r < 0) {
			/* framing is lost: answer, and read nothing more.
			 * req holds what the parser got to (or nothing) */
			log_prepare(c, &req);
			send_error(c, &req, (int)-r, true);
			left = 0;
			break;
		}
		p += r;
		left -= (size_t)r;
		handle_request(c, &req);
	}

	if (c->state == C_DEAD || c->state == C_LINGER)
		return;
	if (!left) {
		free(c->in);
		c->in = NULL;
		c->in_len = c->in_cap = 0;
		return;
	}
	if (owned) {
		memmove(c->in, p, left);
		c->in_len = (uint32_t)left;
		return;
	}
	/* the shared buffer is reused by the next connection: copy */
	size_t cap = left < MIN_IN_ALLOC / 2 ? MIN_IN_ALLOC : left * 2;

	if (cap > S.rbuf_size && left <= S.rbuf_size)
		cap = S.rbuf_size;
	c->in = malloc(cap);
	if (!c->in) {
		conn_close(c);
		return;
	}
	memcpy(c->in, p, left);
	c->in_len = (uint32_t)left;
	c->in_cap = (uint32_t)cap;
}

static void conn_read(struct conn *c)
{
	ssize_t n;

	if (c->in_len) {
		if (c->in_len == c->in_cap) {
			/* a head in pieces: grow up to the head limit */
			size_t cap = (size_t)c->in_cap * 2;
			char *p;

			if (cap > S.rbuf_size)
				cap = S.rbuf_size;
			if (cap <= c->in_cap) {
				conn_close(c);	/* cannot happen: parser says 431 */
				return;
			}
			p = realloc(c->in, cap);
			if (!p) {
				conn_close(c);
				return;
			}
			c->in = p;
			c->in_cap = (uint32_t)cap;
		}
		n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
	} else {
		n = recv(c->fd, S.rbuf, S.rbuf_size, 0);
	}
	if (n < 0) {
		if (!would_block(errno))
			conn_close(c);
		return;
	}
	if (n == 0) {
		conn_close(c);	/* the client is done */
		return;
	}
	c->last_ms = S.now_ms;
	if (c->in_len) {
		c->in_len += (uint32_t)n;
		conn_process(c, c->in, c->in_len, true);
	} else {
		conn_process(c, S.rbuf, (size_t)n, false);
	}
}

/* What to wait for, and until when. */
static void conn_arm(struct conn *c)
{
	struct pollfd *pf = &S.pfds[c->idx + 1];
	const struct httpd_config *cfg = S.cfg;

	switch (c->state) {
	case C_READ:
		pf->events = POLLIN;
		if ((c->flags & CF_PARTIAL) && c->in_len)
			c->deadline = c->t_start_us / 1000 + cfg->request_timeout_ms;
		else if (c->discard || !c->nreq)
			/* a body to skip, or a new connection that has yet to
			 * say anything: the request clock */
			c->deadline = c->last_ms + cfg->request_timeout_ms;
		else
			c->deadline = c->last_ms + cfg->keepalive_timeout_ms;
		break;
	case C_WRITE:
		pf->events = POLLOUT;
		c->deadline = c->last_ms + cfg->send_timeout_ms;
		break;
	case C_LINGER:
		pf->events = POLLIN;	/* deadline set by start_linger */
		break;
	}
}

static void conn_event(struct conn *c, short re)
{
	if (re & POLLNVAL) {
		conn_close(c);
		return;
	}
	switch (c->state) {
	case C_READ:
		if (c->flags & CF_PENDING) {
			c->flags &= ~CF_PENDING;
			conn_process(c, c->in, c->in_len, true);
		} else if (re & (POLLIN | POLLHUP | POLLERR)) {
			conn_read(c);
		}
		break;
	case C_WRITE:
		if (re & (POLLOUT | POLLHUP | POLLERR)) {
			conn_write(c);
			/* pipelined requests behind it */
			if (c->state == C_READ && c->in_len)
				conn_process(c, c->in, c->in_len, true);
		}
		break;
	case C_LINGER:
		if (re & (POLLIN | POLLHUP | POLLERR))
			linger_read(c);
		break;
	}
	if (c->state != C_DEAD)
		conn_arm(c);
}

static void conn_timeout(struct conn *c)
{
	if (c->state == C_READ && (c->flags & CF_PARTIAL) && c->in_len) {
		/* a request started and did not finish in time */
		c->t_start_us = S.now_us;
		log_prepare(c, NULL);
		send_error(c, NULL, 408, true);
		if (c->state != C_DEAD)
			conn_arm(c);
		return;
	}
	conn_close(c);	/* idle keep-alive, stalled write, lingering */
}

/* ---------------------------------------------------------------- accept */

static void set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL, 0);

	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void do_accept(void)
{
	for (int k = 0; k < ACCEPT_BATCH; k++) {
		struct sockaddr_in sa;
		socklen_t sl = sizeof(sa);
		struct conn *c;
		int fd, one = 1;
		bool reject;

		fd = accept(S.lfd, (struct sockaddr *)&sa, &sl);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				/* poll would report the listener at once
				 * again: pause it for a moment */
				fprintf(stderr, "httpd: accept: %s; pausing\n",
					strerror(errno));
				S.pfds[0].events = 0;
				S.listen_resume_ms = S.now_ms + 100;
			}
			return;
		}
		S.st.accepted++;
		if (S.nconns >= S.cap) {
			S.st.rejected++;
			close(fd);	/* not even room to say 503 */
			continue;
		}
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		set_nonblock(fd);
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c->fd = fd;
		c->peer = sa.sin_addr.s_addr;
		c->idx = S.nconns;
		c->last_ms = S.now_ms;
		c->t_start_us = S.now_us;
		c->state = C_READ;
		S.conns[S.nconns] = c;
		S.pfds[S.nconns + 1].fd = fd;
		S.pfds[S.nconns + 1].events = POLLIN;
		S.pfds[S.nconns + 1].revents = 0;
		S.nconns++;

		reject = S.active >= S.cfg->max_connections;
		if (reject) {
			S.st.rejected++;
			log_prepare(c, NULL);
			send_error(c, NULL, 503, true);
			if (c->state == C_LINGER)
				c->deadline = S.now_ms + REJECT_LINGER_MS;
		} else {
			c->flags |= CF_ACTIVE;
			S.active++;
		}
		if (c->state != C_DEAD)
			conn_arm(c);
	}
}

/* ------------------------------------------------------------------ setup */

static int listen_on(const struct httpd_config *cfg, unsigned int *port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd, one = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->bind, &sa.sin_addr) != 1) {
		fprintf(stderr, "httpd: --bind %s: not an IPv4 address\n",
			cfg->bind);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		fprintf(stderr, "httpd: socket: %s\n", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, 1024)) {
		fprintf(stderr, "httpd: cannot listen on %s:%u: %s\n",
			cfg->bind, cfg->port, strerror(errno));
		close(fd);
		return -1;
	}
	set_nonblock(fd);
	if (getsockname(fd, (struct sockaddr *)&sa, &sl) == 0)
		*port = ntohs(sa.sin_port);
	else
		*port = cfg->port;
	return fd;
}

int httpd_serve(const struct httpd_config *cfg)
{
	char root[HTTPD_PATH_MAX];
	struct fcache_params fp;
	unsigned int port;
	int r;

	memset(&S, 0, sizeof(S));
	S.cfg = cfg;
	clock_update();
	S.st.start_ms = S.now_ms;

	r = httpd_resolve_root(cfg->root, root, sizeof(root));
	if (r) {
		fprintf(stderr, "httpd: root %s: %s\n", cfg->root, strerror(-r));
		return 1;
	}
	fp.root = root;
	fp.entries = cfg->cache_entries;
	fp.inline_max = cfg->cache_inline_max;
	fp.inline_total = cfg->cache_inline_total;
	fp.validity_ms = cfg->cache_validity_ms;
	S.fc = fc_create(&fp);

	/* room for max_connections, plus a few more that only hear 503 */
	S.cap = cfg->max_connections + cfg->max_connections / 8 + 16;
	S.rbuf_size = cfg->limits.max_header_bytes > 16384 ?
		      cfg->limits.max_header_bytes : 16384;
	S.rbuf = malloc(S.rbuf_size);
	S.pfds = calloc(S.cap + 1, sizeof(*S.pfds));
	S.conns = calloc(S.cap, sizeof(*S.conns));
	if (!S.fc || !S.rbuf || !S.pfds || !S.conns) {
		fprintf(stderr, "httpd: out of memory for %u connections\n",
			cfg->max_connections);
		return 1;
	}

	S.lfd = listen_on(cfg, &port);
	if (S.lfd < 0)
		return 1;
	S.pfds[0].fd = S.lfd;
	S.pfds[0].events = POLLIN;

	printf("httpd: serving %s at http://%s:%u/\n",
	       root[0] ? root : "/", cfg->bind, port);
	fflush(stdout);

	for (;;) {
		int64_t next = INT64_MAX;
		bool pending = false;
		int timeout, n;

		for (unsigned int i = S.nconns; i-- > 0;) {
			struct conn *c = S.conns[i];

			if (c->flags & CF_PENDING)
				pending = true;
			if (c->deadline < next)
				next = c->deadline;
		}
		if (S.pfds[0].events == 0 && S.listen_resume_ms < next)
			next = S.listen_resume_ms;
		if (pending)
			timeout = 0;
		else if (next == INT64_MAX)
			timeout = -1;
		else if (next <= S.now_ms)
			timeout = 0;
		else
			timeout = next - S.now_ms > 60000 ? 60000 :
				  (int)(next - S.now_ms) + 1;

		n = poll(S.pfds, S.nconns + 1, timeout);
		if (n < 0 && errno != EINTR) {
			fprintf(stderr, "httpd: poll: %s\n", strerror(errno));
			return 1;
		}
		clock_update();
		if (S.pfds[0].events == 0 && S.now_ms >= S.listen_resume_ms)
			S.pfds[0].events = POLLIN;
		if (n > 0 && (S.pfds[0].revents & POLLIN))
			do_accept();

		/* downwards: freeing moves the last connection into slot i,
		 * and that one has had its turn */
		for (unsigned int i = S.nconns; i-- > 0;) {
			struct conn *c = S.conns[i];
			short re = S.pfds[i + 1].revents;

			if (re || (c->flags & CF_PENDING))
				conn_event(c, re);
			if (c->state != C_DEAD && S.now_ms >= c->deadline)
				conn_timeout(c);
			if (c->state == C_DEAD)
				conn_free(c);
		}
		if (S.log_dirty) {
			fflush(stdout);
			S.log_dirty = false;
		}
	}
}
