#!/usr/bin/python3
"""Xen boot tests: images built with xen_defconfig run as PVH domains under a
real Xen 4.17 (nested in QEMU/TCG, test/xen/).  One Xen boot runs every
guest: helloworld (greeting, xl cmdline arguments, poweroff); an exit
status (printed, domain crashed; built with PLAT_XEN_DEBUGCON, so its output
also reaches Xen's console); a NULL write (crash dump, domain crashed); 80 KB
through the console ring; an in-guest test of the platform's Xen interfaces
(clock, timer, initrd from xl's ramdisk, xenstore with watches and
transactions, grant tables, event channels, xenbus discovery and
handshake) against a peer script in dom0 that maps the guest's grant,
binds its event channel and plays a device backend; and the scheduler's
in-guest suites (test/apps/uktest), which lean on the Xen timer, halt and
upcall."""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "xen"))
import unikit_test as T  # noqa: E402
import xenrun  # noqa: E402

CRASH_MAIN = r'''
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

int main(int argc, char *argv[])
{
	int i;

	printf("about to: %s\n", argc > 1 ? argv[1] : "none");
	if (argc > 1 && !strcmp(argv[1], "null"))
		*(volatile int *)0 = 42;
	/* Far more than the console ring holds (2 KiB): nothing may be lost. */
	if (argc > 1 && !strcmp(argv[1], "flood"))
		for (i = 0; i < 2000; i++)
			printf("flood line %04d of the console ring test\n", i);
	return argc > 2 ? atoi(argv[2]) : 0;
}
'''

