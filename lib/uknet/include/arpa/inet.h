/* SPDX-License-Identifier: BSD-3-Clause */
/* <arpa/inet.h> (POSIX): address conversions (lib/uknet). IPv4 only. */
#if defined(UK_HOST_TEST)
/* host unit tests get the host's */
#include_next <arpa/inet.h>
#else
#ifndef _UK_ARPA_INET_H
#define _UK_ARPA_INET_H

#include <netinet/in.h>

#ifdef __cplusplus
extern "C" {
#endif

in_addr_t inet_addr(const char *cp);
int inet_aton(const char *cp, struct in_addr *inp);
char *inet_ntoa(struct in_addr in);
/* af AF_INET: 1, 0 for a malformed string; other families: -1, EAFNOSUPPORT */
int inet_pton(int af, const char *src, void *dst);
const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);

#ifdef __cplusplus
}
#endif

#endif
#endif /* UK_HOST_TEST */
