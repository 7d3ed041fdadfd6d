/* SPDX-License-Identifier: BSD-3-Clause */
/* <netinet/tcp.h> (POSIX): TCP socket options (lib/uknet). */
#if defined(UK_HOST_TEST)
/* host unit tests get the host's */
#include_next <netinet/tcp.h>
#else
#ifndef _UK_NETINET_TCP_H
#define _UK_NETINET_TCP_H

#define TCP_NODELAY	1	/* send small segments at once (no Nagle) */
#define TCP_MAXSEG	2	/* read only */
#define TCP_KEEPIDLE	4	/* seconds idle before keepalive probes */
#define TCP_KEEPINTVL	5	/* seconds between probes */
#define TCP_KEEPCNT	6	/* probes before the connection is dropped */

#endif
#endif /* UK_HOST_TEST */