# In-guest checks of plat/xen, each printed as "ok NAME" or "FAIL NAME";
# main returns the number of failures.  The keys under data/ are the
# guest's own (/local/domain/<id>/data), where dom0's peer script answers.
XS_MAIN = r'''
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/arch/irq.h>
#include <uk/plat/bootinfo.h>
#include <uk/plat/irq.h>
#include <uk/plat/memory.h>
#include <uk/plat/time.h>
#include <uk/print.h>
#include <uk/xen/evtchn.h>
#include <uk/xen/gnttab.h>
#include <uk/xen/xenbus.h>
#include <uk/xen/xenstore.h>

#define MS 1000000ULL
static int failed;
#define CHECK(name, cond) do { int c_ = !!(cond); \
	printf("%s %s\n", c_ ? "ok" : "FAIL", name); failed += !c_; } while (0)

static volatile int timer_fired, events;
static char page[4096] __attribute__((aligned(4096)));
static struct uk_xs_watch w;

static void on_timer(void) { timer_fired++; }
static void on_event(uint32_t port, void *arg) { events++; }

/*
 * Halts until *flag or the timeout (the timer wakes us).  Interrupts stay
 * off but while halted (uk_plat_halt), so none comes between the check
 * and the halt.
 */
static uint64_t wait_flag(volatile int *flag, uint64_t timeout)
{
	uint64_t t0 = uk_plat_monotonic_ns(), end = t0 + timeout;

	uk_irq_disable();
	uk_plat_timer_set(end);
	while (!*flag && uk_plat_monotonic_ns() < end)
		uk_plat_halt();
	uk_plat_timer_set(0);
	return uk_plat_monotonic_ns() - t0;
}

/* Reads key once it exists, waking on the watch w (set on it). */
static int wait_key(const char *key, char *buf, size_t len)
{
	uint64_t end = uk_plat_monotonic_ns() + 20000 * MS;

	for (;;) {
		int n = uk_xs_read(UK_XS_NO_TX, key, buf, len), rc;
		uint64_t now = uk_plat_monotonic_ns();

		if (n >= 0 || n != -ENOENT || now >= end)
			return n;
		rc = uk_xs_watch_wait(&w, end - now);
		if (rc && rc != -ETIMEDOUT)
			return rc;
	}
}

static void answer(const char *key, char *buf, size_t len)
{
	if (uk_xs_watch_add(&w, key) == 0) {
		wait_key(key, buf, len);
		uk_xs_watch_remove(&w);
	}
}

int main(int argc, char *argv[])
{
	char buf[256], peer[64];
	uint64_t t0, dt, wall;
	uk_xs_tx_t tx;
	int domid, rc, n, ref, port, i;
	unsigned int nfree;

	/* clocks and the one-shot timer */
	wall = uk_plat_wall_ns();
	printf("wall clock %lu s, TSC %lu Hz\n", (unsigned long)(wall / 1000000000ULL),
	       (unsigned long)uk_plat_tsc_hz());
	CHECK("clock: wall time is after 2020", wall > 1577836800ULL * 1000000000ULL);
	CHECK("clock: TSC frequency known", uk_plat_tsc_hz() > 1000000);
	t0 = uk_plat_monotonic_ns();
	for (i = 0; i < 1000; i++)
		if (uk_plat_monotonic_ns() < t0)
			break;
	CHECK("clock: monotonic", i == 1000);
	uk_plat_timer_handler(on_timer);
	dt = wait_flag(&timer_fired, 50 * MS);
	printf("timer: 50 ms one-shot fired after %lu us\n", (unsigned long)(dt / 1000));
	CHECK("timer: one-shot fires on time", timer_fired == 1 && dt >= 50 * MS &&
	      dt < 3000 * MS);
	timer_fired = 0;
	t0 = uk_plat_monotonic_ns();
	uk_plat_timer_set(t0 > MS ? t0 - MS : 1);
	while (!timer_fired && uk_plat_monotonic_ns() - t0 < 2000 * MS)
		uk_plat_halt();
	/* "At once", give or take dom0 (same CPU) running meanwhile. */
	CHECK("timer: a past deadline fires at once", timer_fired == 1 &&
	      uk_plat_monotonic_ns() - t0 < 1500 * MS);

	/* the initrd: xl's ramdisk, the first PVH module */
	{
		const void *base = NULL;
		size_t len = 0;
		int found = 0;

		rc = uk_plat_initrd(&base, &len);
		printf("initrd: %d, %lu bytes at %p\n", rc, (unsigned long)len, base);
		for (i = 0; i < uk_plat_memregion_count(); i++) {
			const struct uk_memregion *m = uk_plat_memregion_get(i);

			found |= (m->flags & UK_MEMREGION_INITRD) &&
				 m->base <= (uintptr_t)base &&
				 (uintptr_t)base + len <= m->base + m->len;
		}
		CHECK("initrd: the ramdisk is there, intact, in a reserved region",
		      rc == 0 && len == 23 && !memcmp(base, "unikit initrd contents\n", 23) &&
		      found);
	}

	/* xenstore */
	domid = uk_xs_domid();
	printf("domid %d\n", domid);
	CHECK("xenstore: own domid", domid > 0);
	n = uk_xs_read(UK_XS_NO_TX, "name", buf, sizeof(buf));
	CHECK("xenstore: read own name", n == 6 && !strcmp(buf, "xstest"));
	CHECK("xenstore: write and read back",
	      uk_xs_write(UK_XS_NO_TX, "data/greeting", "hello from unikit") == 0 &&
	      uk_xs_read(UK_XS_NO_TX, "data/greeting", buf, sizeof(buf)) == 17 &&
	      !strcmp(buf, "hello from unikit"));
	uk_snprintf(peer, sizeof(peer), "/local/domain/%d/data/greeting", domid);
	CHECK("xenstore: absolute path", uk_xs_read(UK_XS_NO_TX, peer, buf, 8) == -ERANGE &&
	      uk_xs_read(UK_XS_NO_TX, peer, buf, sizeof(buf)) == 17);
	CHECK("xenstore: missing key is ENOENT",
	      uk_xs_read(UK_XS_NO_TX, "data/nothing-here", buf, sizeof(buf)) == -ENOENT);
	CHECK("xenstore: dom0's keys are EACCES",
	      uk_xs_read(UK_XS_NO_TX, "/local/domain/0/name", buf, sizeof(buf)) == -EACCES);
	do {
		rc = uk_xs_transaction_start(&tx);
		if (rc)
			break;
		uk_xs_write(tx, "data/tx/a", "1");
		uk_xs_printf(tx, "data/tx/b", "%d", 2);
		n = uk_xs_read(UK_XS_NO_TX, "data/tx/a", buf, sizeof(buf));
		rc = uk_xs_transaction_end(tx, 0);
	} while (rc == -EAGAIN);
	CHECK("xenstore: transaction invisible before commit", n == -ENOENT);
	CHECK("xenstore: transaction committed", rc == 0 &&
	      uk_xs_read(UK_XS_NO_TX, "data/tx/b", buf, sizeof(buf)) == 1 && buf[0] == '2');
	rc = uk_xs_transaction_start(&tx);
	if (!rc) {
		uk_xs_write(tx, "data/tx/c", "3");
		rc = uk_xs_transaction_end(tx, 1);
	}
	CHECK("xenstore: transaction aborted", rc == 0 &&
	      uk_xs_read(UK_XS_NO_TX, "data/tx/c", buf, sizeof(buf)) == -ENOENT);
	n = uk_xs_directory(UK_XS_NO_TX, "data/tx", buf, sizeof(buf));
	CHECK("xenstore: directory", n == 2 && (!strcmp(buf, "a") || !strcmp(buf, "b")));
	CHECK("xenstore: rm", uk_xs_rm(UK_XS_NO_TX, "data/tx") == 0 &&
	      uk_xs_directory(UK_XS_NO_TX, "data/tx", buf, sizeof(buf)) == -ENOENT);

	/* watches: one event at once, then dom0's write; a quiet one times out */
	rc = uk_xs_watch_add(&w, "data/from-dom0");
	CHECK("xenstore: watch set, first event at once",
	      rc == 0 && uk_xs_watch_wait(&w, 2000 * MS) == 0);
	uk_xs_write(UK_XS_NO_TX, "data/ready", "1");
	n = wait_key("data/from-dom0", buf, sizeof(buf));
	CHECK("xenstore: watch sees dom0's write", n > 0 && !strcmp(buf, "hi from dom0"));
	uk_xs_watch_remove(&w);
	uk_xs_watch_add(&w, "data/quiet");
	uk_xs_watch_wait(&w, 2000 * MS);
	t0 = uk_plat_monotonic_ns();
	rc = uk_xs_watch_wait(&w, 200 * MS);
	dt = uk_plat_monotonic_ns() - t0;
	CHECK("xenstore: quiet watch times out", rc == -ETIMEDOUT && dt >= 200 * MS &&
	      dt < 3000 * MS);
	uk_xs_watch_remove(&w);

	/* grant tables: dom0 maps our page read-only and reports its text */
	strcpy(page, "granted page from unikit");
	ref = uk_xen_gnttab_grant(0, (uintptr_t)page >> 12, 1);
	nfree = uk_xen_gnttab_free_count();
	CHECK("gnttab: grant to dom0", ref >= 8 && nfree > 0);
	uk_xs_printf(UK_XS_NO_TX, "data/gref", "%d", ref);
	answer("data/grant-read", buf, sizeof(buf));
	CHECK("gnttab: dom0 read the granted page", !strcmp(buf, "granted page from unikit"));
	CHECK("gnttab: end access frees the reference", uk_xen_gnttab_end(ref) == 0 &&
	      uk_xen_gnttab_free_count() == nfree + 1 && uk_xen_gnttab_end(ref) == -EINVAL);

	/* event channels: dom0 binds our port, signals it, and we signal back */
	port = uk_xen_evtchn_alloc_unbound(0);
	CHECK("evtchn: alloc unbound", port > 0 &&
	      uk_xen_evtchn_bind(port, on_event, NULL) == 0);
	uk_xs_printf(UK_XS_NO_TX, "data/port", "%d", port);
	dt = wait_flag(&events, 20000 * MS);
	printf("evtchn: event from dom0 after %lu ms\n", (unsigned long)(dt / MS));
	CHECK("evtchn: upcall runs the handler", events >= 1);
	CHECK("evtchn: notify dom0", uk_xen_evtchn_notify(port) == 0);
	answer("data/evtchn-back", buf, sizeof(buf));
	CHECK("evtchn: dom0 got our event", !strcmp(buf, "got it"));
	CHECK("evtchn: close", uk_xen_evtchn_close(port) == 0);

	/* xenbus: dom0 plays the backend of a made-up device */
	answer("data/xenbus-ready", buf, sizeof(buf));
	n = uk_xenbus_scan();
	printf("xenbus: %d devices\n", n);
	{
		struct uk_xenbus_dev *dev = uk_xenbus_dev_get(0);

		uk_snprintf(peer, sizeof(peer), "/local/domain/0/backend/vfake/%d/0", domid);
		CHECK("xenbus: scan finds device/vfake/0 and its backend",
		      n == 1 && dev && !strcmp(dev->type, "vfake") && dev->id == 0 &&
		      !strcmp(dev->otherend, peer) && dev->otherend_id == 0 && !dev->drv);
		CHECK("xenbus: handshake with the backend",
		      dev && uk_xenbus_switch_state(dev, UK_XENBUS_INITIALISED) == 0 &&
		      uk_xenbus_wait_otherend(dev, UK_XENBUS_CONNECTED, 20000 * MS) == 0 &&
		      uk_xenbus_switch_state(dev, UK_XENBUS_CONNECTED) == 0);
	}

	printf("%d checks failed\n", failed);
	return failed;
}
'''

