/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netdev.ip=ADDR/PREFIX[:GATEWAY]: the static IPv4 configuration of a
 * device, checked strictly (a typo on the command line must be an error
 * message, not a strange address).
 */
#include <errno.h>
#include <stddef.h>
#include "netparam.h"

int uk_net_parse_ip4(const char *s, unsigned int len, uint32_t *addr)
{
	uint32_t a = 0;
	unsigned int i = 0, part;

	for (part = 0; part < 4; part++) {
		unsigned int v = 0, digits = 0;

		if (part) {
			if (i >= len || s[i] != '.')
				return -EINVAL;
			i++;
		}
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (++digits > 3)
				return -EINVAL;
			v = v * 10 + (unsigned int)(s[i] - '0');
			i++;
		}
		if (!digits || v > 255)
			return -EINVAL;
		a = a << 8 | v;
	}
	if (i != len)
		return -EINVAL;
	*addr = a;
	return 0;
}

int uk_net_parse_aton(const char *s, uint32_t *addr)
{
	uint32_t part[4];
	unsigned int n = 0;

	for (;;) {
		uint64_t v = 0;
		unsigned int base = 10, digits = 0;

		if (*s == '0') {
			base = 8;
			s++;
			digits = 1;
			if (*s == 'x' || *s == 'X') {
				base = 16;
				s++;
				digits = 0;
			}
		}
		for (;; s++) {
			unsigned int d;

			if (*s >= '0' && *s <= '9')
				d = (unsigned int)(*s - '0');
			else if (base == 16 && *s >= 'a' && *s <= 'f')
				d = (unsigned int)(*s - 'a' + 10);
			else if (base == 16 && *s >= 'A' && *s <= 'F')
				d = (unsigned int)(*s - 'A' + 10);
			else
				break;
			if (d >= base)
				return -EINVAL;
			v = v * base + d;
			if (v > 0xffffffffu)
				return -EINVAL;
			digits++;
		}
		if (!digits)
			return -EINVAL;
		part[n++] = (uint32_t)v;
		if (*s != '.')
			break;
		if (n == 4)
			return -EINVAL;
		s++;
	}
	if (*s && *s != ' ' && *s != '\t' && *s != '\n')
		return -EINVAL;
	switch (n) {
	case 1:
		*addr = part[0];
		return 0;
	case 2:
		if (part[0] > 0xff || part[1] > 0xffffff)
			return -EINVAL;
		*addr = part[0] << 24 | part[1];
		return 0;
	case 3:
		if (part[0] > 0xff || part[1] > 0xff || part[2] > 0xffff)
			return -EINVAL;
		*addr = part[0] << 24 | part[1] << 16 | part[2];
		return 0;
	default:
		if (part[0] > 0xff || part[1] > 0xff || part[2] > 0xff ||
		    part[3] > 0xff)
			return -EINVAL;
		*addr = part[0] << 24 | part[1] << 16 | part[2] << 8 | part[3];
		return 0;
	}
}

static unsigned int span(const char *s, char stop)
{
	unsigned int n = 0;

	while (s[n] && s[n] != stop)
		n++;
	return n;
}

int uk_net_parse_ipcfg(const char *s, struct uk_net_ipcfg *cfg,
		       const char **why)
{
	unsigned int n, prefix = 0, digits = 0;
	const char *p;
	uint32_t mask;

	*why = "expected ADDR/PREFIX[:GATEWAY], e.g. 10.0.0.2/24:10.0.0.1";
	if (!s)
		return -EINVAL;
	n = span(s, '/');
	if (!s[n] || uk_net_parse_ip4(s, n, &cfg->addr) < 0)
		return -EINVAL;
	p = s + n + 1;
	while (*p >= '0' && *p <= '9') {
		if (++digits > 2)
			return -EINVAL;
		prefix = prefix * 10 + (unsigned int)(*p++ - '0');
	}
	if (!digits || prefix > 32 || (*p && *p != ':')) {
		*why = "the prefix length must be 0..32";
		return -EINVAL;
	}
	mask = prefix ? 0xffffffffu << (32 - prefix) : 0;
	cfg->prefix = prefix;
	cfg->mask = mask;
	cfg->gw = 0;
	if (*p == ':') {
		p++;
		if (uk_net_parse_ip4(p, span(p, '\0'), &cfg->gw) < 0)
			return -EINVAL;
		if (cfg->gw == cfg->addr || ((cfg->gw ^ cfg->addr) & mask) ||
		    cfg->gw == 0) {
			*why = "the gateway must be another address of the subnet";
			return -EINVAL;
		}
	}
	if (cfg->addr == 0 || (cfg->addr >> 28) >= 0xe ||
	    (prefix && prefix < 31 && ((cfg->addr & ~mask) == ~mask ||
				       (cfg->addr & ~mask) == 0))) {
		*why = "not a host address (network, broadcast or multicast)";
		return -EINVAL;
	}
	*why = NULL;
	return 0;
}
