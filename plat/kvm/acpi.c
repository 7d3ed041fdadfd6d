/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Just enough ACPI to power off: find the FADT, take the S5 sleep type
 * from the DSDT's \_S5 package, and write it to PM1a_CNT (pc, q35) or to
 * the sleep control register (hardware-reduced ACPI, as on microvm).
 * Every table is checked (signature, length, checksum) before use.
 */
#include <stdint.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/io.h>
#include <uk/arch/paging.h>
#include <uk/kvm/setup.h>

struct acpi_rsdp {
	char sig[8];
	uint8_t checksum;
	char oem[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t xchecksum;
	uint8_t reserved[3];
} __uk_packed;

struct acpi_header {
	char sig[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem[6], oem_table[8];
	uint32_t oem_rev, creator, creator_rev;
} __uk_packed;

struct acpi_gas {
	uint8_t space, bit_width, bit_offset, access;
	uint64_t addr;
} __uk_packed;

#define FADT_DSDT		40
#define FADT_PM1A_CNT		64
#define FADT_FLAGS		112
#define FADT_X_DSDT		140
#define FADT_SLEEP_CTL		244
#define FADT_HW_REDUCED		(1U << 20)

static int mapped(uintptr_t p, size_t len)
{
	uintptr_t a;

	if (!p || p + len < p)
		return 0;
	for (a = UK_ALIGN_DOWN(p, X86_PAGE_SIZE); a < p + len; a += X86_PAGE_SIZE)
		if (!x86_paging_is_mapped(a))
			return 0;
	return 1;
}

static int sum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	while (len--)
		s += *b++;
	return s == 0;
}

static const struct acpi_header *table_at(uintptr_t p, const char *sig)
{
	const struct acpi_header *h = (const void *)p;

	if (!mapped(p, sizeof(*h)) || memcmp(h->sig, sig, 4) ||
	    h->length < sizeof(*h) || h->length > (1 << 24) ||
	    !mapped(p, h->length) || !sum_ok(h, h->length))
		return NULL;
	return h;
}

/* "RSD PTR " as one little-endian word. */
#define RSDP_SIG	0x2052545020445352ULL

/*
 * One 8-byte load per 16-byte step: under emulation a memcmp() call per
 * step made this scan (8192 steps) a visible share of the boot.
 */
static const struct acpi_rsdp *rsdp_scan(uintptr_t start, uintptr_t end)
{
	uintptr_t p;

	for (p = start; p + sizeof(struct acpi_rsdp) <= end; p += 16) {
		const struct acpi_rsdp *r = (const void *)p;

		if (*(const uint64_t *)p == RSDP_SIG && sum_ok(r, 20))
			return r;
	}
	return NULL;
}

/* Looked for once: the boot asks for several tables. */
static const struct acpi_rsdp *rsdp_find(void)
{
	static const struct acpi_rsdp *found;
	static int searched;
	const struct acpi_rsdp *r;

	if (searched)
		return found;
	searched = 1;
	if (kvm_rsdp_hint && mapped(kvm_rsdp_hint, sizeof(*r))) {
		r = (const void *)kvm_rsdp_hint;
		if (!memcmp(r->sig, "RSD PTR ", 8) && sum_ok(r, 20))
			return found = r;
	}
	/*
	 * The BIOS area below 1 MiB.  (The EBDA pointer lives in page 0,
	 * which we leave unmapped; QEMU's firmwares put the RSDP here.)
	 */
	return found = rsdp_scan(0xe0000, 0x100000);
}

/* Finds the table with signature sig through the RSDT/XSDT, or NULL. */
static const struct acpi_header *sdt_find(const struct acpi_rsdp *r,
					  const char *sig)
{
	const struct acpi_header *sdt;
	int wide = 0;
	uint32_t i, n;

	sdt = NULL;
	if (r->revision >= 2 && r->xsdt && mapped((uintptr_t)r, sizeof(*r)))
		sdt = table_at(r->xsdt, "XSDT");
	if (sdt)
		wide = 1;
	else
		sdt = table_at(r->rsdt, "RSDT");
	if (!sdt)
		return NULL;

	n = (sdt->length - sizeof(*sdt)) / (wide ? 8 : 4);
	for (i = 0; i < n; i++) {
		const uint8_t *e = (const uint8_t *)(sdt + 1) + i * (wide ? 8 : 4);
		uint64_t a = 0;

		memcpy(&a, e, wide ? 8 : 4);
		if (a < (1ULL << 32)) {
			const struct acpi_header *t = table_at(a, sig);

			if (t)
				return t;
		}
	}
	return NULL;
}

/* The DSDT is not listed in the RSDT: the FADT points to it. */
static const struct acpi_header *dsdt_of(const struct acpi_header *fadt)
{
	const uint8_t *f = (const uint8_t *)fadt;
	const struct acpi_header *dsdt = NULL;
	uint64_t x_dsdt = 0;
	uint32_t dsdt32;

	if (fadt->length >= FADT_X_DSDT + 8)
		memcpy(&x_dsdt, f + FADT_X_DSDT, 8);
	if (x_dsdt && x_dsdt < (1ULL << 32))
		dsdt = table_at(x_dsdt, "DSDT");
	if (!dsdt) {
		memcpy(&dsdt32, f + FADT_DSDT, 4);
		dsdt = table_at(dsdt32, "DSDT");
	}
	return dsdt;
}

const void *kvm_acpi_table(const char *sig, uint32_t *len)
{
	const struct acpi_rsdp *r = rsdp_find();
	const struct acpi_header *t = NULL;

	if (r && !memcmp(sig, "DSDT", 4)) {
		t = sdt_find(r, "FACP");
		t = t ? dsdt_of(t) : NULL;
	} else if (r) {
		t = sdt_find(r, sig);
	}
	if (t && len)
		*len = t->length;
	return t;
}

/* SLP_TYPa from the DSDT's "\_S5" package; -1 if not found. */
static int s5_sleep_type(const struct acpi_header *dsdt)
{
	const uint8_t *p = (const uint8_t *)(dsdt + 1);
	const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;

	for (; p + 8 < end; p++) {
		const uint8_t *q;

		if (p[0] != '_' || memcmp(p, "_S5_", 4) ||
		    p[4] != 0x12)	/* PackageOp */
			continue;
		q = p + 5;
		q += 1 + (*q >> 6);	/* PkgLength */
		q++;			/* NumElements */
		if (q >= end)
			return -1;
		switch (*q) {
		case 0x0a:		/* BytePrefix */
			return q + 1 < end ? q[1] : -1;
		case 0x00:		/* ZeroOp */
			return 0;
		case 0x01:		/* OneOp */
			return 1;
		default:
			return *q;
		}
	}
	return -1;
}

void kvm_acpi_poweroff(void)
{
	const struct acpi_rsdp *r = rsdp_find();
	const struct acpi_header *fadt, *dsdt;
	const uint8_t *f;
	uint32_t flags = 0, pm1a = 0;
	int typ;

	if (!r || !(fadt = sdt_find(r, "FACP"))) {
		uk_pr_err("no ACPI tables: cannot power off\n");
		return;
	}
	f = (const uint8_t *)fadt;
	dsdt = dsdt_of(fadt);
	typ = dsdt ? s5_sleep_type(dsdt) : -1;
	if (fadt->length > FADT_FLAGS + 4)
		memcpy(&flags, f + FADT_FLAGS, 4);
	memcpy(&pm1a, f + FADT_PM1A_CNT, 4);

	if ((flags & FADT_HW_REDUCED) && fadt->length >= FADT_SLEEP_CTL + 12) {
		struct acpi_gas g;
		uint8_t v;

		memcpy(&g, f + FADT_SLEEP_CTL, sizeof(g));
		v = ((typ < 0 ? 5 : typ) & 7) << 2 | (1 << 5);	/* SLP_EN */
		if (g.space == 1)
			outb(g.addr, v);
		else if (g.space == 0 && x86_paging_map_mmio(g.addr, 1) == 0)
			*(volatile uint8_t *)(uintptr_t)g.addr = v;
	} else if (pm1a) {
		outw(pm1a, ((typ < 0 ? 0 : typ) & 7) << 10 | (1 << 13));
	}
}