# dom0's side of XS_MAIN, run beside the guest (DOMID set by dom0-run).
PEER = r'''
import fcntl, mmap, os, select, struct, subprocess, sys, time
T0 = time.time()
def log(msg):
    print("peer: %.2fs %s" % (time.time() - T0, msg), flush=True)
base = "/local/domain/%s/data/" % os.environ["DOMID"]
dom = int(os.environ["DOMID"])
def read(k):
    r = subprocess.run(["xenstore-read", k if k.startswith("/") else base + k],
                       capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None
def write(k, v):
    subprocess.run(["xenstore-write", base + k, v], check=True)
def wait(k, t=30):
    end = time.time() + t
    while time.time() < end:
        v = read(k)
        if v is not None:
            return v
        time.sleep(0.05)
    sys.exit("peer: no %s" % k)
log("started")
wait("ready")
write("from-dom0", "hi from dom0")
log("answered the watch")
ref = int(wait("gref"))
log("got the grant reference")
fd = os.open("/dev/xen/gntdev", os.O_RDWR)
arg = bytearray(struct.pack("IIQII", 1, 0, 0, dom, ref))
fcntl.ioctl(fd, 0x00184700, arg)            # IOCTL_GNTDEV_MAP_GRANT_REF
index = struct.unpack_from("Q", arg, 8)[0]
m = mmap.mmap(fd, 4096, mmap.MAP_SHARED, mmap.PROT_READ, offset=index)
text = m[:64].split(b"\0")[0].decode()
m.close()
fcntl.ioctl(fd, 0x00104701, struct.pack("QII", index, 1, 0))  # UNMAP
os.close(fd)
log("granted page says %r" % text)
write("grant-read", text)
port = int(wait("port"))
log("got the port")
ev = os.open("/dev/xen/evtchn", os.O_RDWR)
# A mutable buffer makes ioctl() return the call's result: the local port.
local = fcntl.ioctl(ev, 0x00084501, bytearray(struct.pack("II", dom, port)))  # BIND_INTERDOMAIN
fcntl.ioctl(ev, 0x00044504, struct.pack("I", local))                          # NOTIFY
r, _, _ = select.select([ev], [], [], 20)
got = struct.unpack("I", os.read(ev, 4))[0] if r else None
log("bound port %d, event back on %s" % (local, got))
write("evtchn-back", "got it" if got == local else "nothing")
# A made-up device "vfake" whose backend is this script.
fe = "/local/domain/%d/device/vfake/0" % dom
be = "/local/domain/0/backend/vfake/%d/0" % dom
for k, v in ((be + "/frontend", fe), (be + "/frontend-id", str(dom)), (be + "/state", "2"),
             (fe + "/backend", be), (fe + "/backend-id", "0"), (fe + "/state", "1")):
    subprocess.run(["xenstore-write", k, v], check=True)
subprocess.run(["xenstore-chmod", "-r", "/local/domain/%d/device/vfake" % dom, "n%d" % dom], check=True)
subprocess.run(["xenstore-chmod", "-r", "/local/domain/0/backend/vfake/%d" % dom, "n0", "r%d" % dom],
               check=True)
write("xenbus-ready", "1")
end = time.time() + 30
while time.time() < end and read(fe + "/state") != "3":
    time.sleep(0.05)
log("frontend initialised; backend connects")
subprocess.run(["xenstore-write", be + "/state", "4"], check=True)
'''


