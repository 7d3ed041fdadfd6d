#!/usr/bin/python3
"""Runs Unikit images as Xen guests: Xen 4.17 and a Debian dom0 booted in
QEMU (TCG, -cpu max: Xen sees SVM with nested paging, so PVH guests work).

    test/xen/xenrun.py apps/helloworld/build/helloworld_xen-x86_64.xl
    test/xen/xenrun.py --cmdline '-- a b' -t 20 IMAGE.xl [IMAGE2.xl ...]

Each guest is started in turn with "xl create" from its xl config (the one
the build writes next to the image); its console comes back, with its fate:
poweroff (main returned 0), crash (non-zero status or a crash), timeout,
killed (still running after its during.sh), create-failed.  The exit
status is 0 when every guest powered off.

As a library (test/boot/test_xen.py): run([Guest(...), ...]) -> Run.  One
QEMU boot runs all the guests given, so a test pays for Xen and dom0 once.
The first use builds the dom0 (test/xen/setup, a few minutes, cached).
"""
import argparse
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
UK_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
WORK = os.path.join(UK_ROOT, "build", "test", "xen")
MAX_LOG = 8 << 20

# xsave=0: Xen then switches vCPUs' FPU/SSE state with FXSAVE/FXRSTOR.
# With XSAVE (QEMU 7.2 TCG), a guest using SSE while dom0 runs corrupts
# dom0's registers: Python in dom0 computed wrong sha256/crc32 values and
# made wrong copies, or crashed, within seconds of a PVH guest running an
# SSE loop; with xsave=0, none in the same test.
XEN_CMDLINE = ("dom0_mem=384M,max:384M dom0_max_vcpus=1 console=com1 "
               "com1=115200,8n1 loglvl=all guest_loglvl=all bootscrub=0 smap=0 "
               "xsave=0")
DOM0_CMDLINE = "console=hvc0 quiet"


class SetupError(Exception):
    pass


def qemu_available():
    """None if QEMU can run here, else the reason it cannot."""
    if not shutil.which("qemu-system-x86_64"):
        return "qemu-system-x86_64 is not installed"
    return None


def setup():
    """Builds (once) and returns the folder with xen, vmlinux, initrd.img
    and dom0.img.  Raises SetupError with the script's output."""
    p = subprocess.run([os.path.join(HERE, "setup")], capture_output=True,
                       text=True, timeout=3600)
    if p.returncode:
        raise SetupError("test/xen/setup failed:\n" + p.stderr[-3000:])
    return p.stdout.strip().splitlines()[-1]


def parse_xl(path):
    """Reads an xl config into an ordered list of (key, raw value)."""
    items = []
    with open(path) as f:
        for line in f:
            m = re.match(r'\s*([A-Za-z_][A-Za-z_0-9]*)\s*=\s*(.*?)\s*$', line)
            if m:
                items.append((m.group(1), m.group(2)))
    return items


