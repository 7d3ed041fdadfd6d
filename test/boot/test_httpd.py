#!/usr/bin/python3
"""apps/httpd on Unikit: the HTTP conformance suite (test/http/suite.py,
the same one the host build passes) against the unikernel on microvm with
the site from a 9p share and from an initrd, and on q35 with virtio-pci
devices; bad boots (no share) fail clearly; and the README's first
command, `make run`, serves apps/httpd/www to headless Chromium."""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "http"))
import unikit_test as T  # noqa: E402
import suite  # noqa: E402

WORK = os.path.join(T.TEST_BUILD, "httpd")
REQUEST_TIMEOUT = 5   # TCG and user networking: 50 connects take a while
MAX_CONNECTIONS = 1000
MEM = "64"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def image():
    d = T.build_app("httpd", "httpd")
    return os.path.join(d, "build", "httpd_kvm-x86_64")


def site():
    path = os.path.join(WORK, "site")
    if not os.path.exists(os.path.join(path, "t", "big.bin")):
        suite.prepare(path)
    return path


def site_initrd():
    out = os.path.join(WORK, "site.cpio")
    subprocess.run([os.path.join(T.UK_ROOT, "support/scripts/mkinitrd"), site(),
                    out], check=True)
    return out


def boot(name, machine, rootfs, port):
    pci = machine != "microvm"
    extra = ["-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:%d-:80" % port,
             "-device", ("virtio-net-pci" if pci else "virtio-net-device") +
             ",netdev=n0"]
    initrd = None
    if rootfs == "9pfs":
        extra += T.share_args(site(), machine)
    else:
        initrd = site_initrd()
    append = "vfs.rootfs=%s -- --request-timeout %d --max-connections %d" % (
        rootfs, REQUEST_TIMEOUT, MAX_CONNECTIONS)
    return T.Qemu(image(), name, machine=machine, mem=MEM, append=append,
                  extra=extra, initrd=initrd)


def serve_and_check(r, name, machine, rootfs):
    port = free_port()
    vm = boot(name.replace("/", "-"), machine, rootfs, port)
    try:
        up = vm.wait_for("httpd: serving", 60)
        if not r.record("%s: boots and serves (%s)" % (name, rootfs), up,
                        vm.output()[-2000:]):
            return
        suite.run("http://127.0.0.1:%d" % port, site(), r, name=name,
                  request_timeout=REQUEST_TIMEOUT, max_connections=MAX_CONNECTIONS)
        out = vm.output()
        r.record("%s: access log lines (method, path, status, bytes, time)" % name,
                 re.search(r"^\S+ GET /t/small\.txt 200 420 \d+\.\d{3}ms$", out, re.M)
                 is not None, out[-1500:])
        r.record("%s: no crash, no error from the stack" % name,
                 "CRASH" not in out and "PANIC" not in out and vm.p.poll() is None,
                 out[-1500:])
    finally:
        vm.stop()


def test_microvm_9p(r):
    serve_and_check(r, "httpd/microvm-9p", "microvm", "9pfs")


def test_microvm_initrd(r):
    serve_and_check(r, "httpd/microvm-initrd", "microvm", "initrd")


def test_q35_pci(r):
    serve_and_check(r, "httpd/q35-9p", "q35", "9pfs")


def test_missing_share(r):
    """vfs.rootfs=9pfs with no share: a clear error and a non-zero exit."""
    run = T.run_qemu(image(), mem=MEM, append="vfs.rootfs=9pfs", timeout=60,
                     extra=["-netdev", "user,id=n0", "-device",
                            "virtio-net-device,netdev=n0"])
    r.record("httpd: no 9p share: clear error, non-zero exit",
             run.status not in (None, 0, 1) and "fs0" in run.output and
             "CRASH" not in run.output, repr(run))


def test_make_run_in_chromium(r):
    """The README's main job: `make run` serves apps/httpd/www on
    localhost; the page renders in headless Chromium with its title."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        r.record("make run: page renders in headless Chromium", False,
                 "chromium is not installed (make deps installs it)")
        return
    port = free_port()
    os.makedirs(os.path.join(WORK, "logs"), exist_ok=True)
    log = open(os.path.join(WORK, "logs", "make-run.log"), "wb")
    p = subprocess.Popen(["make", "-C", T.UK_ROOT, "run", "PORT=%d" % port],
                         stdout=log, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    url = "http://localhost:%d/" % port
    try:
        ok = False
        end = time.monotonic() + 600		# includes building httpd
        while time.monotonic() < end and p.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    ok = resp.status == 200
                    break
            except Exception:
                time.sleep(0.5)
        with open(log.name, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        if not r.record("make run: serves %s" % url, ok, text[-2000:]):
            return
        r.record("make run: prints the URL", "http://localhost:%d/" % port in text,
                 text[-1000:])
        shot = os.path.join(WORK, "make-run-screenshot.png")
        if os.path.exists(shot):
            os.unlink(shot)
        common = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                  "--no-proxy-server", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--window-size=900,900", "--hide-scrollbars",
                  "--user-data-dir=" + os.path.join(WORK, "chromium")]
        c = subprocess.run(common + ["--screenshot=" + shot, url], capture_output=True,
                           timeout=180, start_new_session=True)
        png = open(shot, "rb").read() if os.path.exists(shot) else b""
        r.record("make run: screenshot of the page (%d bytes, %s)" % (len(png), shot),
                 png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000,
                 c.stderr.decode("utf-8", "replace")[-1500:])
        c = subprocess.run(common + ["--dump-dom", url], capture_output=True,
                           timeout=180, start_new_session=True)
        dom = c.stdout.decode("utf-8", "replace")
        r.record("make run: rendered page has its title, and its script ran",
                 "<title>Unikit httpd: it works</title>" in dom and "page loaded" in dom,
                 dom[-1500:] + c.stderr.decode("utf-8", "replace")[-500:])
    finally:
        try:
            os.killpg(p.pid, signal.SIGINT)
            p.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
        log.close()


if __name__ == "__main__":
    sys.exit(T.main([test_microvm_9p, test_microvm_initrd, test_q35_pci,
                     test_missing_share, test_make_run_in_chromium]))
