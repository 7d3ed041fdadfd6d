/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <netdb.h>: getaddrinfo and friends over lwIP's DNS client.  IPv4
 * only.  Numeric hosts and "localhost" need no server; other names are
 * asked of the DNS server from DHCP (or netdev.dns=).
 */
#include <errno.h>
#include <string.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/condvar.h>
#include "lwip/opt.h"
#include "lwip/dns.h"
#include "lwip/tcpip.h"
#include "uknet.h"
#include "netparam.h"

int h_errno;

static const struct {
	const char *name;
	uint16_t port;
} services[] = {
	{ "echo", 7 }, { "ftp", 21 }, { "ssh", 22 }, { "telnet", 23 },
	{ "smtp", 25 }, { "domain", 53 }, { "http", 80 }, { "pop3", 110 },
	{ "ntp", 123 }, { "imap", 143 }, { "https", 443 },
	{ "http-alt", 8080 },
};

/* A lookup in flight. */
struct lookup {
	struct uk_condvar cv;
	int done, found;
	uint32_t addr;
};

static void dns_found(const char *name, const ip_addr_t *ip, void *arg)
{
	struct lookup *q = arg;

	q->found = ip != NULL;
	if (ip)
		q->addr = ip4_addr_get_u32(ip_2_ip4(ip));
	q->done = 1;
	uk_condvar_broadcast(&q->cv);
}

/* Resolves name; 0 and *addr (network order), or an EAI_ code. */
static int resolve(const char *name, uint32_t *addr)
{
	struct lookup *q;
	ip_addr_t ip;
	err_t e;
	int rc;

	if (strlen(name) >= DNS_MAX_NAME_LENGTH)
		return EAI_NONAME;
	q = uk_calloc(1, sizeof(*q));
	if (!q)
		return EAI_MEMORY;
	uk_condvar_init(&q->cv);
	LOCK_TCPIP_CORE();
	e = dns_gethostbyname(name, &ip, dns_found, q);
	if (e == ERR_OK) {
		*addr = ip4_addr_get_u32(ip_2_ip4(&ip));
		rc = 0;
	} else if (e == ERR_INPROGRESS) {
		/* lwIP always answers, at worst after its retries */
		while (!q->done)
			uk_condvar_wait(&q->cv, &lock_tcpip_core.mtx);
		*addr = q->addr;
		rc = q->found ? 0 : EAI_NONAME;
	} else {
		rc = EAI_FAIL;
	}
	UNLOCK_TCPIP_CORE();
	uk_free(q);
	return rc;
}

static int parse_service(const char *service, int flags, uint16_t *port)
{
	unsigned long v = 0;
	const char *p;
	size_t i;

	if (!service || !*service) {
		*port = 0;
		return 0;
	}
	for (p = service; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 65535)
			return EAI_SERVICE;
	}
	if (!*p) {
		*port = (uint16_t)v;
		return 0;
	}
	if (flags & AI_NUMERICSERV)
		return EAI_NONAME;
	for (i = 0; i < sizeof(services) / sizeof(services[0]); i++) {
		if (!strcmp(service, services[i].name)) {
			*port = services[i].port;
			return 0;
		}
	}
	return EAI_SERVICE;
}

static struct addrinfo *new_ai(int socktype, int protocol, uint32_t addr,
			       uint16_t port, const char *canon)
{
	struct {
		struct addrinfo ai;
		struct sockaddr_in sin;
	} *m = uk_calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->ai.ai_family = AF_INET;
	m->ai.ai_socktype = socktype;
	m->ai.ai_protocol = protocol;
	m->ai.ai_addrlen = sizeof(m->sin);
	m->ai.ai_addr = (struct sockaddr *)&m->sin;
	m->sin.sin_family = AF_INET;
	m->sin.sin_port = htons(port);
	m->sin.sin_addr.s_addr = addr;
	if (canon) {
		size_t n = strlen(canon) + 1;

		m->ai.ai_canonname = uk_malloc(n);
		if (!m->ai.ai_canonname) {
			uk_free(m);
			return NULL;
		}
		memcpy(m->ai.ai_canonname, canon, n);
	}
	return &m->ai;
}

void freeaddrinfo(struct addrinfo *res)
{
	while (res) {
		struct addrinfo *next = res->ai_next;

		uk_free(res->ai_canonname);
		uk_free(res);	/* the sockaddr is in the same block */
		res = next;
	}
}

