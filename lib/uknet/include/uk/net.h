/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The network stack's counters (lib/uknet), for diagnostics and tests:
 * what the devices and the stack received, sent and dropped, and how
 * sendfile() moved its bytes.
 */
#ifndef __UK_NET_H__
#define __UK_NET_H__

#include <stdint.h>

struct uk_net_counters {
	uint64_t rx_frames, tx_frames;	/* every device */
	uint64_t rx_dropped;	/* bad or unwanted frames: driver, glue, lwIP */
	uint64_t rx_nobuf;	/* receive buffers refused (memory, limit) */
	uint64_t tx_dropped;	/* frames the devices could not take */
	uint64_t sendfile_ref;	/* sendfile() bytes sent by reference */
	uint64_t sendfile_copy;	/* sendfile() bytes read and written */
	uint64_t pinned;	/* sendfile() calls whose file bytes are still
				 * referenced by the stack (unacknowledged) */
};

/* Fills c with the counters since boot. */
void uk_net_counters(struct uk_net_counters *c);

/* Prints them (uk_pr_info), one line per device and one for the stack. */
void uk_net_stats_print(void);

#endif
