/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Talking to Xen: find its CPUID leaves, have it write the hypercall page
 * (one stub per hypercall, vmcall or vmmcall as the CPU needs), read and
 * set HVM parameters, and map the shared info page (event channel
 * bitmaps, the vCPU's time and upcall flags, the wall clock).
 */
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/arch/cpu.h>
#include "xen.h"

/* Placed at the start of .text, page-aligned, by link.lds. */
__asm__(".pushsection .text.hypercall_page, \"ax\"\n"
	".balign 4096\n"
	".globl xen_hypercall_page\n"
	"xen_hypercall_page:\n"
	".fill 4096, 1, 0xcc\n"	/* int3 until Xen writes the stubs */
	".popsection");

static uint8_t shared_info_page[4096] __uk_aligned(4096);
struct shared_info *xen_shared_info;
unsigned long xen_version;
int xen_hypercalls_ready;

/*
 * Xen's leaves start at 0x40000000, or 0x100 higher when it also
 * presents another hypervisor's interface (Viridian) first.
 */
static uint32_t xen_cpuid_base(void)
{
	uint32_t base, a, b, c, d;
	char sig[13];

	if (!x86_cpu.hypervisor)
		return 0;
	for (base = 0x40000000; base < 0x40010000; base += 0x100) {
		x86_cpuid(base, 0, &a, &b, &c, &d);
		memcpy(sig, &b, 4);
		memcpy(sig + 4, &c, 4);
		memcpy(sig + 8, &d, 4);
		sig[12] = '\0';
		if (!strcmp(sig, "XenVMMXenVMM") && a - base >= 2)
			return base;
	}
	return 0;
}

int xen_hypervisor_init(void)
{
	uint32_t base, a, b, c, d;

	base = xen_cpuid_base();
	if (!base)
		return -1;
	/* Leaf base + 2: EAX pages of stubs (1), EBX the MSR to ask for them. */
	x86_cpuid(base + 2, 0, &a, &b, &c, &d);
	if (a < 1)
		return -1;
	x86_wrmsr(b, (uintptr_t)xen_hypercall_page);
	xen_hypercalls_ready = 1;
	xen_version = xen_hc_xen_version(XENVER_version, NULL);
	return 0;
}

int xen_hvm_get_param(unsigned int idx, uint64_t *val)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = idx };
	int rc = xen_hc_hvm_op(HVMOP_get_param, &p);

	if (!rc)
		*val = p.value;
	return rc;
}

int xen_hvm_set_param(unsigned int idx, uint64_t val)
{
	struct xen_hvm_param p = {
		.domid = DOMID_SELF, .index = idx, .value = val
	};

	return xen_hc_hvm_op(HVMOP_set_param, &p);
}

void xen_shared_info_init(void)
{
	/*
	 * The page's RAM frame is replaced by the shared info frame; our
	 * identity mapping then reads and writes Xen's page.
	 */
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = (uintptr_t)shared_info_page >> 12,
	};
	int rc = xen_hc_memory_op(XENMEM_add_to_physmap, &xatp);

	if (rc)
		uk_panic("cannot map Xen's shared info page (error %d)", rc);
	xen_shared_info = (struct shared_info *)shared_info_page;
}
