/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 16550 UART console (COM1 by default).  Under a hypervisor every register
 * access is a trap, so we check "transmitter empty" once per FIFO load
 * (16 bytes) rather than before every byte.
 */
#include <stdint.h>
#include <uk/arch/io.h>
#include <uk/arch/cpu.h>
#include <uk/plat/console.h>
#include <uk/kvm/setup.h>

#define PORT		CONFIG_PLAT_KVM_SERIAL_PORT
#define THR		(PORT + 0)	/* transmit holding */
#define RBR		(PORT + 0)	/* receive buffer */
#define IER		(PORT + 1)
#define FCR		(PORT + 2)
#define LCR		(PORT + 3)
#define LSR		(PORT + 5)
#define LSR_DR		0x01		/* data ready */
#define LSR_THRE	0x20		/* transmit FIFO empty */
#define LSR_TEMT	0x40		/* transmitter idle: all sent */
#define FIFO_SIZE	16
/*
 * QEMU holds bytes in the UART's FIFO while the host side (a pipe, a
 * terminal) is not reading; we wait for room rather than overwrite them.
 * The bound keeps a VM whose console nobody reads from stalling forever.
 */
#define SPIN_MAX	(1 << 22)

static int fifo_room;

void kvm_serial_init(void)
{
	outb(IER, 0x00);	/* no interrupts: we poll */
	outb(LCR, 0x03);	/* 8N1 */
	outb(FCR, 0x07);	/* FIFOs on and cleared */
	fifo_room = 0;
}

static void put(char c)
{
	if (fifo_room == 0) {
		int spin = SPIN_MAX;

		/* Bounded: a stuck UART must not hang a crash dump. */
		while (!(inb(LSR) & LSR_THRE) && --spin)
			x86_pause();
		fifo_room = FIFO_SIZE;
	}
	outb(THR, c);
	fifo_room--;
}

int uk_plat_console_write(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			put('\r');
		put(buf[i]);
	}
	return len;
}

/* Waits until every byte has left the UART (before the VM powers off). */
void kvm_serial_flush(void)
{
	int spin = SPIN_MAX;

	while (!(inb(LSR) & LSR_TEMT) && --spin)
		x86_pause();
}

int uk_plat_console_read(char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && (inb(LSR) & LSR_DR))
		buf[n++] = inb(RBR);
	return n;
}
