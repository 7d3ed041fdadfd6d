/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform interface: what the loader handed over. */
#ifndef __UK_PLAT_BOOTINFO_H__
#define __UK_PLAT_BOOTINFO_H__

#include <stddef.h>
#include <stdint.h>

/*
 * Returns the kernel command line (QEMU -append, xl cmdline), NUL
 * terminated, without the image path that multiboot loaders prepend.
 * Never NULL; "" if none was given.  The string may be modified in place.
 */
char *uk_plat_cmdline(void);

/*
 * Describes the initial ramdisk (QEMU -initrd, xl ramdisk) if one was
 * given: *base and *len get its location in memory.  Returns 0; -ENOENT
 * if there is none; -EINVAL if one was given but cannot be used (out of
 * reach, or beyond the end of RAM: the platform said why on the console).
 * The memory stays reserved and readable for the VM's lifetime, so files
 * in it can be served without a copy.
 */
int uk_plat_initrd(const void **base, size_t *len);

/* TSC value at the image's first instruction (0 if unknown). */
uint64_t uk_plat_boot_tsc(void);

#endif
