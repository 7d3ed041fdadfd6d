/* SPDX-License-Identifier: BSD-3-Clause */
/* x86 port I/O (allowed in ring 3 with IOPL 3, so these stay inline). */
#ifndef __UK_ARCH_IO_H__
#define __UK_ARCH_IO_H__

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* MMIO accessors: volatile, never merged or reordered by the compiler. */
static inline uint8_t mmio_read8(const volatile void *a)
{
	return *(const volatile uint8_t *)a;
}

static inline uint16_t mmio_read16(const volatile void *a)
{
	return *(const volatile uint16_t *)a;
}

static inline uint32_t mmio_read32(const volatile void *a)
{
	return *(const volatile uint32_t *)a;
}

static inline uint64_t mmio_read64(const volatile void *a)
{
	return *(const volatile uint64_t *)a;
}

static inline void mmio_write8(volatile void *a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

static inline void mmio_write16(volatile void *a, uint16_t v)
{
	*(volatile uint16_t *)a = v;
}

static inline void mmio_write32(volatile void *a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline void mmio_write64(volatile void *a, uint64_t v)
{
	*(volatile uint64_t *)a = v;
}

/* Barriers.  x86 is TSO: only store->load needs a fence. */
#define uk_barrier()	__asm__ __volatile__("" ::: "memory")
#define uk_mb()		__asm__ __volatile__("mfence" ::: "memory")
#define uk_rmb()	uk_barrier()
#define uk_wmb()	uk_barrier()

#endif
