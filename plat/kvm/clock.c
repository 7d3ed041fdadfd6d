/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks.  Monotonic time is the TSC scaled to nanoseconds.  Its rate
 * comes from the hypervisor when it says (CPUID leaf 0x40000010, or
 * 0x15 on recent CPUs); otherwise we measure it once against the local
 * APIC timer, which QEMU and KVM clock at a fixed 1 GHz: both run on the
 * host's real time, so the ratio holds even when the VM is descheduled
 * during the measurement (at least 2 ms, mostly overlapping the boot).
 * Wall time is the CMOS RTC read once, plus monotonic time since.
 */
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/cpu.h>
#include <uk/arch/io.h>
#include <uk/arch/irq.h>
#include <uk/plat/time.h>
#include <uk/kvm/setup.h>

#define APIC_DEFAULT_BASE	0xfee00000UL
#define APIC_LVT_TIMER		0x320
#define APIC_TIMER_ICR		0x380
#define APIC_TIMER_CCR		0x390
#define APIC_TIMER_DCR		0x3e0
#define APIC_BUS_HZ		1000000000ULL	/* QEMU and KVM */
#define CALIBRATE_TICKS		2000000		/* 2 ms of APIC time */

static uint64_t tsc_hz, tsc_base, ns_mult;	/* ns = ticks * mult >> 32 */
static uint64_t wall_base_ns;
static int wall_read;

static volatile uint32_t *apic_reg(unsigned int off)
{
	return (volatile uint32_t *)(APIC_DEFAULT_BASE + off);
}

static uint64_t tsc_hz_from_cpuid(void)
{
	uint32_t a, b, c, d;

	const struct x86_cpu_features *f = x86_cpu_features();

	if (f->hypervisor && f->hypervisor_max_leaf >= 0x40000010) {
		x86_cpuid(0x40000010, 0, &a, &b, &c, &d);
		if (a)
			return (uint64_t)a * 1000;
	}
	if (f->max_leaf >= 0x15) {
		x86_cpuid(0x15, 0, &a, &b, &c, &d);
		if (a && b && c)
			return (uint64_t)c * b / a;
	}
	return 0;
}

/*
 * The APIC-timer measurement runs in two halves: kvm_apic_init() starts
 * the timer counting down (masked, so it never fires) and notes the TSC;
 * the first use of the clock reads both again.  The boot work in between
 * (devices, network) covers the measuring time, which used to be a 2 ms
 * busy wait; the wait is only for what is left of it.
 */
static struct {
	int started;
	uint32_t ccr0;
	uint64_t tsc0;
} cal;

static void calibration_start(void)
{
	*apic_reg(APIC_LVT_TIMER) = 1 << 16;	/* masked, one-shot */
	*apic_reg(APIC_TIMER_DCR) = 0xb;	/* divide by 1 */
	*apic_reg(APIC_TIMER_ICR) = 0xffffffff;	/* 4.29 s at 1 GHz */
	cal.ccr0 = *apic_reg(APIC_TIMER_CCR);
	cal.tsc0 = x86_rdtsc();
	cal.started = 1;
}

void kvm_clock_calibration_start(void)
{
	unsigned long flags;

	if (tsc_hz || cal.started || tsc_hz_from_cpuid())
		return;
	flags = uk_irq_save();
	calibration_start();
	uk_irq_restore(flags);
}

/* Waits until CALIBRATE_TICKS have passed since the start, or the count
 * ran out (0); returns the count, with the TSC read next to it in *tsc. */
static uint32_t calibration_end(uint64_t *tsc)
{
	uint32_t c;

	do {
		c = *apic_reg(APIC_TIMER_CCR);
		*tsc = x86_rdtsc();
	} while (cal.ccr0 - c < CALIBRATE_TICKS && c != 0);
	return c;
}

static uint64_t tsc_hz_from_apic(void)
{
	uint64_t t1;
	uint32_t c1;
	unsigned long flags = uk_irq_save();

	if (!cal.started)
		calibration_start();
	c1 = calibration_end(&t1);
	if (c1 == 0) {
		/* ran out (4 s without a clock user): measure afresh */
		calibration_start();
		c1 = calibration_end(&t1);
	}
	*apic_reg(APIC_TIMER_ICR) = 0;
	cal.started = 0;
	uk_irq_restore(flags);
	if (cal.ccr0 == c1)
		return 0;
	return (t1 - cal.tsc0) * APIC_BUS_HZ / (cal.ccr0 - c1);
}

static void clock_init(void)
{
	tsc_hz = tsc_hz_from_cpuid();
	if (!tsc_hz)
		tsc_hz = tsc_hz_from_apic();
	if (!tsc_hz) {
		uk_pr_err("cannot determine the TSC frequency; assuming 1 GHz\n");
		tsc_hz = 1000000000ULL;
	}
	ns_mult = (UK_NSEC_PER_SEC << 32) / tsc_hz;
	tsc_base = x86_rdtsc();
}

uint64_t kvm_ns_to_tsc(uint64_t ns)
{
	if (uk_unlikely(!tsc_hz))
		clock_init();
	return tsc_base + (uint64_t)((unsigned __int128)ns * tsc_hz /
				     UK_NSEC_PER_SEC);
}

uint64_t uk_plat_tsc_hz(void)
{
	if (!tsc_hz)
		clock_init();
	return tsc_hz;
}

uint64_t uk_plat_monotonic_ns(void)
{
	if (uk_unlikely(!tsc_hz))
		clock_init();
	return (uint64_t)(((unsigned __int128)(x86_rdtsc() - tsc_base) *
			   ns_mult) >> 32);
}

/* --- CMOS real-time clock ---------------------------------------------- */
static uint8_t cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned int bcd(uint8_t v, int is_bcd)
{
	return is_bcd ? (v & 0x0f) + (v >> 4) * 10 : v;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int y, unsigned int m, unsigned int d)
{
	int64_t era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static uint64_t rtc_read_ns(void)
{
	unsigned int s, mi, h, d, mo, y, tries = 0;
	uint8_t regb;
	int is_bcd;

	/* Wait out an update in progress (bounded), read twice for a match. */
	do {
		while ((cmos_read(0x0a) & 0x80) && ++tries < 100000)
			;
		s = cmos_read(0x00);
		mi = cmos_read(0x02);
		h = cmos_read(0x04);
		d = cmos_read(0x07);
		mo = cmos_read(0x08);
		y = cmos_read(0x09);
	} while (s != cmos_read(0x00) && ++tries < 100000);
	regb = cmos_read(0x0b);
	is_bcd = !(regb & 0x04);
	s = bcd(s, is_bcd);
	mi = bcd(mi, is_bcd);
	h = bcd(h & 0x7f, is_bcd) + ((!(regb & 0x02) && (h & 0x80)) ? 12 : 0);
	d = bcd(d, is_bcd);
	mo = bcd(mo, is_bcd);
	y = bcd(y, is_bcd) + 2000;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    s > 60) {
		uk_pr_warn("CMOS clock unreadable; wall time starts at 1970\n");
		return 0;
	}
	return ((uint64_t)days_from_civil(y, mo, d) * 86400 + h * 3600 +
		mi * 60 + s) * UK_NSEC_PER_SEC;
}

uint64_t uk_plat_wall_ns(void)
{
	if (!wall_read) {
		wall_base_ns = rtc_read_ns() - uk_plat_monotonic_ns();
		wall_read = 1;
	}
	return wall_base_ns + uk_plat_monotonic_ns();
}