int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res)
{
	static const int kinds[][2] = {
		{ SOCK_STREAM, IPPROTO_TCP }, { SOCK_DGRAM, IPPROTO_UDP },
	};
	int family = hints ? hints->ai_family : AF_UNSPEC;
	int socktype = hints ? hints->ai_socktype : 0;
	int protocol = hints ? hints->ai_protocol : 0;
	int flags = hints ? hints->ai_flags : 0;
	struct addrinfo *head = NULL, **tail = &head;
	uint32_t addr;
	uint16_t port;
	unsigned int i;
	int rc;

	if (!res)
		return EAI_FAIL;
	*res = NULL;
	if (!node && !service)
		return EAI_NONAME;
	if (family != AF_UNSPEC && family != AF_INET)
		return EAI_FAMILY;
	if (socktype && socktype != SOCK_STREAM && socktype != SOCK_DGRAM)
		return EAI_SOCKTYPE;
	rc = parse_service(service, flags, &port);
	if (rc)
		return rc;
	if (!node) {
		addr = htonl(flags & AI_PASSIVE ? INADDR_ANY : INADDR_LOOPBACK);
	} else if (uk_net_parse_aton(node, &addr) == 0) {
		addr = htonl(addr);
	} else if (flags & AI_NUMERICHOST) {
		return EAI_NONAME;
	} else if (!strcmp(node, "localhost")) {
		addr = htonl(INADDR_LOOPBACK);
	} else {
		rc = resolve(node, &addr);
		if (rc)
			return rc;
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct addrinfo *ai;

		if (socktype && socktype != kinds[i][0])
			continue;
		if (protocol && protocol != kinds[i][1])
			continue;
		ai = new_ai(kinds[i][0], kinds[i][1], addr, port,
			    (flags & AI_CANONNAME) && !head ? node : NULL);
		if (!ai) {
			freeaddrinfo(head);
			return EAI_MEMORY;
		}
		*tail = ai;
		tail = &ai->ai_next;
	}
	if (!head)
		return EAI_SOCKTYPE;
	*res = head;
	return 0;
}

const char *gai_strerror(int err)
{
	switch (err) {
	case 0:
		return "Success";
	case EAI_BADFLAGS:
		return "Bad value for ai_flags";
	case EAI_NONAME:
		return "Name or service not known";
	case EAI_AGAIN:
		return "Temporary failure in name resolution";
	case EAI_FAIL:
		return "Non-recoverable failure in name resolution";
	case EAI_FAMILY:
		return "ai_family not supported";
	case EAI_SOCKTYPE:
		return "ai_socktype not supported";
	case EAI_SERVICE:
		return "Service not available for socket type";
	case EAI_MEMORY:
		return "Memory allocation failure";
	case EAI_SYSTEM:
		return "System error";
	case EAI_OVERFLOW:
		return "Argument buffer overflow";
	default:
		return "Unknown error";
	}
}

int getnameinfo(const struct sockaddr *addr, socklen_t addrlen, char *host,
		socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)addr;

	if (!addr || addrlen < sizeof(*sin) || sin->sin_family != AF_INET)
		return EAI_FAMILY;
	/* no reverse lookups: names are the numbers */
	if (host && hostlen) {
		if (flags & NI_NAMEREQD)
			return EAI_NONAME;
		if (!inet_ntop(AF_INET, &sin->sin_addr, host, hostlen))
			return EAI_OVERFLOW;
	}
	if (serv && servlen) {
		int n = uk_snprintf(serv, servlen, "%u",
				    (unsigned int)ntohs(sin->sin_port));

		if (n < 0 || (socklen_t)n >= servlen)
			return EAI_OVERFLOW;
	}
	return 0;
}

struct hostent *gethostbyname(const char *name)
{
	static struct in_addr addr;
	static char *addrs[2] = { (char *)&addr, NULL };
	static char *aliases[1] = { NULL };
	static char hname[DNS_MAX_NAME_LENGTH];
	static struct hostent he = {
		.h_name = hname, .h_aliases = aliases, .h_addrtype = AF_INET,
		.h_length = sizeof(struct in_addr), .h_addr_list = addrs,
	};
	struct addrinfo hints = { .ai_family = AF_INET,
				  .ai_socktype = SOCK_STREAM }, *ai;
	int rc;

	if (!name) {
		h_errno = HOST_NOT_FOUND;
		return NULL;
	}
	rc = getaddrinfo(name, NULL, &hints, &ai);
	if (rc) {
		h_errno = rc == EAI_AGAIN ? TRY_AGAIN : HOST_NOT_FOUND;
		return NULL;
	}
	addr = ((struct sockaddr_in *)ai->ai_addr)->sin_addr;
	freeaddrinfo(ai);
	strncpy(hname, name, sizeof(hname) - 1);
	return &he;
}
