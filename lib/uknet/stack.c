/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Starting the stack: lwIP and its timer thread, an interface per
 * network device, IPv4 configuration (DHCP, or netdev.ip= from the
 * command line), and the receive thread that polls the devices.
 *
 * The receive thread sleeps until a device's interrupt wakes it, then
 * polls every device (a budget of frames each, yielding between rounds
 * so that applications run) until none has work, and re-arms the
 * devices' events: interrupts are coalesced while traffic flows.
 *
 * main() starts once every DHCP interface has its address (or after
 * CONFIG_LIBUKNET_DHCP_WAIT_MS): a server's first accept() should not
 * race its own configuration.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/sched.h>
#include <uk/wait.h>
#include <uk/plat/time.h>
#include "lwip/opt.h"
#include "lwip/init.h"
#include "lwip/tcpip.h"
#include "lwip/netif.h"
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/ip4_addr.h"
#include "uknet.h"
#include "netparam.h"

#define POLL_BUDGET 64
#define STARVED_RETRY_NS (10 * 1000000ULL)

/* --- command line ---------------------------------------------------------- */

/* netdev.ip= for net0, net1... in the order given; unset: DHCP. */
static struct {
	int is_static;
	struct uk_net_ipcfg ip;
} cfg[UKNET_MAX_IFS];
static unsigned int ncfg;
static uint32_t dns_addr;
/*
 * A netdev.ip= or netdev.dns= that could not be parsed: boot stops in
 * uknet_init() rather than come up with another address than asked.
 */
static int bad_param;

static int param_ip(const char *value)
{
	const char *why;

	if (ncfg == UKNET_MAX_IFS) {
		uk_pr_err("netdev.ip: more than %d given\n", UKNET_MAX_IFS);
		bad_param = 1;
		return -E2BIG;
	}
	if (!strcmp(value, "dhcp")) {
		cfg[ncfg++].is_static = 0;
		return 0;
	}
	if (uk_net_parse_ipcfg(value, &cfg[ncfg].ip, &why) < 0) {
		uk_pr_err("netdev.ip=%s: %s\n", value, why);
		bad_param = 1;
		return -EINVAL;
	}
	cfg[ncfg++].is_static = 1;
	return 0;
}
UK_LIBPARAM_FN("netdev.ip", param_ip);

static int param_dns(const char *value)
{
	if (uk_net_parse_ip4(value, strlen(value), &dns_addr) < 0) {
		uk_pr_err("netdev.dns=%s: not an IPv4 address\n", value);
		bad_param = 1;
		return -EINVAL;
	}
	return 0;
}
UK_LIBPARAM_FN("netdev.dns", param_dns);

/* --- the receive thread ------------------------------------------------------ */

static struct uk_waitq net_wq = UK_WAITQ_INIT(net_wq);
static volatile int net_pending;

void uk_net_wake(void)
{
	net_pending = 1;
	uk_waitq_wake_all(&net_wq);
}

static void net_thread(void *arg)
{
	for (;;) {
		uint64_t deadline;
		unsigned long f;
		int more;

		net_pending = 0;
		LOCK_TCPIP_CORE();
		more = uk_netif_poll_all(POLL_BUDGET);
		UNLOCK_TCPIP_CORE();
		if (more) {
			uk_sched_yield();
			continue;
		}
		if (uk_netif_enable_events())
			continue;
		/* Refused buffers come back when a frame is freed; memory
		 * may come back otherwise: then try again after a while. */
		deadline = uk_netif_rx_starved() ?
			   uk_plat_monotonic_ns() + STARVED_RETRY_NS : 0;
		f = uk_irq_save();
		while (!net_pending)
			if (uk_waitq_wait(&net_wq, deadline))
				break;
		uk_irq_restore(f);
	}
}

/* --- configuration ----------------------------------------------------------- */

static struct uk_waitq cfg_wq = UK_WAITQ_INIT(cfg_wq);
static unsigned int dhcp_waiting;
static struct netif *dhcp_ifs[UKNET_MAX_IFS];

static unsigned int prefix_len(const ip4_addr_t *mask)
{
	uint32_t m = lwip_ntohl(ip4_addr_get_u32(mask));

	return m ? 32 - (unsigned int)__builtin_ctz(m) : 0;
}

