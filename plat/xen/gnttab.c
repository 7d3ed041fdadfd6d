/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Grant tables, version 1: an array of (flags, domid, frame) entries in
 * frames Xen maps into our physical address space (XENMEM_add_to_physmap,
 * XENMAPSPACE_grant_table) over pages of our .bss.  Free references are
 * kept on a stack.  Set up on first use, so images without Xen drivers
 * never pay for it.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/io.h>
#include <uk/arch/irq.h>
#include <uk/xen/gnttab.h>
#include "xen.h"

#define FRAMES		CONFIG_PLAT_XEN_GNTTAB_FRAMES
#define PER_FRAME	(4096 / sizeof(struct grant_entry_v1))
#define MAX_REFS	(FRAMES * PER_FRAME)

static uint8_t frames[FRAMES][4096] __uk_aligned(4096);
static volatile struct grant_entry_v1 *table;
static uint32_t free_refs[MAX_REFS];
static unsigned int nfree;
static int init_rc = 1;	/* 1: not tried yet */

static int gnttab_init(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	unsigned int i, n;
	int rc;

	rc = xen_errno(xen_hc_grant_table_op(GNTTABOP_query_size, &q, 1));
	if (rc || q.status != GNTST_okay) {
		uk_pr_err("grant table: query failed (%d/%d)\n", rc, q.status);
		return -ENODEV;
	}
	n = UK_MIN((unsigned int)FRAMES, q.max_nr_frames);
	for (i = 0; i < n; i++) {
		struct xen_add_to_physmap xatp = {
			.domid = DOMID_SELF,
			.space = XENMAPSPACE_grant_table,
			.idx = i,
			.gpfn = ((uintptr_t)frames[i] >> 12),
		};

		rc = xen_errno(xen_hc_memory_op(XENMEM_add_to_physmap, &xatp));
		if (rc) {
			uk_pr_err("grant table: cannot map frame %u (%d)\n",
				  i, rc);
			if (i == 0)
				return -ENODEV;
			break;
		}
	}
	table = (volatile struct grant_entry_v1 *)frames;
	/* The first entries are the toolstack's (console, xenstore). */
	for (n = i * PER_FRAME; n > GNTTAB_NR_RESERVED_ENTRIES; n--)
		free_refs[nfree++] = n - 1;
	return 0;
}

int uk_xen_gnttab_grant(uint16_t domid, uint64_t gfn, int readonly)
{
	unsigned long flags = uk_irq_save();
	uint32_t ref;

	if (init_rc > 0)
		init_rc = gnttab_init();
	if (init_rc < 0 || !nfree) {
		uk_irq_restore(flags);
		return init_rc < 0 ? init_rc : -ENOSPC;
	}
	ref = free_refs[--nfree];
	uk_irq_restore(flags);

	table[ref].frame = gfn;
	table[ref].domid = domid;
	uk_wmb();	/* frame and domid before the flags that validate them */
	table[ref].flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
	return ref;
}

int uk_xen_gnttab_end(uint32_t ref)
{
	unsigned long flags;
	uint16_t f;

	if (init_rc || ref < GNTTAB_NR_RESERVED_ENTRIES || ref >= MAX_REFS)
		return -EINVAL;
	/*
	 * Clear the flags only if the other domain has not mapped the
	 * page meanwhile: it sets GTF_reading/GTF_writing while it does.
	 */
	f = table[ref].flags;
	do {
		if (!(f & GTF_type_mask))
			return -EINVAL;
		if (f & (GTF_reading | GTF_writing))
			return -EBUSY;
	} while (!__atomic_compare_exchange_n(&table[ref].flags, &f, 0, 0,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	flags = uk_irq_save();
	free_refs[nfree++] = ref;
	uk_irq_restore(flags);
	return 0;
}

unsigned int uk_xen_gnttab_free_count(void)
{
	return nfree;
}
