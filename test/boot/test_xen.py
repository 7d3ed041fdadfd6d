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
binds its event channel and plays a device backend; the scheduler's
in-guest suites (test/apps/uktest), which lean on the Xen timer, halt and
upcall; netfront: uknet's driver test (ARP to dom0's address on the
bridge), and a made-up backend in dom0 that feeds it malformed responses;
"xl shutdown" of an idle guest; and apps/httpd as xen_defconfig builds it,
serving its site to a client in dom0 over netfront, from the initrd and
from a 9pfront share served by QEMU's 9pfs backend in dom0."""
import json
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


# netfront against a misbehaving backend: dom0's peer (NF_PEER) plays the
# backend of device/vif/0 (made up by NF_BEFORE before the guest runs, its
# backend folder outside netback's reach), maps our rings and writes
# malformed responses, one good frame, a bad transmit answer, and finally
# a receive index far beyond the ring.  main returns the number of failures.
NF_MAIN = r"""
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/netdev.h>
#include <uk/semaphore.h>
#include <uk/plat/time.h>

#define MS 1000000ULL
static int failed;
#define CHECK(name, cond) do { int c_ = !!(cond); \
	printf("%s %s\n", c_ ? "ok" : "FAIL", name); failed += !c_; } while (0)

static struct uk_netdev *d;
static struct uk_semaphore ev;
static int frames, txdone;
static uint8_t last[64];
static uint32_t last_len;
static unsigned int last_flags;

static void *rx_alloc(struct uk_netdev *nd, uint32_t size, void **cookie)
{
	return *cookie = uk_malloc(size);
}

static void rx_free(struct uk_netdev *nd, void *cookie)
{
	uk_free(cookie);
}

static void rx_frame(struct uk_netdev *nd, void *cookie, void *data,
		     uint32_t len, unsigned int flags)
{
	frames++;
	last_len = len;
	last_flags = flags;
	memcpy(last, data, len < 64 ? len : 64);
	uk_free(cookie);
}

static void tx_done(struct uk_netdev *nd, void *cookie)
{
	txdone++;
}

static void event(struct uk_netdev *nd)
{
	uk_semaphore_up(&ev);
}

/* Polls (waking on events) until *v >= want or timeout. */
static void wait_for(int *v, int want, uint64_t timeout)
{
	uint64_t end = uk_plat_monotonic_ns() + timeout;

	while (*v < want && uk_plat_monotonic_ns() < end) {
		d->ops->poll(d, 64);
		if (*v >= want)
			break;
		if (!d->ops->enable_events(d))
			uk_semaphore_down_until(&ev, end);
	}
}

int main(void)
{
	static uint8_t f1[60], f2[60];
	struct uk_netseg s1 = { f1, 60 }, s2 = { f2, 60 };
	uint64_t end;
	int i, ok, rc = 0;

	d = uk_netdev_get(0);
	CHECK("netfront: connected to the made-up backend",
	      d && uk_netdev_count() == 1 && d->mac[5] == 0x42);
	if (!d)
		return failed;
	uk_semaphore_init(&ev, 0);
	d->rx_alloc = rx_alloc;
	d->rx_free = rx_free;
	d->rx_frame = rx_frame;
	d->tx_done = tx_done;
	d->event = event;
	CHECK("netfront: start", d->ops->start(d) == 0);

	wait_for(&frames, 1, 30000 * MS);
	printf("frames %d, dropped %lu\n", frames, (unsigned long)d->stats.rx_dropped);
	ok = last_len == 60 && (last_flags & UK_NETDEV_RX_CSUM_OK);
	for (i = 0; i < 60; i++)
		ok &= last[i] == (uint8_t)(0xa0 + i);
	CHECK("netfront: the one good frame arrives intact", frames == 1 && ok);
	CHECK("netfront: 7 malformed receive responses dropped and counted",
	      d->stats.rx_dropped == 7);

	for (i = 0; i < 60; i++) {
		f1[i] = i;
		f2[i] = 100 + i;
	}
	CHECK("netfront: two frames queued",
	      d->ops->xmit(d, &s1, 1, NULL, f1) == 0 &&
	      d->ops->xmit(d, &s2, 1, NULL, f2) == 0);
	d->ops->xmit_kick(d);
	wait_for(&txdone, 1, 20000 * MS);
	CHECK("netfront: transmit answer with a bad id ignored, the good one"
	      " completes its frame", txdone == 1);

	/* The peer now moves the receive index 1000 past the ring. */
	end = uk_plat_monotonic_ns() + 20000 * MS;
	while (uk_plat_monotonic_ns() < end) {
		d->ops->poll(d, 64);
		rc = d->ops->xmit(d, &s1, 1, NULL, f1);
		if (rc == -EIO)
			break;
		if (!d->ops->enable_events(d))
			uk_semaphore_down_until(&ev, end);
	}
	CHECK("netfront: a receive index beyond the ring stops the device",
	      rc == -EIO && frames == 1 && d->ops->poll(d, 64) == 0);
	printf("%d checks failed\n", failed);
	return failed;
}
"""

