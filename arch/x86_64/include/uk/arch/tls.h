/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread-local storage, x86_64 variant II: the TLS block (.tdata then
 * .tbss) sits just below the thread control block, and %fs points at the
 * TCB, whose first word points to itself.
 */
#ifndef __UK_ARCH_TLS_H__
#define __UK_ARCH_TLS_H__

#include <stddef.h>

/* Bytes needed for one thread's TLS area (block + TCB), and its alignment. */
size_t uk_tls_area_size(void);
size_t uk_tls_area_align(void);

/*
 * Initialises a TLS area of uk_tls_area_size() bytes at area (aligned to
 * uk_tls_area_align()) from the image's .tdata/.tbss.  Returns the value
 * for the FS base.
 */
void *uk_tls_area_init(void *area);

/* Sets up and activates the boot thread's TLS (static storage). */
void x86_tls_boot_init(void);

#endif