def build(name, **kw):
    d = T.build_app(name, "helloworld", defconfig="xen_defconfig", **kw)
    return os.path.join(d, "build", "helloworld_xen-x86_64")


def uktest_image():
    d = T.build_app("xen-uktest", "../test/apps/uktest", defconfig="kvm_defconfig",
                    config=["CONFIG_PLAT_XEN=y", "# CONFIG_PLAT_KVM is not set"])
    return os.path.join(d, "build", "uktest_xen-x86_64")


def test_build(r):
    img = build("xen-helloworld")
    xl = img + ".xl"
    ok = os.path.exists(img) and os.path.exists(img + ".dbg") and os.path.exists(xl)
    r.record("xen: helloworld image, .dbg and .xl built", ok, img)
    if not ok:
        return
    cfg = dict((k, xenrun.unquote(v)) for k, v in xenrun.parse_xl(xl))
    r.record("xen: .xl names the image, type pvh, memory from Kconfig",
             cfg.get("type") == "pvh" and cfg.get("kernel") == os.path.abspath(img)
             and cfg.get("memory") == "32" and cfg.get("name") == "helloworld",
             repr(cfg))
    notes = subprocess.run(["readelf", "-n", img], capture_output=True, text=True).stdout
    entry = subprocess.run(["nm", img + ".dbg"], capture_output=True, text=True).stdout
    m = re.search(r"^([0-9a-f]+) T xen_pvh_entry$", entry, re.M)
    r.record("xen: PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY) points at xen_pvh_entry",
             m is not None and re.search(r"Xen\s+0x00000004\s+.*\(0x00000012\)\s+description data: "
                                          + " ".join(re.findall("..", "%08x" % int(m.group(1), 16))[::-1]),
                                          notes) is not None, notes)


