/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * getrandom() (lib/newlib/random.c; newlib has no <sys/random.h>): bytes
 * from the generator behind /dev/urandom (ukvfs's devfs), which is seeded
 * at boot, so the call never blocks and the flags change nothing.
 */
#ifndef _SYS_RANDOM_H
#define _SYS_RANDOM_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GRND_NONBLOCK	0x01
#define GRND_RANDOM	0x02
#define GRND_INSECURE	0x04

ssize_t getrandom(void *buf, size_t len, unsigned int flags);
int getentropy(void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_RANDOM_H */
