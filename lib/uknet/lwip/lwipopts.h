/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's configuration for Unikit (private to lib/uknet).
 *
 * Tuned for a server: IPv4, TCP with window scaling and large windows,
 * UDP, DHCP, DNS; enough control blocks for thousands of connections.
 * Nothing is preallocated: every pool (pbufs, PCBs, segments) grows on
 * demand from ukalloc and shrinks back, so an idle image stays within a
 * few MiB of guest memory.  Received frames live in buffers lent to the
 * driver (netif.c); the core runs under one lock (LWIP_TCPIP_CORE_LOCKING)
 * taken by the receive thread, lwIP's timer thread and socket calls.
 */
#ifndef __UKNET_LWIPOPTS_H__
#define __UKNET_LWIPOPTS_H__

#include <stddef.h>
#include <uk/config.h>

/* --- system ---------------------------------------------------------------- */
#define NO_SYS				0
#define SYS_LIGHTWEIGHT_PROT		1
#define LWIP_TCPIP_CORE_LOCKING		1
#define LWIP_TCPIP_CORE_LOCKING_INPUT	1
#define TCPIP_THREAD_NAME		"lwip"
#define TCPIP_THREAD_STACKSIZE		(32 * 1024)
#define TCPIP_MBOX_SIZE			128
#define DEFAULT_THREAD_STACKSIZE	(32 * 1024)
#define LWIP_MPU_COMPATIBLE		0

void uk_lwip_assert_core_locked(void);
#define LWIP_ASSERT_CORE_LOCKED()	uk_lwip_assert_core_locked()

/* --- memory: the C heap for everything ----------------------------------- */
void *uk_lwip_malloc(size_t size);
void *uk_lwip_calloc(size_t n, size_t size);
void uk_lwip_free(void *p);
#define MEM_LIBC_MALLOC			1
#define mem_clib_malloc			uk_lwip_malloc
#define mem_clib_calloc			uk_lwip_calloc
#define mem_clib_free			uk_lwip_free
#define MEMP_MEM_MALLOC			1
#define MEM_ALIGNMENT			8
/*
 * With MEMP_MEM_MALLOC the pool sizes below are not limits, only what
 * lwIP's statistics and sanity checks expect: memory is the limit.
 */
#define MEMP_NUM_TCP_PCB		1100
#define MEMP_NUM_TCP_PCB_LISTEN		16
#define MEMP_NUM_TCP_SEG		4096
#define MEMP_NUM_UDP_PCB		64
#define MEMP_NUM_PBUF			4096
#define MEMP_NUM_REASSDATA		16
#define MEMP_NUM_FRAG_PBUF		64
#define MEMP_NUM_ARP_QUEUE		64
#define MEMP_NUM_SYS_TIMEOUT		(LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)
/* ...from a static array (patches/0002): timers survive running out of memory */
#define LWIP_SYS_TIMEOUT_STATIC		1
#define MEMP_NUM_NETCONN		1100
#define MEMP_NUM_NETBUF			256
#define MEMP_NUM_TCPIP_MSG_API		64
#define MEMP_NUM_TCPIP_MSG_INPKT	256
#define PBUF_POOL_SIZE			64
#define PBUF_POOL_BUFSIZE		1536

/* --- link layer ------------------------------------------------------------ */
#define LWIP_ARP			1
#define ARP_TABLE_SIZE			32
#define ARP_QUEUEING			1
#define ARP_QUEUE_LEN			8
#define ETH_PAD_SIZE			0
#define LWIP_ETHERNET			1
#define LWIP_NETIF_STATUS_CALLBACK	1
#define LWIP_NETIF_LINK_CALLBACK	0
#define LWIP_NETIF_HOSTNAME		1
#define LWIP_NETIF_TX_SINGLE_PBUF	0
#define LWIP_CHECKSUM_CTRL_PER_NETIF	1
#define LWIP_HAVE_LOOPIF		1
#define LWIP_NETIF_LOOPBACK		1
#define LWIP_LOOPBACK_MAX_PBUFS		0
#define LWIP_NETIF_LOOPBACK_MULTITHREADING 1

/* --- IPv4, ICMP, DHCP, DNS ------------------------------------------------- */
#define LWIP_IPV4			1
#define LWIP_IPV6			0
#define IP_FORWARD			0
#define IP_REASSEMBLY			1
#define IP_FRAG				1
#define IP_REASS_MAX_PBUFS		32
/* seconds a partial datagram may hold receive buffers */
#define IP_REASS_MAXAGE			5
#define IP_DEFAULT_TTL			64
#define LWIP_ICMP			1
#define LWIP_RAW			0
#define LWIP_IGMP			0
#define LWIP_DHCP			1
/* The ARP probe after an offer costs a second of boot for nothing on a
 * virtual network whose DHCP server is the host. */
