/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to plat/xen: the xenstore wire format, apart from the transport
 * so that host unit tests can check it (test/unit/test_xs_wire.c).
 * Everything that comes from the ring is checked here: indexes, lengths,
 * the strings inside messages.
 */
#ifndef __PLAT_XEN_XS_WIRE_H__
#define __PLAT_XEN_XS_WIRE_H__

#include <stddef.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

/* Reassembles one message from the response ring, across calls. */
struct xs_reader {
	struct xsd_sockmsg hdr;
	uint32_t got;			/* bytes of header + body so far */
	char body[XENSTORE_PAYLOAD_MAX + 1];	/* NUL-terminated */
};

/*
 * Moves bytes from ring (XENSTORE_RING_SIZE bytes, indexes *cons..prod)
 * into r, advancing *cons.  Returns 1 when r holds a whole message (then
 * reset r->got to 0 to read the next), 0 when more bytes are needed, or
 * -EPROTO for indexes more than a ring apart or a body longer than
 * XENSTORE_PAYLOAD_MAX.
 */
int xs_reader_feed(struct xs_reader *r, const char *ring, uint32_t *cons,
		   uint32_t prod);

/*
 * Copies up to len bytes of data into ring at *prod, as far as the space
 * before cons allows; advances *prod.  Returns the number copied.
 */
size_t xs_ring_put(char *ring, uint32_t cons, uint32_t *prod,
		   const void *data, size_t len);

/* Maps an XS_ERROR body ("ENOENT") to a negative errno (-EIO if unknown). */
int xs_error_to_errno(const char *body, uint32_t len);

/*
 * Splits an XS_WATCH_EVENT body ("path\0token\0") into its two strings.
 * Returns 0, or -EPROTO if the body is not two NUL-terminated strings.
 */
int xs_watch_event_parse(const char *body, uint32_t len, const char **path,
			 const char **token);

/*
 * Parses an unsigned decimal number that must fill s[0..len) (a xenstore
 * value).  Returns 0 and sets *val, or -EINVAL.
 */
int xs_parse_ulong(const char *s, size_t len, unsigned long *val);

#endif