NF_BEFORE = r"""
fe=/local/domain/$DOMID/device/vif/0
be=/local/domain/0/backend/vfakenet/$DOMID/0
xenstore-write $be/frontend $fe $be/frontend-id $DOMID $be/state 2 \
	$be/feature-rx-copy 1 $fe/backend $be $fe/backend-id 0 $fe/state 1 \
	$fe/handle 0 $fe/mac 00:16:3e:00:00:42
xenstore-chmod -r /local/domain/$DOMID/device/vif n$DOMID
xenstore-chmod -r /local/domain/0/backend/vfakenet/$DOMID n0 r$DOMID
"""

NF_PEER = r"""
import fcntl, mmap, os, select, struct, subprocess, sys, time
T0 = time.time()
def log(msg):
    print("peer: %.2fs %s" % (time.time() - T0, msg), flush=True)
dom = int(os.environ["DOMID"])
fe = "/local/domain/%d/device/vif/0" % dom
be = "/local/domain/0/backend/vfakenet/%d/0" % dom
def read(k):
    r = subprocess.run(["xenstore-read", k], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None
def until(cond, what, t=30):
    end = time.time() + t
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.02)
    sys.exit("peer: timed out waiting for " + what)
until(lambda: read(fe + "/state") == "4", "the frontend to connect")
txref, rxref, port = (int(read(fe + k)) for k in ("/tx-ring-ref", "/rx-ring-ref", "/event-channel"))
log("frontend connected: rings %d %d, port %d, rx-notify %s" % (
    txref, rxref, port, read(fe + "/feature-rx-notify")))
gnt = os.open("/dev/xen/gntdev", os.O_RDWR)
def map_ref(ref, prot=mmap.PROT_READ | mmap.PROT_WRITE):
    arg = bytearray(struct.pack("IIQII", 1, 0, 0, dom, ref))
    fcntl.ioctl(gnt, 0x00184700, arg)            # IOCTL_GNTDEV_MAP_GRANT_REF
    index = struct.unpack_from("Q", arg, 8)[0]
    return index, mmap.mmap(gnt, 4096, mmap.MAP_SHARED, prot, offset=index)
def unmap(index, m):
    m.close()
    fcntl.ioctl(gnt, 0x00104701, struct.pack("QII", index, 1, 0))
_, tx = map_ref(txref)
_, rx = map_ref(rxref)
ev = os.open("/dev/xen/evtchn", os.O_RDWR)
local = fcntl.ioctl(ev, 0x00084501, bytearray(struct.pack("II", dom, port)))  # BIND_INTERDOMAIN
def kick():
    fcntl.ioctl(ev, 0x00044504, struct.pack("I", local))                     # NOTIFY
subprocess.run(["xenstore-write", be + "/state", "4"], check=True)
until(lambda: struct.unpack_from("<I", rx, 0)[0] >= 10, "receive buffers")
reqs = [struct.unpack_from("<HHI", rx, 64 + 8 * i) for i in range(10)]
log("receive requests: %s" % [(i, g) for i, _, g in reqs])
MORE, EXTRA, VALID = 4, 8, 1
rsps = [(reqs[0][0] + 5, 0, 0, 60),        # wrong id
        (reqs[1][0], 4000, 0, 200),        # past the page's end
        (reqs[2][0], 0, 0, 3000),          # longer than a frame
        (reqs[3][0], 0, 0, -1),            # an error status
        (reqs[4][0], 0, 0, 10),            # shorter than a header
        (reqs[5][0], 0, MORE, 60),         # more_data (no scatter-gather)...
        (reqs[6][0], 0, 0, 60),            # ... and its continuation
        (reqs[7][0], 0, EXTRA, 60),        # extra info (no GSO)...
        None,                              # ... and the extra slot
        (reqs[9][0], 0, VALID, 60)]        # the good frame
for i, r in enumerate(rsps):
    if r:
        struct.pack_into("<HHHh", rx, 64 + 8 * i, *r)
    else:
        struct.pack_into("<BBHBBH", rx, 64 + 8 * i, 1, 0, 1448, 1, 0, 0)
index, page = map_ref(reqs[9][2])
page[0:60] = bytes(0xa0 + i for i in range(60))
unmap(index, page)
struct.pack_into("<I", rx, 8, 10)                # rsp_prod
kick()
log("receive responses written")
until(lambda: struct.unpack_from("<I", tx, 0)[0] >= 2, "two frames to send")
gref, off, flags, rid, size = struct.unpack_from("<IHHHH", tx, 64)
index, page = map_ref(gref, mmap.PROT_READ)      # granted read-only
data = bytes(page[off:off + size])
unmap(index, page)
log("transmit request: id %d size %d flags %d, frame %s" % (
    rid, size, flags, "intact" if data == bytes(range(60)) else "WRONG"))
struct.pack_into("<Hh", tx, 64, 999, 0)          # unknown id
struct.pack_into("<Hh", tx, 64 + 12, rid, 0)     # the first frame is sent
struct.pack_into("<I", tx, 8, 2)
kick()
time.sleep(1)
struct.pack_into("<I", rx, 8, 10 + 1000)         # far beyond the ring
kick()
log("receive index corrupted")
"""


