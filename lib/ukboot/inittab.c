/* SPDX-License-Identifier: BSD-3-Clause */
/* Running an init table (see uk/init.h). */
#include <uk/init.h>

int uk_init_run(const struct uk_init_entry *start,
		const struct uk_init_entry *end,
		const struct uk_init_entry **failed)
{
	const struct uk_init_entry *e;
	int rc;

	for (e = start; e < end; e++) {
		rc = e->fn();
		if (rc < 0) {
			*failed = e;
			return rc;
		}
	}
	return 0;
}
