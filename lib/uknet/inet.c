/* SPDX-License-Identifier: BSD-3-Clause */
/* <arpa/inet.h> and the byte-order functions (IPv4). */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <uk/print.h>
#include "netparam.h"

uint32_t (htonl)(uint32_t v)
{
	return htonl(v);
}

uint16_t (htons)(uint16_t v)
{
	return htons(v);
}

uint32_t (ntohl)(uint32_t v)
{
	return ntohl(v);
}

uint16_t (ntohs)(uint16_t v)
{
	return ntohs(v);
}

const struct in6_addr in6addr_any;
const struct in6_addr in6addr_loopback = {
	.__in6_union.__s6_addr = { 0, 0, 0, 0, 0, 0, 0, 0,
				   0, 0, 0, 0, 0, 0, 0, 1 },
};

int inet_aton(const char *cp, struct in_addr *inp)
{
	uint32_t a;

	if (!cp || uk_net_parse_aton(cp, &a) < 0)
		return 0;
	if (inp)
		inp->s_addr = htonl(a);
	return 1;
}

in_addr_t inet_addr(const char *cp)
{
	struct in_addr a;

	return inet_aton(cp, &a) ? a.s_addr : INADDR_NONE;
}

int inet_pton(int af, const char *src, void *dst)
{
	uint32_t a;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (!src || uk_net_parse_ip4(src, strlen(src), &a) < 0)
		return 0;
	a = htonl(a);
	memcpy(dst, &a, sizeof(a));
	return 1;
}

const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
	const unsigned char *b = src;
	char tmp[INET_ADDRSTRLEN];
	int n;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	n = uk_snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", b[0], b[1], b[2],
			b[3]);
	if (n < 0 || (socklen_t)n >= size) {
		errno = ENOSPC;
		return NULL;
	}
	memcpy(dst, tmp, n + 1);
	return dst;
}

char *inet_ntoa(struct in_addr in)
{
	static char buf[INET_ADDRSTRLEN];

	return (char *)inet_ntop(AF_INET, &in.s_addr, buf, sizeof(buf));
}