# 9pfront against a made-up backend (P9_PEER in dom0, device made by
# P9_BEFORE): requests with and without a separate payload, replies split
# between rx and rx_data, a reply across the ring's end, a stray reply,
# one too long for its buffers, and an index beyond the ring.
P9_MAIN = r"""
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/9pdev.h>
#include <uk/arch/irq.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>

#define MS 1000000ULL
static int failed;
#define CHECK(name, cond) do { int c_ = !!(cond); \
	printf("%s %s\n", c_ ? "ok" : "FAIL", name); failed += !c_; } while (0)

static volatile int done[8], timer_fired;
static struct uk_9pdev *dev;

static void complete(struct uk_9pdev *d, struct uk_9preq *req)
{
	done[(uintptr_t)req->priv]++;
}

static void on_timer(void)
{
	timer_fired++;
}

/* A message: header, then bytes (tag + i) & 0xff. */
static void msg(uint8_t *b, uint32_t size, uint32_t len, uint8_t type,
		uint16_t tag)
{
	uint32_t i;

	for (i = 7; i < len; i++)
		b[i] = (tag + i) & 0xff;
	b[0] = size; b[1] = size >> 8; b[2] = size >> 16; b[3] = size >> 24;
	b[4] = type; b[5] = tag; b[6] = tag >> 8;
}

/* Byte i of a reply (the peer's pattern): (tag * 3 + i) & 0xff. */
static int reply_ok(const uint8_t *b, uint32_t from, uint32_t to, int tag)
{
	uint32_t i;

	for (i = from; i < to; i++)
		if (b[i - from] != ((tag * 3 + i) & 0xff))
			return 0;
	return 1;
}

static int send_wait(struct uk_9preq *req, int idx)
{
	uint64_t end = uk_plat_monotonic_ns() + 20000 * MS;
	int rc;

	req->priv = (void *)(uintptr_t)idx;
	rc = dev->ops->request(dev, req);
	if (rc)
		return rc;
	uk_irq_disable();
	uk_plat_timer_set(end);
	while (!done[idx] && uk_plat_monotonic_ns() < end)
		uk_plat_halt();
	uk_plat_timer_set(0);
	uk_irq_enable();
	return done[idx] ? 0 : -ETIMEDOUT;
}

int main(void)
{
	static uint8_t tx[1200], data[1000], rx[8192], rxd[4096], big[8900];
	struct uk_9preq r;

	uk_plat_timer_handler(on_timer);
	dev = uk_9pdev_find("fake");
	CHECK("9pfront: connected to the made-up backend, ring order 2 as it"
	      " asked (8 KiB messages)", dev && dev->max_msize == 8192);
	if (!dev)
		return failed;
	dev->complete = complete;

	memset(&r, 0, sizeof(r));
	msg(tx, 100, 100, 100, 1);
	r.tx = tx; r.tx_len = 100; r.rx = rx; r.rx_cap = 200;
	CHECK("9pfront: a request and its reply",
	      send_wait(&r, 1) == 0 && !r.error && r.rx_len == 60 &&
	      rx[5] == 1 && reply_ok(rx + 7, 7, 60, 1));

	memset(&r, 0, sizeof(r));
	msg(tx, 23 + 1000, 23, 118, 2);
	memset(data, 0x5a, sizeof(data));
	r.tx = tx; r.tx_len = 23; r.tx_data = data; r.tx_data_len = 1000;
	r.rx = rx; r.rx_cap = 11; r.rx_data = rxd; r.rx_data_cap = 4000;
	CHECK("9pfront: payload sent after the message; the reply split"
	      " between rx (11 bytes) and rx_data",
	      send_wait(&r, 2) == 0 && !r.error && r.rx_len == 3000 &&
	      reply_ok(rx + 7, 7, 11, 2) && reply_ok(rxd, 11, 3000, 2));

	memset(&r, 0, sizeof(r));
	msg(tx, 50, 50, 100, 3);
	r.tx = tx; r.tx_len = 50; r.rx = rx; r.rx_cap = 8192;
	CHECK("9pfront: a reply across the ring's end, after a stray reply",
	      send_wait(&r, 3) == 0 && !r.error && r.rx_len == 6000 &&
	      rx[5] == 3 && reply_ok(rx + 7, 7, 6000, 3));

	CHECK("9pfront: a message larger than the ring is refused",
	      (msg(tx, 9000, 100, 100, 9), r.tx_len = 100, r.tx_data = big,
	       r.tx_data_len = 8900, dev->ops->request(dev, &r)) == -EMSGSIZE);

	memset(&r, 0, sizeof(r));
	msg(tx, 30, 30, 100, 4);
	r.tx = tx; r.tx_len = 30; r.rx = rx; r.rx_cap = 16;
	CHECK("9pfront: a reply longer than the buffers is an error",
	      send_wait(&r, 4) == 0 && r.error == -EPROTO && r.rx_len == 16);

	memset(&r, 0, sizeof(r));
	msg(tx, 30, 30, 100, 5);
	r.tx = tx; r.tx_len = 30; r.rx = rx; r.rx_cap = 200;
	CHECK("9pfront: a reply index beyond the ring fails the request in"
	      " flight and stops the device",
	      send_wait(&r, 5) == 0 && r.error == -EIO &&
	      dev->ops->request(dev, &r) == -EIO);
	printf("%d checks failed\n", failed);
	return failed;
}
"""

