"""The content every server is measured with, and a cpio (newc) writer.

The site is generated, not committed: index.html of exactly 612 bytes (the
size of nginx's own welcome page, the customary small-file figure) and
1M.bin (1 MiB).  The file-read bench uses data/64M.bin.  Contents come from
a fixed seed, so every run and every server sees the same bytes.
"""
import os
import random

from . import common

SMALL = 612
LARGE = 1 << 20
FSREAD = 64 << 20


def _page():
    head = ("<!DOCTYPE html>\n<html>\n<head>\n<title>Unikit bench</title>\n"
            "</head>\n<body>\n<h1>Unikit bench page</h1>\n"
            "<p>This page is served by every server under test, byte for byte "
            "the same.</p>\n<!-- ")
    tail = " -->\n</body>\n</html>\n"
    pad = SMALL - len(head) - len(tail)
    body = head + ("padding to 612 bytes " * 40)[:pad] + tail
    assert len(body.encode()) == SMALL
    return body.encode()


def _write_random(path, size, seed):
    if os.path.exists(path) and os.path.getsize(path) == size:
        return
    rng = random.Random(seed)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        left = size
        while left:
            n = min(left, 4 << 20)
            f.write(rng.randbytes(n))
            left -= n
    os.replace(tmp, path)


def make_site():
    """build/bench/site/{index.html,1M.bin}; returns the folder."""
    d = os.path.join(common.OUT, "site")
    os.makedirs(d, exist_ok=True)
    page = os.path.join(d, "index.html")
    data = _page()
    if not os.path.exists(page) or open(page, "rb").read() != data:
        with open(page, "wb") as f:
            f.write(data)
    _write_random(os.path.join(d, "1M.bin"), LARGE, 1)
    return d


def make_fsdata():
    """build/bench/fsdata/64M.bin, the file the read benches read."""
    d = os.path.join(common.OUT, "fsdata")
    os.makedirs(d, exist_ok=True)
    _write_random(os.path.join(d, "64M.bin"), FSREAD, 2)
    return d


class Cpio:
    """Writes a cpio archive in the "newc" format (what Linux's initramfs and
    our initrd read): owner root, mtime 0, so the bytes depend only on the
    contents."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.ino = 1
        self.dirs = set()

    def _hdr(self, name, mode, size, nlink=1):
        name_b = name.encode() + b"\0"
        fields = [self.ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(name_b), 0]
        self.ino += 1
        self.f.write(b"070701" + b"".join(b"%08X" % v for v in fields) + name_b)
        self._pad()

    def _pad(self):
        n = (-self.f.tell()) % 4
        if n:
            self.f.write(b"\0" * n)

    def dir(self, name):
        name = name.strip("/")
        if not name or name in self.dirs:
            return
        parent = os.path.dirname(name)
        if parent:
            self.dir(parent)
        self.dirs.add(name)
        self._hdr(name, 0o040755, 0, nlink=2)

    def _parents(self, name):
        parent = os.path.dirname(name.strip("/"))
        if parent:
            self.dir(parent)

    def data(self, name, data, mode=0o644):
        self._parents(name)
        self._hdr(name.strip("/"), 0o100000 | mode, len(data))
        self.f.write(data)
        self._pad()

    def file(self, name, src, mode=None):
        if mode is None:
            mode = 0o755 if os.access(src, os.X_OK) else 0o644
        self._parents(name)
        size = os.path.getsize(src)
        self._hdr(name.strip("/"), 0o100000 | mode, size)
        with open(src, "rb") as s:
            while True:
                chunk = s.read(1 << 20)
                if not chunk:
                    break
                self.f.write(chunk)
        self._pad()

    def symlink(self, name, target):
        self._parents(name)
        t = target.encode()
        self._hdr(name.strip("/"), 0o120777, len(t))
        self.f.write(t)
        self._pad()

    def tree(self, prefix, folder):
        """Adds folder's files (sorted, so the archive is reproducible)."""
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            rel = os.path.relpath(root, folder)
            base = prefix if rel == "." else os.path.join(prefix, rel)
            self.dir(base)
            for fn in sorted(files):
                self.file(os.path.join(base, fn), os.path.join(root, fn))

    def close(self):
        self._hdr("TRAILER!!!", 0, 0)
        # Pad to 512 bytes so another archive can be appended (Linux reads
        # concatenated archives, each starting 4-byte aligned).
        n = (-self.f.tell()) % 512
        self.f.write(b"\0" * n)
        self.f.close()