/* Address changes (core lock held): print, and release the boot wait. */
static void status_cb(struct netif *nif)
{
	unsigned int i, index = uk_netif_dev(nif)->index;
	char addr[IP4ADDR_STRLEN_MAX], gw[IP4ADDR_STRLEN_MAX];
	const char *how = " (static)";

	if (ip4_addr_isany(netif_ip4_addr(nif)))
		return;
	for (i = 0; i < UKNET_MAX_IFS; i++) {
		if (dhcp_ifs[i] == nif) {
			dhcp_ifs[i] = NULL;
			dhcp_waiting--;
			uk_waitq_wake_all(&cfg_wq);
		}
	}
	if (dhcp_supplied_address(nif))
		how = " (DHCP)";
	ip4addr_ntoa_r(netif_ip4_addr(nif), addr, sizeof(addr));
	if (ip4_addr_isany(netif_ip4_gw(nif))) {
		uk_pr_info("net%u: %s/%u%s\n", index, addr,
			   prefix_len(netif_ip4_netmask(nif)), how);
	} else {
		ip4addr_ntoa_r(netif_ip4_gw(nif), gw, sizeof(gw));
		uk_pr_info("net%u: %s/%u, gateway %s%s\n", index, addr,
			   prefix_len(netif_ip4_netmask(nif)), gw, how);
	}
}

static int uknet_init(void)
{
	unsigned int i, n = uk_netdev_count(), up = 0;

	if (bad_param) {
		uk_pr_crit("network configuration on the command line is not"
			   " valid (see above): stopping\n");
		return -EINVAL;
	}
	tcpip_init(NULL, NULL);
	LOCK_TCPIP_CORE();
	for (i = 0; i < n; i++) {
		struct netif *nif = uk_netif_attach(uk_netdev_get(i));

		if (!nif)
			continue;
		netif_set_status_callback(nif, status_cb);
		if (!up++)
			netif_set_default(nif);
		if (i < ncfg && cfg[i].is_static) {
			ip4_addr_t a, m, g;

			ip4_addr_set_u32(&a, lwip_htonl(cfg[i].ip.addr));
			ip4_addr_set_u32(&m, lwip_htonl(cfg[i].ip.mask));
			ip4_addr_set_u32(&g, lwip_htonl(cfg[i].ip.gw));
			netif_set_addr(nif, &a, &m, &g);
		} else if (dhcp_start(nif) == ERR_OK) {
			dhcp_ifs[i] = nif;
			dhcp_waiting++;
		} else {
			uk_pr_err("net%u: cannot start DHCP\n", i);
		}
	}
	if (dns_addr) {
		ip_addr_t d;

		ip_addr_set_ip4_u32(&d, lwip_htonl(dns_addr));
		dns_setserver(0, &d);
	}
	UNLOCK_TCPIP_CORE();
	if (!up)
		uk_pr_info("no network device: loopback only\n");
	if (i < ncfg)
		uk_pr_warn("netdev.ip given for %u devices, %u found\n", ncfg,
			   n);
	if (!uk_thread_create("net", 0, net_thread, NULL))
		return -ENOMEM;
	return 0;
}
UK_INIT_LIB(uknet_init);

/* In the main thread, before main(): wait for DHCP (see above). */
static void __attribute__((constructor)) uknet_wait_config(void)
{
	uint64_t deadline;
	unsigned long f;
	unsigned int i;

	if (!dhcp_waiting || !CONFIG_LIBUKNET_DHCP_WAIT_MS)
		return;
	deadline = uk_plat_monotonic_ns() +
		   CONFIG_LIBUKNET_DHCP_WAIT_MS * 1000000ULL;
	f = uk_irq_save();
	while (dhcp_waiting && uk_plat_monotonic_ns() < deadline)
		uk_waitq_wait(&cfg_wq, deadline);
	uk_irq_restore(f);
	LOCK_TCPIP_CORE();
	for (i = 0; i < UKNET_MAX_IFS; i++)
		if (dhcp_ifs[i])
			uk_pr_warn("net%u: no DHCP lease after %d ms; going on"
				   " without an address\n", i,
				   CONFIG_LIBUKNET_DHCP_WAIT_MS);
	UNLOCK_TCPIP_CORE();
}
