/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xenstore client: the configuration tree Xen's toolstack and backends
 * share with this domain (device settings, states, our own domain's
 * keys).  A path without a leading "/" is relative to our domain's home,
 * /local/domain/<domid>.  Calls wait for xenstored's answer (bounded,
 * -ETIMEDOUT) with interrupts off, and must not be made from an interrupt
 * handler or a watch callback (-EBUSY).  Errors are negative errnos as
 * xenstored reports them: -ENOENT, -EACCES, -EAGAIN (transaction
 * conflict), ...
 */
#ifndef __UK_XEN_XENSTORE_H__
#define __UK_XEN_XENSTORE_H__

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>

/* A transaction; UK_XS_NO_TX outside of one. */
typedef uint32_t uk_xs_tx_t;
#define UK_XS_NO_TX		0

/*
 * Reads the value at path into buf (NUL-terminated).  Returns its length,
 * or -ERANGE if it does not fit in len bytes with its NUL.
 */
int uk_xs_read(uk_xs_tx_t tx, const char *path, char *buf, size_t len);

/* Reads an unsigned decimal value.  Returns 0, -EINVAL if not a number. */
int uk_xs_read_ulong(uk_xs_tx_t tx, const char *path, unsigned long *val);

/* Writes value at path (creating it and its parents).  Returns 0. */
int uk_xs_write(uk_xs_tx_t tx, const char *path, const char *value);

/* uk_xs_write with a printf format. */
int uk_xs_printf(uk_xs_tx_t tx, const char *path, const char *fmt, ...)
	__uk_printf(3, 4);

/* Creates an empty node / removes a node and everything under it. */
int uk_xs_mkdir(uk_xs_tx_t tx, const char *path);
int uk_xs_rm(uk_xs_tx_t tx, const char *path);

/*
 * Lists the children of path into buf as NUL-terminated names one after
 * the other.  Returns how many, or -ERANGE if buf is too small.
 */
int uk_xs_directory(uk_xs_tx_t tx, const char *path, char *buf, size_t len);

/*
 * Transactions: changes made with tx become visible together at
 * uk_xs_transaction_end(tx, 0), or not at all (abort != 0).  End returns
 * -EAGAIN when another change came in between: start again.
 */
int uk_xs_transaction_start(uk_xs_tx_t *tx);
int uk_xs_transaction_end(uk_xs_tx_t tx, int abort);

/* Our domain id (read once from xenstore), or a negative errno. */
int uk_xs_domid(void);

/*
 * Watches: xenstored reports every change at or below a watched path,
 * and one event right after the watch is set.  Events are counted in the
 * watch; uk_xs_watch_wait() consumes them.  If fn is set, it also runs for
 * each event, in interrupt context: it must not block or call xenstore
 * (wake a thread instead).  The structure belongs to the caller and must
 * stay valid until uk_xs_watch_remove().
 */
#define UK_XS_WATCH_PATH_MAX	128

struct uk_xs_watch {
	char path[UK_XS_WATCH_PATH_MAX];
	void (*fn)(struct uk_xs_watch *w, const char *path);
	void *arg;
	/* private */
	char token[20];
	volatile unsigned int pending;
	struct uk_xs_watch *next;
};

/* Sets w (fn and arg filled in by the caller, or zero) to watch path. */
int uk_xs_watch_add(struct uk_xs_watch *w, const char *path);
int uk_xs_watch_remove(struct uk_xs_watch *w);

/*
 * Waits until w has had an event, at most timeout_ns (0: no limit), and
 * consumes all pending events.  Returns 0, or -ETIMEDOUT.
 */
int uk_xs_watch_wait(struct uk_xs_watch *w, uint64_t timeout_ns);

#endif
