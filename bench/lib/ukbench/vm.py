"""One QEMU process with a time-stamped console.

The clock starts just before QEMU is launched; every console line is stamped
with the host's monotonic clock when it arrives on QEMU's stdout (the guest's
16550, -serial stdio), and the exit is stamped when waitpid returns.  These
are host-side wall times, the same instrument for every guest.
"""
import os
import re
import subprocess
import threading
import time

from . import common

MAC = "52:54:00:12:34:56"


def qemu_cmd(kernel, mem, append=None, initrd=None, net=False, share=None,
             debug_exit=True):
    """The one QEMU command line used for every guest (ours, the floor, the
    Linux VM): microvm, the auto accelerator, 1 vCPU, the same devices."""
    cmd = [common.QEMU, "-M", "microvm"] + common.accel_args() + [
        "-smp", "1", "-m", str(mem), "-display", "none", "-nodefaults",
        "-no-user-config", "-no-reboot", "-serial", "stdio", "-kernel", kernel]
    if debug_exit:
        cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
    if append is not None:
        cmd += ["-append", append]
    if initrd:
        cmd += ["-initrd", initrd]
    if net:
        # a tap device created by netns.NetNS in the namespace QEMU runs in
        cmd += ["-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                "-device", "virtio-net-device,netdev=n0,mac=" + MAC]
    if share:
        cmd += ["-fsdev", "local,id=fs0,path=%s,security_model=none,readonly=on" % share,
                "-device", "virtio-9p-device,fsdev=fs0,mount_tag=fs0"]
    return cmd


class VM:
    def __init__(self, cmd, logpath, timeout=120):
        self.cmd = cmd
        self.lines = []             # (seconds since launch, text)
        self.t_exit = None
        self.status = None
        self._cond = threading.Condition()
        self._kept = 0
        os.makedirs(os.path.dirname(logpath), exist_ok=True)
        self._log = open(logpath, "wb")
        self._log.write(("$ " + " ".join(cmd) + "\n").encode())
        self.t0 = time.monotonic()
        self.p = common.start(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
        # Bound every run: a hung guest is stopped, never waited on forever.
        self._timer = threading.Timer(timeout, self._expire)
        self._timer.daemon = True
        self._timer.start()
        self.timed_out = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._waiter = threading.Thread(target=self._wait, daemon=True)
        self._waiter.start()

    @property
    def pid(self):
        return self.p.pid

    def _expire(self):
        self.timed_out = True
        common.stop(self.p, grace=1.0)

    def _read(self):
        fd = self.p.stdout.fileno()
        buf = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            now = time.monotonic() - self.t0
            if self._kept < common.MAX_CONSOLE:
                self._log.write(chunk)
                self._kept += len(chunk)
                buf += chunk
                parts = buf.split(b"\n")
                buf = parts.pop()
                if parts:
                    with self._cond:
                        for part in parts:
                            self.lines.append((now, part.decode("utf-8", "replace")
                                               .rstrip("\r")))
                        self._cond.notify_all()
        with self._cond:
            if buf:
                self.lines.append((time.monotonic() - self.t0,
                                   buf.decode("utf-8", "replace").rstrip("\r")))
            self._cond.notify_all()

    def _wait(self):
        # A blocking waitpid: Popen.wait(timeout) would poll and add up to
        # 50 ms of error to the exit time.
        status = self.p.wait()
        t = time.monotonic() - self.t0
        self._timer.cancel()
        self._reader.join()
        with self._cond:
            self.status, self.t_exit = status, t
            self._cond.notify_all()

    def wait_line(self, pattern, timeout):
        """Seconds from launch to the first console line matching pattern
        (a regex), and the match; (None, None) if none came in time."""
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                for t, text in self.lines[seen:]:
                    m = rx.search(text)
                    if m:
                        return t, m
                seen = len(self.lines)
                left = end - time.monotonic()
                if self.t_exit is not None or left <= 0:
                    return None, None
                self._cond.wait(min(left, 0.5))

    def first_line(self, timeout):
        """Seconds from launch to the first non-empty console line."""
        return self.wait_line(r"\S", timeout)[0]

    def wait_exit(self, timeout=None):
        """(status, seconds from launch to exit), or (None, None)."""
        end = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self.t_exit is None:
                left = None if end is None else end - time.monotonic()
                if left is not None and left <= 0:
                    return None, None
                self._cond.wait(left if left is not None else 1.0)
            return self.status, self.t_exit

    def text(self):
        with self._cond:
            return "\n".join(t for _, t in self.lines)

    def tail(self, n=600):
        return self.text()[-n:].replace("\n", " | ")

    def cpu_seconds(self):
        """CPU time QEMU has used so far, summed over its threads, in ns
        resolution from schedstat (stat's utime/stime tick at 10 ms, too
        coarse for a VM that idles well)."""
        total, tasks = 0, "/proc/%d/task" % self.p.pid
        try:
            for tid in os.listdir(tasks):
                with open(os.path.join(tasks, tid, "schedstat")) as f:
                    total += int(f.read().split()[0])
            return total / 1e9
        except (OSError, ValueError, IndexError):
            pass        # no schedstat (kernel without CONFIG_SCHEDSTATS)
        with open("/proc/%d/stat" % self.p.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def stop(self):
        self._timer.cancel()
        common.stop(self.p, grace=2.0)
        self._waiter.join(timeout=5)
        self._log.close()
        return self.status