P9_BEFORE = r"""
fe=/local/domain/$DOMID/device/9pfs/0
be=/local/domain/0/backend/vfake9p/$DOMID/0
xenstore-write $be/frontend $fe $be/frontend-id $DOMID $be/state 2 \
	$be/versions 1 $be/max-rings 1 $be/max-ring-page-order 2 \
	$fe/backend $be $fe/backend-id 0 $fe/state 1 $fe/tag fake
xenstore-chmod -r /local/domain/$DOMID/device/9pfs n$DOMID
xenstore-chmod -r /local/domain/0/backend/vfake9p/$DOMID n0 r$DOMID
"""

P9_PEER = r"""
import fcntl, mmap, os, struct, subprocess, sys, time
T0 = time.time()
def log(msg):
    print("peer: %.2fs %s" % (time.time() - T0, msg), flush=True)
dom = int(os.environ["DOMID"])
fe = "/local/domain/%d/device/9pfs/0" % dom
be = "/local/domain/0/backend/vfake9p/%d/0" % dom
def read(k):
    r = subprocess.run(["xenstore-read", k], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None
def until(cond, what, t=30):
    end = time.time() + t
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.01)
    sys.exit("peer: timed out waiting for " + what)
until(lambda: read(fe + "/state") == "3", "the frontend")
ref, port = int(read(fe + "/ring-ref0")), int(read(fe + "/event-channel-0"))
log("frontend initialised: version %s, rings %s, ref %d, port %d" % (
    read(fe + "/version"), read(fe + "/num-rings"), ref, port))
gnt = os.open("/dev/xen/gntdev", os.O_RDWR)
def map_refs(refs):
    arg = bytearray(struct.pack("IIQ", len(refs), 0, 0) +
                    b"".join(struct.pack("II", dom, r) for r in refs))
    fcntl.ioctl(gnt, 0x00184700, arg)            # IOCTL_GNTDEV_MAP_GRANT_REF
    index = struct.unpack_from("Q", arg, 8)[0]
    return mmap.mmap(gnt, 4096 * len(refs), mmap.MAP_SHARED,
                     mmap.PROT_READ | mmap.PROT_WRITE, offset=index)
intf = map_refs([ref])
order = struct.unpack_from("<I", intf, 128)[0]
refs = list(struct.unpack_from("<%dI" % (1 << order), intf, 132))
data = map_refs(refs)
size = (1 << order) * 4096 // 2
log("ring order %d, %d bytes each way" % (order, size))
ev = os.open("/dev/xen/evtchn", os.O_RDWR)
local = fcntl.ioctl(ev, 0x00084501, bytearray(struct.pack("II", dom, port)))  # BIND_INTERDOMAIN
def kick():
    fcntl.ioctl(ev, 0x00044504, struct.pack("I", local))                     # NOTIFY
subprocess.run(["xenstore-write", be + "/state", "4"], check=True)
IN, OUT = 0, size
def idx(off):
    return struct.unpack_from("<I", intf, off)[0]
def get(n, at):
    return bytes(data[OUT + (at + i) % size] for i in range(n))
def take_request():
    cons = idx(64)
    until(lambda: idx(68) - cons >= 7, "a request")
    n = struct.unpack_from("<I", get(4, cons))[0]
    until(lambda: idx(68) - cons >= n, "the whole request")
    m = get(n, cons)
    struct.pack_into("<I", intf, 64, cons + n)
    return m
def reply(tag, n, typ=101, prod=None):
    prod = idx(4)
    until(lambda: size - (prod - idx(0)) >= n, "room for a reply")
    body = struct.pack("<IBH", n, typ, tag) + bytes((tag * 3 + i) & 0xff for i in range(7, n))
    for i, b in enumerate(body):
        data[IN + (prod + i) % size] = b
    struct.pack_into("<I", intf, 4, prod + n)
    kick()
def pattern_ok(m, tag, start=7, end=None):
    return all(m[i] == (tag + i) & 0xff for i in range(start, end or len(m)))
m = take_request()
log("request 1: %d bytes, tag %d, %s" % (len(m), m[5], "intact" if len(m) == 100 and pattern_ok(m, 1) else "WRONG"))
reply(1, 60)
m = take_request()
log("request 2: %d bytes, payload %s" % (len(m), "intact" if len(m) == 1023 and pattern_ok(m, 2, 7, 23)
                                         and m[23:] == b"\x5a" * 1000 else "WRONG"))
reply(2, 3000)
m = take_request()
log("request 3: tag %d" % m[5])
reply(77, 20)                                    # nobody asked
reply(3, 6000)                                   # wraps around the ring's end
m = take_request()
log("request 4: tag %d" % m[5])
reply(4, 100)                                    # the guest gave 16 bytes
m = take_request()
log("request 5: tag %d" % m[5])
struct.pack_into("<I", intf, 4, idx(4) + 100000)
kick()
log("reply index corrupted")
"""