#define DHCP_DOES_ARP_CHECK		0
#define LWIP_DHCP_MAX_DNS_SERVERS	2
#define LWIP_AUTOIP			0
#define LWIP_DNS			1
#define DNS_MAX_SERVERS			2
#define DNS_TABLE_SIZE			8
#define LWIP_DNS_SECURE			(LWIP_DNS_SECURE_RAND_XID | LWIP_DNS_SECURE_NO_MULTIPLE_OUTSTANDING | LWIP_DNS_SECURE_RAND_SRC_PORT)

/* --- UDP, TCP ---------------------------------------------------------------- */
#define LWIP_UDP			1
#define LWIP_TCP			1
#define TCP_MSS				1460
#define LWIP_WND_SCALE			1
#define TCP_RCV_SCALE			3
#define TCP_WND				(CONFIG_LIBUKNET_TCP_WND_KB * 1024)
#define TCP_SND_BUF			(CONFIG_LIBUKNET_TCP_SNDBUF_KB * 1024)
/* Zero-copy writes take two pbufs per segment (header, data). */
#define TCP_SND_QUEUELEN		((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define TCP_OVERSIZE			TCP_MSS
/* "Writable" again (netconn): a quarter of the buffer free. */
#define TCP_SNDLOWAT			(TCP_SND_BUF / 4 < 0xffff - 4 * TCP_MSS - 1 ? \
					 TCP_SND_BUF / 4 : 0xffff - 4 * TCP_MSS - 1)
#define TCP_SNDQUEUELOWAT		(TCP_SND_QUEUELEN / 4)
#define TCP_QUEUE_OOSEQ			1
#define TCP_OOSEQ_MAX_PBUFS		64
#define TCP_OOSEQ_MAX_BYTES		TCP_WND
#define LWIP_TCP_SACK_OUT		1
#define TCP_LISTEN_BACKLOG		1
#define TCP_DEFAULT_LISTEN_BACKLOG	255
#define LWIP_TCP_KEEPALIVE		1
#define LWIP_TCP_TIMESTAMPS		0
#define TCP_WND_UPDATE_THRESHOLD	(TCP_WND / 4 < TCP_MSS * 4 ? TCP_WND / 4 : TCP_MSS * 4)
#define TCP_MAXRTX			12
/* lwIP times retransmissions in ticks of 2 x this: 200 ms, not 500 ms */
#define TCP_TMR_INTERVAL		100
#define TCP_SYNMAXRTX			6
#define SO_REUSE			1
#define LWIP_CALLBACK_API		1

/* The sendfile() pin: pbufs for data tcp_write() does not copy. */
struct pbuf;
struct pbuf *uk_lwip_nocopy_pbuf(unsigned short len, const void *data);
#define LWIP_HOOK_TCP_NOCOPY_PBUF(len, data) uk_lwip_nocopy_pbuf(len, data)

/* Initial sequence numbers as RFC 6528 says (isn.c). */
unsigned int uk_lwip_tcp_isn(const void *local_ip, unsigned short local_port,
			     const void *remote_ip, unsigned short remote_port);
#define LWIP_HOOK_TCP_ISN(lip, lport, rip, rport) \
	uk_lwip_tcp_isn(lip, lport, rip, rport)

/* --- APIs ---------------------------------------------------------------------
 * Sockets are Unikit's own (socket.c, on the raw API, installed in the C
 * library's descriptor table); lwIP's would leak its names into apps.
 */
#define LWIP_SOCKET			0
#ifdef CONFIG_LIBUKNET_NETCONN
#define LWIP_NETCONN			1
#else
#define LWIP_NETCONN			0
#endif
#define LWIP_NETIF_API			0
#define LWIP_SO_RCVTIMEO		1
#define LWIP_SO_SNDTIMEO		1
#define LWIP_TCPIP_TIMEOUT		0
#define DEFAULT_TCP_RECVMBOX_SIZE	64
#define DEFAULT_UDP_RECVMBOX_SIZE	64
#define DEFAULT_ACCEPTMBOX_SIZE		64
#define LWIP_DONT_PROVIDE_BYTEORDER_FUNCTIONS 1

/* --- checksums (per netif: offloaded when the device can) ---------------- */
#define CHECKSUM_GEN_IP			1
#define CHECKSUM_GEN_UDP		1
#define CHECKSUM_GEN_TCP		1
#define CHECKSUM_GEN_ICMP		1
#define CHECKSUM_CHECK_IP		1
#define CHECKSUM_CHECK_UDP		1
#define CHECKSUM_CHECK_TCP		1
#define CHECKSUM_CHECK_ICMP		1
#define LWIP_CHKSUM_ALGORITHM		3

/* --- statistics: drops are counted, see uk_net_stats() ------------------- */
#define LWIP_STATS			1
#define LWIP_STATS_DISPLAY		0
#define LINK_STATS			1
#define ETHARP_STATS			1
#define IP_STATS			1
#define IPFRAG_STATS			1
#define ICMP_STATS			1
#define UDP_STATS			1
#define TCP_STATS			1
#define MEM_STATS			0
#define MEMP_STATS			0
#define SYS_STATS			0


#endif
