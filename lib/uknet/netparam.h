/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/uknet: parsing of the network options of the command
 * line.  Pure functions (unit-tested on the host).
 */
#ifndef __UKNET_NETPARAM_H__
#define __UKNET_NETPARAM_H__

#include <stdint.h>

/* An IPv4 configuration; addresses in host byte order. */
struct uk_net_ipcfg {
	uint32_t addr;
	uint32_t mask;
	uint32_t gw;		/* 0: none */
	unsigned int prefix;
};

/*
 * Parses a dotted-quad IPv4 address ("10.0.2.15": four decimal numbers
 * 0..255, no leading '+', no more than three digits each) of exactly len
 * characters.  Returns 0 or -EINVAL.
 */
int uk_net_parse_ip4(const char *s, unsigned int len, uint32_t *addr);

/*
 * inet_aton()'s forms: "a.b.c.d", "a.b.c" (c: 16 bits), "a.b" (b: 24
 * bits), "a" (32 bits); each part decimal, octal (leading 0) or hex
 * (0x).  The string ends after the address (a NUL or white space).
 * Returns 0 (*addr in host byte order) or -EINVAL.
 */
int uk_net_parse_aton(const char *s, uint32_t *addr);

/*
 * Parses "ADDR/PREFIX[:GATEWAY]" (netdev.ip=): PREFIX 1..32 (or 0 for
 * "no subnet"), the gateway inside the subnet and not the address
 * itself; ADDR neither 0.0.0.0 nor a broadcast or multicast address.
 * Returns 0, or -EINVAL with *why set to a short explanation.
 */
int uk_net_parse_ipcfg(const char *s, struct uk_net_ipcfg *cfg,
		       const char **why);

#endif
