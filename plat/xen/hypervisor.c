/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Talking to Xen: find its CPUID leaves, have it write the hypercall page
 * (one stub per hypercall, vmcall or vmmcall as the CPU needs), read and
 * set HVM parameters, and map the shared info page (event channel
 * bitmaps, the vCPU's time and upcall flags, the wall clock).
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/crash.h>
#include <uk/arch/cpu.h>
#include "xen.h"
#include <xen/errno.h>

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

	if (!x86_cpu_features()->hypervisor)
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
	int rc = xen_errno(xen_hc_hvm_op(HVMOP_get_param, &p));

	if (!rc)
		*val = p.value;
	return rc;
}

int xen_hvm_set_param(unsigned int idx, uint64_t val)
{
	struct xen_hvm_param p = {
		.domid = DOMID_SELF, .index = idx, .value = val
	};

	return xen_errno(xen_hc_hvm_op(HVMOP_set_param, &p));
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
	int rc = xen_errno(xen_hc_memory_op(XENMEM_add_to_physmap, &xatp));

	if (rc)
		uk_panic("cannot map Xen's shared info page (error %d)", -rc);
	xen_shared_info = (struct shared_info *)shared_info_page;
}

/*
 * Xen's numbers (the XEN_E* constants of <xen/errno.h>) to ours.  Our
 * errno.h is nolibc's or newlib's, whose numbers differ (ETIMEDOUT is
 * 110 in Xen, 116 in newlib), and nolibc lacks a few names.
 */
static const struct {
	int16_t xen, ours;
} errnos[] = {
	{ XEN_EPERM, EPERM }, { XEN_ENOENT, ENOENT }, { XEN_ESRCH, ESRCH },
	{ XEN_EIO, EIO }, { XEN_ENXIO, ENXIO }, { XEN_E2BIG, E2BIG },
	{ XEN_ENOEXEC, ENOEXEC }, { XEN_EBADF, EBADF },
	{ XEN_ECHILD, ECHILD }, { XEN_EAGAIN, EAGAIN },
	{ XEN_ENOMEM, ENOMEM }, { XEN_EACCES, EACCES },
	{ XEN_EFAULT, EFAULT }, { XEN_EBUSY, EBUSY }, { XEN_EEXIST, EEXIST },
	{ XEN_EXDEV, EXDEV }, { XEN_ENODEV, ENODEV },
	{ XEN_ENOTDIR, ENOTDIR }, { XEN_EISDIR, EISDIR },
	{ XEN_EINVAL, EINVAL }, { XEN_ENFILE, ENFILE },
	{ XEN_EMFILE, EMFILE }, { XEN_ENOSPC, ENOSPC }, { XEN_EROFS, EROFS },
	{ XEN_EMLINK, EMLINK }, { XEN_EDOM, EDOM }, { XEN_ERANGE, ERANGE },
	{ XEN_EDEADLK, EDEADLK }, { XEN_ENAMETOOLONG, ENAMETOOLONG },
	{ XEN_ENOSYS, ENOSYS }, { XEN_ENOTEMPTY, ENOTEMPTY },
	{ XEN_ENODATA, ENODATA }, { XEN_ETIME, ETIME },
	{ XEN_EBADMSG, EBADMSG }, { XEN_EOVERFLOW, EOVERFLOW },
	{ XEN_ENOTSOCK, ENOTSOCK }, { XEN_EMSGSIZE, EMSGSIZE },
	{ XEN_EOPNOTSUPP, EOPNOTSUPP }, { XEN_EADDRINUSE, EADDRINUSE },
	{ XEN_EADDRNOTAVAIL, EADDRNOTAVAIL }, { XEN_ENOBUFS, ENOBUFS },
	{ XEN_EISCONN, EISCONN }, { XEN_ENOTCONN, ENOTCONN },
	{ XEN_ETIMEDOUT, ETIMEDOUT }, { XEN_ECONNREFUSED, ECONNREFUSED },
#ifdef EILSEQ
	{ XEN_EILSEQ, EILSEQ },
#endif
#ifdef ENOLCK
	{ XEN_ENOLCK, ENOLCK },
#endif
};

long xen_errno(long rc)
{
	unsigned int i;

	if (rc >= 0)
		return rc;
	for (i = 0; i < UK_ARRAY_SIZE(errnos); i++)
		if (errnos[i].xen == -rc)
			return -errnos[i].ours;
	return -EIO;
}
