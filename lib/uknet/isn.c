/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TCP initial sequence numbers as RFC 6528 says: a clock (4 us ticks)
 * plus a keyed hash of the connection's addresses and ports, so that an
 * outsider cannot guess them (lwIP's default is 6510 plus a tick count).
 * The key comes from RDSEED/RDRAND when the CPU has them, else from TSC
 * jitter, mixed once on first use.
 */
#include <stdint.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/arch/cpu.h>
#include <uk/plat/time.h>
#include "isn.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND							\
	do {								\
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;			\
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;			\
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
	} while (0)

static uint64_t le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);	/* x86 is little-endian */
	return v;
}

uint64_t uk_siphash24(const uint8_t key[16], const void *data, size_t len)
{
	const uint8_t *in = data;
	uint64_t k0 = le64(key), k1 = le64(key + 8);
	uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
	uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
	uint64_t v3 = 0x7465646279746573ULL ^ k1;
	uint64_t b = (uint64_t)len << 56, m;
	size_t i, left = len & 7;

	for (i = 0; i + 8 <= len; i += 8) {
		m = le64(in + i);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (i = 0; i < left; i++)
		b |= (uint64_t)in[len - left + i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

#ifndef UK_HOST_TEST
static uint8_t key[16];
static int keyed;

static int hw_random(uint64_t *v)
{
	unsigned char ok = 0;
	int tries;

	for (tries = 0; tries < 10 && !ok; tries++) {
		if (x86_cpu_features()->rdseed)
			__asm__ __volatile__("rdseed %0; setc %1"
					     : "=r"(*v), "=qm"(ok));
		else if (x86_cpu_features()->rdrand)
			__asm__ __volatile__("rdrand %0; setc %1"
					     : "=r"(*v), "=qm"(ok));
		else
			return 0;
	}
	return ok;
}

static void make_key(void)
{
	uint64_t w[2], mix[4];
	int i;

	for (i = 0; i < 2; i++) {
		if (!hw_random(&w[i])) {
			/* TSC jitter: the low bits of many short waits. */
			uint64_t acc = 0;
			int j;

			for (j = 0; j < 64; j++) {
				uint64_t t = x86_rdtsc();

				acc = ROTL(acc, 7) ^ t;
				x86_pause();
			}
			w[i] = acc;
		}
	}
	mix[0] = w[0];
	mix[1] = w[1];
	mix[2] = x86_rdtsc();
	mix[3] = uk_plat_wall_ns();
	w[0] = uk_siphash24((const uint8_t *)mix, mix + 2, 16);
	w[1] = uk_siphash24((const uint8_t *)mix, mix, 32);
	memcpy(key, w, 16);
	keyed = 1;
}

/* The lwIP hook (LWIP_HOOK_TCP_ISN in lwipopts.h). */
unsigned int uk_lwip_tcp_isn(const void *local_ip, unsigned short local_port,
			     const void *remote_ip, unsigned short remote_port)
{
	uint8_t tuple[12];

	if (uk_unlikely(!keyed))
		make_key();
	memcpy(tuple, local_ip, 4);
	memcpy(tuple + 4, remote_ip, 4);
	memcpy(tuple + 8, &local_port, 2);
	memcpy(tuple + 10, &remote_port, 2);
	return (uint32_t)(uk_plat_monotonic_ns() / 4000) +
	       (uint32_t)uk_siphash24(key, tuple, sizeof(tuple));
}
#endif