def test_both_platforms(r):
    d = T.build_app("xen-kvm-both", "helloworld", defconfig="xen_defconfig",
                    config=["CONFIG_PLAT_KVM=y"])
    kvm = T.image_of(d, plat="kvm")
    xen = T.image_of(d, plat="xen")
    r.record("xen+kvm: one .config builds both images",
             os.path.exists(kvm) and os.path.exists(xen) and os.path.exists(xen + ".xl"),
             str(os.listdir(os.path.join(d, "build"))))
    run = T.run_qemu(kvm, append="-- both", timeout=30)
    r.record("xen+kvm: the KVM image of that build boots", run.status == 1 and
             "both" in run.output, repr(run))


def test_xen_guests(r):
    why = xenrun.qemu_available()
    if why:
        r.skip("xen: guests under Xen", why)
        return
    hello = build("xen-helloworld")
    crash = build("xen-crash", main_c=CRASH_MAIN)
    xs = build("xen-xstest", main_c=XS_MAIN)
    crash_e9 = build("xen-crash-e9", main_c=CRASH_MAIN, config=["CONFIG_PLAT_XEN_DEBUGCON=y"])
    initrd = os.path.join(T.TEST_BUILD, "xen-initrd.txt")
    with open(initrd, "w") as f:
        f.write("unikit initrd contents\n")
    uktest = uktest_image()
    t0 = time.monotonic()
    try:
        img = xenrun.setup()
    except xenrun.SetupError as e:
        r.record("xen: harness setup (test/xen/setup)", False, str(e))
        return
    print("xen: harness ready in %.1fs" % (time.monotonic() - t0), flush=True)
    guests = [
        xenrun.Guest("hello", xl=hello + ".xl", cmdline="-- alpha 'beta gamma'",
                     after='xl list -l "$NAME" | grep -m1 \'"type":\'\n'),
        xenrun.Guest("exit7", xl=crash_e9 + ".xl", cmdline="-- none 7"),
        xenrun.Guest("null", xl=crash + ".xl", cmdline="-- null"),
        xenrun.Guest("flood", xl=crash + ".xl", cmdline="-- flood"),
        xenrun.Guest("xstest", xl=xs + ".xl", memory=16, timeout=60, ramdisk=initrd,
                     during="exec python3 - <<'EOF'\n" + PEER + "EOF\n"),
        xenrun.Guest("uktest", xl=uktest + ".xl", memory=16, timeout=60),
    ]
    run = xenrun.run(guests, label="test_xen")
    print("xen: one Xen boot with %d guests took %.1fs (guests: %s)" % (
        len(guests), run.seconds,
        ", ".join("%s %ss" % (n, g.seconds) for n, g in run.guests.items())), flush=True)
    if not r.record("xen: Xen and dom0 boot in QEMU and run every guest", run.ok(), repr(run)):
        return

    g = run.guests["hello"]
    lines = g.console.strip().splitlines()
    r.record("xen/hello: PVH domain prints the greeting and the xl cmdline arguments",
             "Hello from Unikit!" in lines and lines[-2:] == ["alpha", "beta gamma"]
             and '"type": "pvh"' in g.after_log, repr(g) + "\nafter: " + g.after_log)
    r.record("xen/hello: main returned 0, the domain powered off",
             g.fate == "poweroff" and g.exit_code() == 0 and "exit status" not in g.console,
             repr(g))

    g = run.guests["exit7"]
    r.record("xen/exit7: status 7 is printed and the domain ends as crashed",
             g.fate == "crash" and g.exit_code() == 7 and "about to: none" in g.console,
             repr(g))
    r.record("xen/exit7: with PLAT_XEN_DEBUGCON the console also reaches Xen's (port 0xe9)",
             re.search(r"\(d\d+\) about to: none", g.xen_log) is not None, g.xen_log[-3000:])

    g = run.guests["null"]
    r.record("xen/null: NULL write is reported (trap, registers, backtrace) as a crash",
             g.fate == "crash" and g.exit_code() is None and
             re.search(r"CRASH: page fault: write to 0x0 \(page not present\)", g.console)
             is not None and "RIP: " in g.console and "<main+" in g.console, repr(g))

    g = run.guests["flood"]
    got = [ln for ln in g.console.splitlines() if ln.startswith("flood line")]
    want = ["flood line %04d of the console ring test" % i for i in range(2000)]
    r.record("xen/flood: 80 KB through the 2 KB console ring, every line, in order",
             got == want and g.fate == "poweroff",
             "%d of 2000 lines, first bad: %s; %r" % (
                 len(got), next((a for a, b in zip(got, want) if a != b), None), g))

    g = run.guests["xstest"]
    for line in g.console.splitlines():
        if line.startswith("ok ") or line.startswith("FAIL "):
            word, name = line.split(" ", 1)
            r.record("xen/in-guest: " + name, word == "ok", repr(g))
    checks = len([ln for ln in g.console.splitlines() if ln.startswith(("ok ", "FAIL "))])
    want = XS_MAIN.count("\tCHECK(")
    r.record("xen/in-guest: all %d checks ran, the peer in dom0 answered, poweroff" % want,
             checks == want and g.fate == "poweroff" and g.during_rc == 0,
             "%d checks, during.sh status %s:\n%s\n%r" % (checks, g.during_rc,
                                                         g.during_log, g))

    g = run.guests["uktest"]
    cases = re.findall(r"^uktest: (PASS|FAIL) (\S+?)(?::.*)?$", g.console, re.M)
    for verdict, name in cases:
        r.record("xen/uktest/" + name, verdict == "PASS", repr(g))
    r.record("xen/uktest: scheduler suites ran to the end, poweroff",
             bool(cases) and re.search(r"^uktest: \d+ passed, 0 failed$", g.console, re.M)
             is not None and g.fate == "poweroff", repr(g))


if __name__ == "__main__":
    sys.exit(T.main([test_build, test_both_platforms, test_xen_guests]))
