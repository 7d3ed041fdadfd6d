"""HTTP clients of the bench: a boot probe that finds the first 200 with
~10 ms resolution, a full GET, and wrk.

The probe opens a new non-blocking connection every 10 ms and keeps up to a
second's worth of them pending: a SYN sent before the guest's network was up
is simply outrun by a later one, instead of waiting for TCP's 1 s
retransmission, and a guest that is slow to answer is never cut off.
"""
import errno
import os
import re
import select
import socket
import time

from . import common

REQ = "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"


def first_200(vm, host, port=80, path="/index.html", timeout=60, period=0.01,
              abort=None):
    """Seconds from vm's launch to the first complete "200" status line, or
    None (timeout, QEMU exited, or abort regex seen on its console)."""
    end = time.monotonic() + timeout
    pending = {}        # socket -> time opened
    talking = {}        # socket -> bytes received
    last_open = 0.0
    try:
        while time.monotonic() < end:
            if vm.t_exit is not None:
                return None
            if abort and vm.wait_line(abort, 0)[0] is not None:
                return None
            now = time.monotonic()
            if now - last_open >= period and len(pending) < 100:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.setblocking(False)
                rc = s.connect_ex((host, port))
                if rc in (0, errno.EINPROGRESS):
                    pending[s] = now
                else:
                    s.close()
                last_open = now
            for s, t in list(pending.items()):
                if now - t > 1.0:
                    s.close()
                    del pending[s]
            wl = list(pending)
            rl = list(talking)
            r, w, _ = select.select(rl, wl, [], period / 2)
            for s in w:
                del pending[s]
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                    s.close()
                    continue
                try:
                    s.send(REQ.format(path=path, host=host).encode())
                    talking[s] = b""
                except OSError:
                    s.close()
            for s in r:
                try:
                    data = s.recv(4096)
                except OSError:
                    data = b""
                if not data:
                    s.close()
                    del talking[s]
                    continue
                talking[s] += data
                if b"\r\n" in talking[s]:
                    line = talking[s].split(b"\r\n", 1)[0]
                    t = time.monotonic() - vm.t0
                    s.close()
                    del talking[s]
                    if re.match(rb"HTTP/1\.[01] 200 ", line):
                        return t
            if not pending and not talking:
                time.sleep(period / 2)
        return None
    finally:
        for s in list(pending) + list(talking):
            s.close()


def get(host, port, path, timeout=20):
    """(status, body length) of one GET, or (None, 0)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.sendall(REQ.format(path=path, host=host).encode())
            data = b""
            while True:
                chunk = s.recv(1 << 16)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return None, 0
    head, _, body = data.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/1\.[01] (\d+)", head)
    return (int(m.group(1)) if m else None), len(body)


def serves(host, port, files, timeout=20):
    """True if every (path, size) is served with 200 and exactly size bytes."""
    for path, size in files:
        st, n = get(host, port, path, timeout)
        if st != 200 or n != size:
            return False
    return True


def wrk(url, duration, threads=2, conns=32, timeout=None):
    """Runs wrk once; returns (requests/s, error text or None)."""
    cmd = ["wrk", "-t%d" % threads, "-c%d" % conns, "-d%s" % duration, url]
    r = common.run(cmd, check=False, timeout=timeout or 120)
    text = r.stdout
    m = re.search(r"^Requests/sec:\s+([0-9.]+)", text, re.M)
    reqs = re.search(r"(\d+) requests in", text)
    errs = []
    for pat in (r"Socket errors:.*", r"Non-2xx or 3xx responses:.*"):
        e = re.search(pat, text)
        if e:
            errs.append(e.group(0).strip())
    if r.returncode != 0 or not m or not reqs or int(reqs.group(1)) == 0:
        return None, "wrk failed: " + (" ".join(errs) or text.strip()[-200:])
    if any(e.startswith("Non-2xx") for e in errs):
        return None, "; ".join(errs)
    return float(m.group(1)), ("; ".join(errs) or None)


# ----------------------------------------------------------------- echo
def wait_port(ip, port, timeout):
    """True once something accepts connections on ip:port."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            socket.create_connection((ip, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def echo_throughput(ip, port, nbytes):
    """MB/s (10^6) of nbytes sent to an echo server while reading them
    back on the same connection; None if the echo is not intact."""
    import hashlib
    import threading
    chunk = os.urandom(1 << 16)
    want = hashlib.sha256()
    got = hashlib.sha256()
    received = [0]
    try:
        s = socket.create_connection((ip, port), timeout=60)
    except OSError:
        return None

    def reader():
        while received[0] < nbytes:
            try:
                b = s.recv(1 << 16)
            except OSError:
                return
            if not b:
                return
            got.update(b)
            received[0] += len(b)
    t = threading.Thread(target=reader)
    t0 = time.monotonic()
    t.start()
    try:
        sent = 0
        while sent < nbytes:
            part = chunk[:min(len(chunk), nbytes - sent)]
            s.sendall(part)
            want.update(part)
            sent += len(part)
        t.join(120)
    except OSError:
        pass
    dt = time.monotonic() - t0
    s.close()
    if received[0] != nbytes or got.digest() != want.digest():
        return None
    return nbytes / dt / 1e6


def echo_connections(ip, port, n):
    """Short connections per second: connect, 16 bytes there and back,
    close, n times in a row."""
    msg = b"0123456789abcdef"
    t0 = time.monotonic()
    for _ in range(n):
        try:
            s = socket.create_connection((ip, port), timeout=10)
            s.sendall(msg)
            b = b""
            while len(b) < len(msg):
                part = s.recv(64)
                if not part:
                    break
                b += part
            s.close()
        except OSError:
            return None
        if b != msg:
            return None
    return n / (time.monotonic() - t0)