def xl_string(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def unquote(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    return v


def fast_vif_script(v):
    """Adds script=/job/vif-bridge (test/xen/vif-bridge) to each vif spec
    of an xl list value that names no script."""
    def one(m):
        spec = m.group(1)
        if "script=" not in spec:
            spec += (",script=/job/vif-bridge" if spec.strip() else
                     "script=/job/vif-bridge")
        return '"%s"' % spec
    return re.sub(r'"([^"]*)"', one, v)


class Guest:
    """One guest: an xl config (as the build writes it) or a kernel, with
    overrides (cmdline, memory, ramdisk, extra xl lines).  Shell scripts run
    in dom0 with DOMID and NAME set: before, once the domain exists, before
    it runs; during, beside the guest; after, once it has stopped (its
    xenstore keys are still there).  share: (tag, folder): the folder is
    copied into the job and given to the guest as its only p9 share.
    drop: xl settings of the config to leave out."""

    def __init__(self, name, xl=None, kernel=None, cmdline=None, memory=None,
                 ramdisk=None, extra=(), timeout=30, during=None, after=None,
                 before=None, share=None, drop=()):
        self.name = name
        self.items = parse_xl(xl) if xl else [("type", '"pvh"'),
                                               ("memory", "32")]
        self.items = [(k, v) for k, v in self.items if k not in drop]
        self.base = os.path.dirname(os.path.abspath(xl)) if xl else os.getcwd()
        self.kernel = kernel
        self.cmdline = cmdline
        self.memory = memory
        self.ramdisk = ramdisk
        self.extra = list(extra)
        self.timeout = timeout
        self.during = during
        self.after = after
        self.before = before
        self.share = share

    def has(self, key):
        """Whether the guest's config sets key (an xl setting)."""
        return any(k == key for k, _ in self.items) or any(
            re.match(r"\s*%s\s*=" % key, line) for line in self.extra)

    def _path(self, v):
        v = unquote(v)
        return v if os.path.isabs(v) else os.path.join(self.base, v)

    def pack(self, d):
        """Writes the guest's folder of the job: guest.cfg with paths
        inside dom0, the kernel, the ramdisk, the scripts."""
        os.makedirs(d)
        inside = "/job/guests/" + os.path.basename(d)
        cfg = {}
        order = []
        for k, v in self.items:
            if k not in cfg:
                order.append(k)
            cfg[k] = v
        kernel = self.kernel or (self._path(cfg["kernel"]) if "kernel" in cfg else None)
        if not kernel or not os.path.exists(kernel):
            raise FileNotFoundError("guest %s: no kernel (%s)" % (self.name, kernel))
        shutil.copy(kernel, os.path.join(d, "kernel"))
        cfg["kernel"] = xl_string(inside + "/kernel")
        if self.ramdisk:
            cfg["ramdisk"] = xl_string(os.path.abspath(self.ramdisk))
            if "ramdisk" not in order:
                order.append("ramdisk")
        if "ramdisk" in cfg:
            shutil.copy(self._path(cfg["ramdisk"]), os.path.join(d, "ramdisk"))
            cfg["ramdisk"] = xl_string(inside + "/ramdisk")
        if "vif" in cfg:
            cfg["vif"] = fast_vif_script(cfg["vif"])
        if self.share:
            tag, folder = self.share
            shutil.copytree(folder, os.path.join(d, "share"), symlinks=True)
            cfg["p9"] = '["tag=%s,security_model=none,path=%s/share"]' % (tag, inside)
            if "p9" not in order:
                order.append("p9")
        cfg["name"] = xl_string(self.name)
        if self.cmdline is not None:
            cfg["cmdline"] = xl_string(self.cmdline)
        if self.memory is not None:
            cfg["memory"] = str(self.memory)
        # Kept after they stop, so that dom0 can read how they ended.
        for k in ("on_poweroff", "on_reboot", "on_crash"):
            cfg[k] = '"preserve"'
        for k in ("name", "kernel", "cmdline", "memory", "on_poweroff",
                  "on_reboot", "on_crash"):
            if k in cfg and k not in order:
                order.append(k)
        with open(os.path.join(d, "guest.cfg"), "w") as f:
            for k in order:
                f.write("%s = %s\n" % (k, cfg[k]))
            for line in self.extra:
                f.write(line + "\n")
        with open(os.path.join(d, "timeout"), "w") as f:
            f.write("%d\n" % self.timeout)
        for fname, script in (("before.sh", self.before), ("during.sh", self.during),
                              ("after.sh", self.after)):
            if script:
                with open(os.path.join(d, fname), "w") as f:
                    f.write(script)


class GuestResult:
    def __init__(self, name):
        self.name = name
        self.fate = "not-run"
        self.seconds = None
        self.domid = None
        self.console = ""
        self.during_rc = None
        self.during_log = ""
        self.before_log = ""
        self.after_log = ""
        self.xl_log = ""
        self.xen_log = ""

    def exit_code(self):
        """main's status as the guest reported it: 0 for a poweroff, the
        printed code for "exit status N", None for anything else."""
        if self.fate == "poweroff":
            return 0
        m = re.search(r"exit status (-?\d+): the domain ends as crashed",
                      self.console)
        return int(m.group(1)) if m and self.fate == "crash" else None

    def __repr__(self):
        return ("guest %s: %s after %ss (domid %s)\n--- console:\n%s%s%s" % (
            self.name, self.fate, self.seconds, self.domid,
            self.console[-2500:],
            "\n--- xl:\n" + self.xl_log[-800:] if self.xl_log else "",
            "\n--- xl dmesg:\n" + self.xen_log[-1500:] if self.xen_log else ""))


class Run:
    def __init__(self):
        self.status = None      # QEMU's exit status (None: killed at the limit)
        self.seconds = 0.0
        self.serial = ""
        self.guests = {}
        self.dom0_status = None  # 0: dom0 ran every guest
        self.workdir = None

    def ok(self):
        return self.dom0_status == 0

    def __repr__(self):
        return "QEMU status %s, dom0 status %s, %.1fs; serial log tail:\n%s" % (
            self.status, self.dom0_status, self.seconds, self.serial[-3000:])


def _read(path, limit=MAX_LOG):
    try:
        with open(path, "rb") as f:
            return f.read(limit).decode("utf-8", "replace")
    except FileNotFoundError:
        return ""


# dom0's bridge for guests with a vif: xenbr0 (xl's default) with the
# address QEMU's user networking gives its gateway, so that tests written
# for QEMU (ARP for 10.0.2.2, a static 10.0.2.15) work unchanged.
BRIDGE = "xenbr0 10.0.2.2/24"


def run(guests, label="run", timeout=None, img=None, bridge=None):
    """Boots Xen in QEMU once and runs every guest in order.  Returns a Run
    whose guests map each guest's name to its GuestResult.  bridge: "NAME
    ADDR/LEN" of a bridge dom0 sets up first; by default BRIDGE when a
    guest has a vif."""
    img = img or setup()
    work = os.path.join(WORK, label)
    shutil.rmtree(work, ignore_errors=True)
    job = os.path.join(work, "job")
    os.makedirs(os.path.join(job, "guests"))
    for f in ("dom0-run", "vif-bridge"):
        shutil.copy(os.path.join(HERE, f), os.path.join(job, f))
    if bridge is None and any(g.has("vif") for g in guests):
        bridge = BRIDGE
    if bridge:
        with open(os.path.join(job, "bridge"), "w") as f:
            f.write(bridge + "\n")
    for i, g in enumerate(guests):
        g.pack(os.path.join(job, "guests", "%02d-%s" % (i, g.name)))
    jobtar = os.path.join(work, "job.tar")
    with tarfile.open(jobtar, "w", format=tarfile.GNU_FORMAT) as t:
        t.add(job, arcname=".")
    out = os.path.join(work, "out.img")
    with open(out, "wb") as f:
        f.truncate(16 << 20)
    serial = os.path.join(work, "serial.log")
    cmd = ["qemu-system-x86_64", "-machine", "pc,accel=tcg", "-cpu", os.environ.get("XENRUN_CPU", "max"),
           "-m", "1024", "-smp", "1", "-nodefaults", "-no-user-config",
           "-display", "none", "-vga", "none", "-monitor", "none",
           "-no-reboot", "-net", "none",
           "-kernel", os.path.join(img, "xen"),
           "-append", XEN_CMDLINE + " " + os.environ.get("XEN_EXTRA", ""),
           "-initrd", "%s %s,%s" % (os.path.join(img, "vmlinux"),
                                    DOM0_CMDLINE + " " + os.environ.get("DOM0_EXTRA", ""),
                                    os.path.join(img, "initrd.img")),
           "-drive", "file=%s,format=raw,if=virtio,readonly=on" % os.path.join(img, "dom0.img"),
           "-drive", "file=%s,format=raw,if=virtio,readonly=on" % jobtar,
           "-drive", "file=%s,format=raw,if=virtio" % out,
           "-device", "isa-debug-exit,iobase=0xf4,iosize=1",
           "-serial", "file:" + serial]
    with open(os.path.join(work, "qemu-cmd.sh"), "w") as f:
        f.write(" ".join(shlex.quote(c) for c in cmd) + "\n")
    limit = timeout or 90 + sum(g.timeout + 10 for g in guests)
    r = Run()
    r.workdir = work
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        qout, _ = p.communicate(timeout=limit)
        r.status = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        qout, _ = p.communicate()
    r.seconds = time.monotonic() - t0
    r.serial = _read(serial).replace("\r", "")
    if qout:
        r.serial += "\n[qemu] " + qout[-4000:].decode("utf-8", "replace")

    res = os.path.join(work, "out")
    os.makedirs(res)
    try:
        with tarfile.open(out) as t:
            t.extractall(res, filter="data") if hasattr(tarfile, "data_filter") \
                else t.extractall(res)
    except tarfile.TarError:
        pass    # dom0 never got to write its results
    st = _read(os.path.join(res, "status")).strip()
    r.dom0_status = int(st) if st.isdigit() else None
    for i, g in enumerate(guests):
        gid = "%02d-%s" % (i, g.name)
        gr = GuestResult(g.name)
        line = _read(os.path.join(res, gid + ".result")).split()
        if line:
            gr.fate = line[0]
            gr.seconds = float(line[1]) if len(line) > 1 else None
            gr.domid = line[2] if len(line) > 2 else None
        gr.console = _read(os.path.join(res, gid + ".console")).replace("\r", "")
        rc = _read(os.path.join(res, gid + ".during.rc")).strip()
        gr.during_rc = int(rc) if rc.lstrip("-").isdigit() else None
        gr.during_log = _read(os.path.join(res, gid + ".during.log"))
        gr.after_log = _read(os.path.join(res, gid + ".after.log"))
        gr.before_log = _read(os.path.join(res, gid + ".before.log"))
        gr.xl_log = _read(os.path.join(res, gid + ".xl.log"))
        gr.xen_log = _read(os.path.join(res, gid + ".xen.log"))
        r.guests[g.name] = gr
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("xl", nargs="+", help="xl config written by the build")
    ap.add_argument("--cmdline", help="replaces the config's cmdline")
    ap.add_argument("-t", "--timeout", type=int, default=30,
                    help="seconds each guest may run (default 30)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print the whole serial log (Xen and dom0)")
    a = ap.parse_args()
    why = qemu_available()
    if why:
        sys.exit("xenrun: " + why)
    guests = []
    for i, x in enumerate(a.xl):
        name = dict(parse_xl(x)).get("name", '"guest"')
        guests.append(Guest("%s%d" % (unquote(name), i) if len(a.xl) > 1 else unquote(name),
                            xl=x, cmdline=a.cmdline, timeout=a.timeout))
    t0 = time.monotonic()
    img = setup()
    t1 = time.monotonic()
    r = run(guests, label="cli", img=img)
    if a.verbose or not r.ok():
        print(r.serial)
    ok = r.ok()
    for g in guests:
        gr = r.guests[g.name]
        print("===== %s: console =====" % g.name)
        print(gr.console, end="" if gr.console.endswith("\n") else "\n")
        print("===== %s: %s after %ss =====" % (g.name, gr.fate, gr.seconds))
        ok = ok and gr.fate == "poweroff"
    print("xenrun: setup %.1fs, Xen run %.1fs (logs in %s)" % (t1 - t0, r.seconds, r.workdir))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
