"""Helpers for Unikit's boot tests: build apps, boot images in QEMU, record
results.  Standard library only; run with the system /usr/bin/python3.

Every test records PASS/FAIL/SKIP lines through Results; test/run counts
them.  QEMU runs are bounded in time and in output size, and every process
a test starts is ended by its PID.
"""
import os
import shutil
import signal
import subprocess
import sys
import time

UK_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TEST_BUILD = os.path.join(UK_ROOT, "build", "test")
MAX_OUTPUT = 4 << 20


def accel_args():
    out = subprocess.run([os.path.join(UK_ROOT, "support/scripts/qemu-args")],
                         capture_output=True, text=True, check=True)
    return out.stdout.split()


class Results:
    def __init__(self, path):
        self.f = open(path, "a")
        self.passed = self.failed = self.skipped = 0

    def record(self, name, ok, detail=""):
        word = "PASS" if ok else "FAIL"
        line = "%s %s" % (word, name)
        if detail and not ok:
            line += ": " + detail.replace("\n", " | ")[:2000]
        print(line, flush=True)
        self.f.write(line + "\n")
        self.f.flush()
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok

    def skip(self, name, why):
        line = "SKIP %s: %s" % (name, why)
        print(line, flush=True)
        self.f.write(line + "\n")
        self.f.flush()
        self.skipped += 1


class Run:
    """The outcome of one QEMU run."""

    def __init__(self, status, output, seconds, timed_out):
        self.status = status
        self.output = output
        self.seconds = seconds
        self.timed_out = timed_out

    @property
    def exit_code(self):
        """main's return value, from isa-debug-exit's (code << 1) | 1."""
        if self.status is None or self.status % 2 == 0:
            return None
        return self.status >> 1

    def __repr__(self):
        tail = self.output[-1500:]
        return "status=%s timed_out=%s after %.2fs, output tail:\n%s" % (
            self.status, self.timed_out, self.seconds, tail)


def qemu_cmd(image, machine="microvm", mem="8", append=None, extra=(),
             debug_exit=True, initrd=None):
    cmd = ["qemu-system-x86_64", "-M", machine] + accel_args() + [
        "-m", str(mem), "-display", "none", "-nodefaults", "-no-user-config",
        "-serial", "stdio", "-kernel", image]
    if machine != "microvm":
        cmd += ["-vga", "none"]
    if debug_exit:
        cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
    if append is not None:
        cmd += ["-append", append]
    if initrd:
        cmd += ["-initrd", initrd]
    return cmd + list(extra)


def share_args(path, machine, tag="fs0", ident="fs0"):
    """QEMU options sharing the host folder path over 9p under tag: a
    virtio-mmio device on microvm, virtio-pci elsewhere."""
    dev = "virtio-9p-pci" if machine != "microvm" else "virtio-9p-device"
    return ["-fsdev", "local,id=%s,path=%s,security_model=none" % (ident, path),
            "-device", "%s,fsdev=%s,mount_tag=%s" % (dev, ident, tag)]


def run_qemu(image, timeout=30, **kw):
    """Boots image and waits for QEMU to exit (or kills it at timeout)."""
    cmd = qemu_cmd(image, **kw)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    timed_out = False
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
    dt = time.monotonic() - t0
    text = out[:MAX_OUTPUT].decode("utf-8", "replace").replace("\r\n", "\n")
    return Run(None if timed_out else p.returncode, text, dt, timed_out)