# dom0's HTTP client for the httpd guests: GETs, then "xl shutdown".  The
# bodies come back to the host (/job/out), which checks them: hashes
# computed in dom0 are not reliable (Python's sha256 in the nested dom0
# gave a different, wrong digest of the same bytes now and then).
HTTP_CLIENT = r"""
import http.client, json, os, time
T0 = time.time()
def get(path):
    end = time.time() + 40
    while True:
        try:
            c = http.client.HTTPConnection("10.0.2.15", 80, timeout=10)
            c.request("GET", path)
            r = c.getresponse()
            body = r.read()
            c.close()
            return r.status, body
        except OSError as e:
            print("client: %.2fs %s: %r" % (time.time() - T0, path, e), flush=True)
            if time.time() > end:
                raise
            time.sleep(0.2)
for i, path in enumerate(("/index.html", "/big.txt", "/nope.html")):
    status, body = get(path)
    name = "%s-%d.body" % (os.environ["NAME"], i)
    with open("/job/out/" + name, "wb") as f:
        f.write(body)
    print(json.dumps({"path": path, "status": status, "len": len(body),
                      "body": name, "t": round(time.time() - T0, 2)}), flush=True)
"""

# A file of a few hundred KiB: many frames, several 9P reads (128 KiB each).
BIG = "".join("%06d unikit xen test line: %s\n" % (i, "abcdefghij" * 5)
              for i in range(5000))


