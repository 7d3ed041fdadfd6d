/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xenstore wire format: a 16-byte header (type, request id,
 * transaction id, length) and up to XENSTORE_PAYLOAD_MAX bytes of
 * NUL-separated strings, through two 1 KiB rings with free-running
 * indexes.  Pure logic, no hardware: see xs_wire.h.
 */
#include <errno.h>
#include <string.h>
#include "xs_wire.h"

int xs_reader_feed(struct xs_reader *r, const char *ring, uint32_t *cons,
		   uint32_t prod)
{
	uint32_t c = *cons;

	if (prod - c > XENSTORE_RING_SIZE)
		return -EPROTO;
	while (c != prod) {
		uint32_t want, n, off;

		if (r->got < sizeof(r->hdr)) {
			want = sizeof(r->hdr) - r->got;
		} else {
			if (r->hdr.len > XENSTORE_PAYLOAD_MAX)
				return -EPROTO;
			want = sizeof(r->hdr) + r->hdr.len - r->got;
			if (!want)
				break;
		}
		off = MASK_XENSTORE_IDX(c);
		n = prod - c;
		if (n > want)
			n = want;
		if (n > XENSTORE_RING_SIZE - off)
			n = XENSTORE_RING_SIZE - off;	/* up to the wrap */
		if (r->got < sizeof(r->hdr))
			memcpy((char *)&r->hdr + r->got, ring + off, n);
		else
			memcpy(r->body + r->got - sizeof(r->hdr), ring + off, n);
		r->got += n;
		c += n;
	}
	*cons = c;
	if (r->got < sizeof(r->hdr))
		return 0;
	if (r->hdr.len > XENSTORE_PAYLOAD_MAX)
		return -EPROTO;
	if (r->got < sizeof(r->hdr) + r->hdr.len)
		return 0;
	r->body[r->hdr.len] = '\0';
	return 1;
}

size_t xs_ring_put(char *ring, uint32_t cons, uint32_t *prod,
		   const void *data, size_t len)
{
	uint32_t p = *prod;
	size_t done = 0;

	while (done < len) {
		uint32_t space = XENSTORE_RING_SIZE - (p - cons);
		uint32_t off = MASK_XENSTORE_IDX(p);
		size_t n = len - done;

		if (space == 0 || space > XENSTORE_RING_SIZE)
			break;
		if (n > space)
			n = space;
		if (n > XENSTORE_RING_SIZE - off)
			n = XENSTORE_RING_SIZE - off;
		memcpy(ring + off, (const char *)data + done, n);
		done += n;
		p += n;
	}
	*prod = p;
	return done;
}

int xs_error_to_errno(const char *body, uint32_t len)
{
	unsigned int i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++) {
		size_t n = strlen(xsd_errors[i].errstring);

		/* The string may or may not carry its NUL. */
		if ((len == n || (len == n + 1 && body[n] == '\0')) &&
		    !memcmp(body, xsd_errors[i].errstring, n))
			return -xsd_errors[i].errnum;
	}
	return -EIO;
}

int xs_watch_event_parse(const char *body, uint32_t len, const char **path,
			 const char **token)
{
	const char *nul1, *nul2;

	if (!len)
		return -EPROTO;
	nul1 = memchr(body, '\0', len);
	if (!nul1 || nul1 == body)
		return -EPROTO;
	nul2 = memchr(nul1 + 1, '\0', len - (nul1 + 1 - body));
	if (!nul2)
		return -EPROTO;
	*path = body;
	*token = nul1 + 1;
	return 0;
}

int xs_parse_ulong(const char *s, size_t len, unsigned long *val)
{
	unsigned long v = 0;
	size_t i;

	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		unsigned int d = (unsigned char)s[i] - '0';

		if (d > 9 || v > (~0UL - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	*val = v;
	return 0;
}