class Qemu:
    """A QEMU that keeps running while a test talks to it (network tests).
    Output goes to a file; stop() ends it by PID."""

    def __init__(self, image, logname, prefix=(), **kw):
        # prefix: a command QEMU runs under (ip netns exec NS)
        self.cmd = list(prefix) + qemu_cmd(image, **kw)
        os.makedirs(os.path.join(TEST_BUILD, "logs"), exist_ok=True)
        self.log = os.path.join(TEST_BUILD, "logs", logname + ".log")
        self.logf = open(self.log, "wb")
        self.p = subprocess.Popen(self.cmd, stdout=self.logf,
                                  stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL,
                                  start_new_session=True)

    def output(self):
        with open(self.log, "rb") as f:
            return f.read(MAX_OUTPUT).decode("utf-8", "replace").replace("\r\n", "\n")

    def wait_for(self, text, timeout=30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.output():
                return True
            if self.p.poll() is not None:
                return text in self.output()
            time.sleep(0.05)
        return False

    def wait(self, timeout=30):
        try:
            return self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.p.wait()
        self.logf.close()
        return self.p.returncode


_built = {}


def make(args, cwd=None, timeout=1800):
    p = subprocess.run(["make"] + args, cwd=cwd, capture_output=True, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout + p.stderr


def build_app(name, src_app, defconfig="kvm_defconfig", config=(), main_c=None,
              files=None):
    """Copies apps/<src_app> to build/test/apps/<name> (outside the app's own
    folder, the way a user links their own program), optionally replacing
    main.c or adding files and config lines, and builds it.  Returns the
    build folder.  Raises RuntimeError with make's output on failure."""
    if name in _built:
        return _built[name]
    dst = os.path.join(TEST_BUILD, "apps", name)
    src = src_app if os.path.isabs(src_app) else \
        os.path.join(UK_ROOT, "apps", src_app)
    if os.path.exists(dst):
        # keep build/ for incremental builds, refresh the sources
        for entry in os.listdir(dst):
            if entry not in ("build",):
                path = os.path.join(dst, entry)
                if os.path.isdir(path):
                    shutil.rmtree(path)
                else:
                    os.unlink(path)
    os.makedirs(dst, exist_ok=True)
    for entry in os.listdir(src):
        if entry in ("build", ".config", ".config.old"):
            continue
        s = os.path.join(src, entry)
        if os.path.isdir(s):
            shutil.copytree(s, os.path.join(dst, entry))
        else:
            shutil.copy2(s, os.path.join(dst, entry))
    if main_c is not None:
        _write_if_changed(os.path.join(dst, "main.c"), main_c)
    for fname, content in (files or {}).items():
        _write_if_changed(os.path.join(dst, fname), content)
    rc, out = make(["UK_ROOT=" + UK_ROOT, defconfig], cwd=dst)
    if rc:
        raise RuntimeError("defconfig failed:\n" + out[-3000:])
    if config:
        with open(os.path.join(dst, ".config"), "a") as f:
            for line in config:
                f.write(line + "\n")
        rc, out = make(["UK_ROOT=" + UK_ROOT, "olddefconfig"], cwd=dst)
        if rc:
            raise RuntimeError("olddefconfig failed:\n" + out[-3000:])
    rc, out = make(["UK_ROOT=" + UK_ROOT, "-j2"], cwd=dst)
    if rc:
        raise RuntimeError("build failed:\n" + out[-4000:])
    _built[name] = dst
    return dst


def _write_if_changed(path, content):
    if os.path.exists(path):
        with open(path) as f:
            if f.read() == content:
                return
    with open(path, "w") as f:
        f.write(content)


def image_of(app_dir, app="helloworld", plat="kvm"):
    return os.path.join(app_dir, "build", "%s_%s-x86_64" % (app, plat))


def run_fuzz(r, target, label, secs):
    """Runs test/fuzz/run-fuzz TARGET for secs seconds: one result."""
    p = subprocess.run([os.path.join(UK_ROOT, "test", "fuzz", "run-fuzz"), target, secs],
                       capture_output=True, text=True, timeout=int(secs) + 300)
    last = (p.stdout.strip().splitlines() or [""])[-1]
    r.record("%s-fuzz/%s for %ss: %s" % (
        target, label, secs, last.split(": ", 1)[-1] if p.returncode == 0 else "crash"),
        p.returncode == 0, p.stdout[-2000:] + p.stderr[-1000:])


def main(tests):
    """Runs the given test functions (each takes a Results) and exits 0.
    Failures are counted by test/run from the results file."""
    results = Results(os.environ.get("UK_TEST_RESULTS",
                                     os.path.join(TEST_BUILD, "results.txt")))
    only = os.environ.get("UK_TEST_ONLY")
    for t in tests:
        if only and only not in t.__name__:
            continue
        try:
            t(results)
        except Exception as e:  # a broken test is a failed test
            import traceback
            results.record(t.__name__, False, "exception: %s" %
                           (traceback.format_exc()[-800:]))
    return 0