def http_results(g, outdir):
    """{path: {status, len, body}} from the client's output, with the
    bodies it saved."""
    out = {}
    for line in g.during_log.splitlines():
        if line.startswith("{"):
            d = json.loads(line)
            try:
                with open(os.path.join(outdir, d["body"]), "rb") as f:
                    d["body"] = f.read()
            except OSError:
                d["body"] = None
            out[d["path"]] = d
    return out


def check_site(r, what, g, www, outdir):
    res = http_results(g, outdir)
    for path in ("/index.html", "/big.txt"):
        with open(os.path.join(www, path[1:]), "rb") as f:
            want = f.read()
        got = res.get(path, {})
        body = got.get("body")
        diff = None
        if body is not None and body != want:
            diff = next((i for i, (a, b) in enumerate(zip(body, want)) if a != b),
                        min(len(body), len(want)))
        r.record("xen/%s: GET %s returns the file intact (%d bytes)" % (what, path, len(want)),
                 got.get("status") == 200 and body == want,
                 "status %s, %s bytes, first difference at %s\nclient:\n%s\n%r" % (
                     got.get("status"), None if body is None else len(body), diff,
                     g.during_log, g))
    r.record("xen/%s: a missing file is a 404" % what,
             res.get("/nope.html", {}).get("status") == 404,
             "client:\n%s\n%r" % (g.during_log, g))
    r.record("xen/%s: 'xl shutdown' powers it off" % what,
             g.fate == "poweroff" and "poweroff requested by the toolstack" in g.console,
             repr(g))

def build(name, **kw):
    d = T.build_app(name, "helloworld", defconfig="xen_defconfig", **kw)
    return os.path.join(d, "build", "helloworld_xen-x86_64")


def uktest_image(name="xen-uktest", defconfig="kvm_defconfig"):
    d = T.build_app(name, "../test/apps/uktest", defconfig=defconfig,
                    config=["CONFIG_PLAT_XEN=y", "# CONFIG_PLAT_KVM is not set"])
    return os.path.join(d, "build", "uktest_xen-x86_64")


