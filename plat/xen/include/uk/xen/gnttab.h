/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Grant tables: how a guest lets another domain (a backend in dom0) map
 * or copy one of its pages.  A grant reference names the page for that
 * domain; it goes to the backend through xenstore or a ring.  Used by the
 * Xen drivers (netfront, 9pfront); nothing above the platform needs it.
 */
#ifndef __UK_XEN_GNTTAB_H__
#define __UK_XEN_GNTTAB_H__

#include <stdint.h>

/*
 * Grants domain domid access to our page frame gfn (physical address
 * >> 12), read-only if readonly.  Returns the grant reference (>= 0), or
 * -ENOSPC when every reference is in use, or -ENODEV when the grant
 * table could not be set up.
 */
int uk_xen_gnttab_grant(uint16_t domid, uint64_t gfn, int readonly);

/*
 * Ends the access given by ref and frees the reference.  Returns 0, or
 * -EBUSY if the other domain still has the page mapped (nothing changes:
 * retry once it has unmapped), -EINVAL for a reference not granted.
 */
int uk_xen_gnttab_end(uint32_t ref);

/* Number of references free now (tests, statistics). */
unsigned int uk_xen_gnttab_free_count(void);

#endif
