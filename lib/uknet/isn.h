/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef __UKNET_ISN_H__
#define __UKNET_ISN_H__

#include <stddef.h>
#include <stdint.h>

/* SipHash-2-4 of len bytes at data under the 16-byte key. */
uint64_t uk_siphash24(const uint8_t key[16], const void *data, size_t len);

#endif