# Idles until the toolstack asks it to stop (xl shutdown).
IDLE_MAIN = r"""
#include <stdio.h>
#include <uk/arch/irq.h>
#include <uk/plat/irq.h>

int main(void)
{
	printf("waiting for xl shutdown\n");
	uk_irq_disable();
	for (;;)
		uk_plat_halt();
}
"""


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
    # netfront: the driver test below any stack (ARP to dom0's 10.0.2.2 on
    # the bridge), and against a misbehaving made-up backend
    netdev = uktest_image("xen-uktest-net", "net_defconfig")
    nf = build("xen-nf", main_c=NF_MAIN,
               config=["CONFIG_LIBUKNET=y", "# CONFIG_LIBUKNET_LWIP is not set",
                       'CONFIG_PLAT_XEN_XL_VIF=""'])
    p9 = build("xen-9pf", main_c=P9_MAIN, config=["CONFIG_LIBUKVFS=y"])
    idle = build("xen-idle", main_c=IDLE_MAIN)
    # httpd as xen_defconfig builds it: the site (www/, with a bigger file
    # added) packed into the initrd the .xl names, vif on xenbr0
    httpd_dir = T.build_app("xen-httpd", "httpd", defconfig="xen_defconfig",
                            files={"www/big.txt": BIG})
    httpd = os.path.join(httpd_dir, "build", "httpd_xen-x86_64")
    www = os.path.join(httpd_dir, "www")
    cfg = dict((k, xenrun.unquote(v)) for k, v in xenrun.parse_xl(httpd + ".xl"))
    r.record("xen/httpd: the .xl has the vif and ramdisk lines from xen_defconfig",
             cfg.get("vif") == '["bridge=xenbr0"]' and
             cfg.get("ramdisk") == httpd + ".cpio" and os.path.exists(httpd + ".cpio"),
             repr(cfg))
    static_ip = "netdev.ip=10.0.2.15/24:10.0.2.2 "
    client = "python3 - <<'EOF'\n" + HTTP_CLIENT + 'EOF\nexec xl shutdown "$NAME"\n'
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
        xenrun.Guest("netdev", xl=netdev + ".xl", timeout=40),
        xenrun.Guest("nf", xl=nf + ".xl", timeout=60, before=NF_BEFORE,
                     during="exec python3 - <<'EOF'\n" + NF_PEER + "EOF\n"),
        xenrun.Guest("9pf", xl=p9 + ".xl", timeout=60, before=P9_BEFORE,
                     during="exec python3 - <<'EOF'\n" + P9_PEER + "EOF\n"),
        xenrun.Guest("idle", xl=idle + ".xl", timeout=30,
                     during='sleep 0.3\nexec xl shutdown "$NAME"\n'),
        xenrun.Guest("httpd-initrd", xl=httpd + ".xl", timeout=60, during=client,
                     cmdline=static_ip + "vfs.rootfs=initrd --"),
        xenrun.Guest("httpd-9p", xl=httpd + ".xl", timeout=90, during=client,
                     cmdline=static_ip + "vfs.rootfs=9pfs:fs0 --",
                     share=("fs0", www), drop=("ramdisk",)),
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

    g = run.guests["netdev"]
    cases = re.findall(r"^uktest: (PASS|FAIL) (\S+?)(?::.*)?$", g.console, re.M)
    r.record("xen/netfront: ARP request to dom0's bridge address gets its reply"
             " (lib/uknet/tests/test_netdev.c), poweroff",
             ("PASS", "netdev.arp_request_gets_reply") in cases and g.fate == "poweroff",
             repr(g))

    g = run.guests["nf"]
    for line in g.console.splitlines():
        if line.startswith("ok ") or line.startswith("FAIL "):
            word, name = line.split(" ", 1)
            r.record("xen/" + name, word == "ok", repr(g) + "\npeer:\n" + g.during_log)
    checks = len([ln for ln in g.console.splitlines() if ln.startswith(("ok ", "FAIL "))])
    want = NF_MAIN.count("\tCHECK(")
    r.record("xen/netfront: all %d checks ran against the made-up backend, poweroff" % want,
             checks == want and g.fate == "poweroff" and g.during_rc == 0,
             "%d checks, during.sh status %s:\n%s\n%r" % (checks, g.during_rc,
                                                         g.during_log, g))
    r.record("xen/netfront: the backend saw the transmitted frame intact; the bad"
             " answer and the corrupt index were reported",
             "frame intact" in g.during_log and
             "bad transmit response (id 999) dropped" in g.console and
             "receive ring index out of range; device stopped" in g.console,
             g.during_log + "\n" + repr(g))

    g = run.guests["httpd-initrd"]
    outdir = os.path.join(run.workdir, "out")
    check_site(r, "httpd over netfront from the initrd", g, www, outdir)
    r.record("xen/httpd: the initrd was the root, not a share",
             "initrd:" in g.console and "9pfront" not in g.console, repr(g))
    g = run.guests["httpd-9p"]
    check_site(r, "httpd over netfront from a 9pfront share", g, www, outdir)
    r.record("xen/9pfront: connected to QEMU's 9pfs backend in dom0, mounted as the root",
             re.search(r"9pfront device/9pfs/0: share \"fs0\"", g.console) is not None and
             "9pfs: share 'fs0' mounted at /" in g.console, repr(g))

    g = run.guests["9pf"]
    for line in g.console.splitlines():
        if line.startswith("ok ") or line.startswith("FAIL "):
            word, name = line.split(" ", 1)
            r.record("xen/" + name, word == "ok", repr(g) + "\npeer:\n" + g.during_log)
    checks = len([ln for ln in g.console.splitlines() if ln.startswith(("ok ", "FAIL "))])
    want = P9_MAIN.count("\tCHECK(")
    r.record("xen/9pfront: all %d checks ran against the made-up backend, poweroff" % want,
             checks == want and g.fate == "poweroff" and g.during_rc == 0,
             "%d checks, during.sh status %s:\n%s\n%r" % (checks, g.during_rc,
                                                         g.during_log, g))
    r.record("xen/9pfront: the backend got the requests intact; the stray reply and"
             " the corrupt index were reported",
             g.during_log.count("intact") == 2 and "WRONG" not in g.during_log and
             "reply with unknown tag 77 dropped" in g.console and
             "reply ring index out of range; device stopped" in g.console,
             g.during_log + "\n" + repr(g))

    g = run.guests["idle"]
    r.record("xen/shutdown: 'xl shutdown' powers the domain off cleanly",
             g.fate == "poweroff" and "xen: poweroff requested by the toolstack" in g.console,
             repr(g) + "\nduring: " + g.during_log)


if __name__ == "__main__":
    sys.exit(T.main([test_build, test_both_platforms, test_xen_guests]))
