#!/usr/bin/python3
"""ukvfs boot tests: a copy of helloworld with newlib, uksched and ukvfs
(its main is test/boot/vfs_guest.c) reads a host folder over 9p (microvm
with virtio-9p-device, q35 with virtio-9p-pci) and the same tree packed by
support/scripts/mkinitrd as an initrd; the host compares contents by hash
and sees the guest's writes, renames and unlinks.  Corrupt initrds and
missing roots must stop the boot with a clear message and a non-zero
exit.  The sequential read speed of a 64 MiB file is reported, not
asserted."""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import unikit_test as T  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(T.TEST_BUILD, "vfs")
MKINITRD = os.path.join(T.UK_ROOT, "support", "scripts", "mkinitrd")
CONFIG = ["CONFIG_LIBNEWLIB=y", "CONFIG_LIBUKSCHED=y", "CONFIG_LIBUKVFS=y",
          "CONFIG_LIBUKVFS_9PFS=y", "CONFIG_LIBUKVFS_INITRD=y",
          "CONFIG_LIBUKVFS_DEVFS=y"]
BOOT_FAIL = 0x7e        # UK_BOOT_FAIL_CODE: QEMU exits (0x7e << 1) | 1


def fnv(data, h=0xcbf29ce484222325):
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def fnv_file(path):
    # the 5 MiB file: a table-free loop in Python is slow, chunk it
    h = 0xcbf29ce484222325
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 16)
            if not chunk:
                return h
            h = fnv(chunk, h)


def image():
    with open(os.path.join(HERE, "vfs_guest.c")) as f:
        main_c = f.read()
    d = T.build_app("vfs", "helloworld", config=CONFIG, main_c=main_c)
    return T.image_of(d)


def make_tree(root):
    """The tree both the share and the initrd hold."""
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(os.path.join(root, "nested", "deeper"))
    os.makedirs(os.path.join(root, "nested", "sub"))
    os.makedirs(os.path.join(root, "out"))
    with open(os.path.join(root, "nested", "deeper", "blob.bin"), "wb") as f:
        f.write(os.urandom(5 * 1024 * 1024))
    with open(os.path.join(root, "with space.txt"), "w") as f:
        f.write("a name with a space\nline two\n")
    with open(os.path.join(root, "nested", "a.txt"), "w") as f:
        f.write("file a\n")
    with open(os.path.join(root, "nested", "b.txt"), "w") as f:
        f.write("file b\n")
    with open(os.path.join(root, "nested", "sub", "c.txt"), "w") as f:
        f.write("c\n")
    os.symlink("nested/a.txt", os.path.join(root, "link-to-a"))
    os.symlink("../nested", os.path.join(root, "nested", "uplink"))


def expected(root):
    blob = os.path.join(root, "nested", "deeper", "blob.bin")
    with open(blob, "rb") as f:
        data = f.read()
    exp = {
        "/nested/deeper/blob.bin": (len(data), fnv_file(blob)),
        "seek:1234567+100": (100, fnv(data[1234567:1234667])),
        "seek:end-10": (10, fnv(data[-10:])),
        "pread:4096+50": (50, fnv(data[4096:4146])),
    }
    for rel in ("with space.txt", "nested/a.txt"):
        with open(os.path.join(root, rel), "rb") as f:
            d = f.read()
        exp["/" + rel] = (len(d), fnv(d))
    exp["/link-to-a"] = exp["/nested/a.txt"]
    exp["/nested/uplink/a.txt"] = exp["/nested/a.txt"]
    return exp


def hashes(out):
    got = {}
    for m in re.finditer(r"^H (.+) (\d+) ([0-9a-f]{16})$", out, re.M):
        got[m.group(1)] = (int(m.group(2)), int(m.group(3), 16))
    return got


def fresh_tree():
    tree = os.path.join(WORK, "tree")
    make_tree(tree)
    return tree




def check_guest(r, name, run, exp):
    out = run.output
    r.record("%s: ran to the end, exit 0" % name,
             run.exit_code == 0 and "VFS DONE 0" in out, repr(run))
    fails = re.findall(r"^T (\S+) FAIL.*$", out, re.M)
    r.record("%s: every in-guest check passed" % name,
             not fails and re.search(r"^T \S+ ok$", out, re.M) is not None,
             "failed: %s" % [l for l in out.splitlines() if " FAIL " in l])
    got = hashes(out)
    bad = [k for k in exp if got.get(k) != exp[k]]
    r.record("%s: file contents match the host's (%d checked)" %
             (name, len(exp)), not bad,
             "mismatch: %s; got %s" % (bad, got))
    want_nested = "DIR /nested a.txt/b.txt/deeper/sub/uplink"
    want_root = "DIR / link-to-a/nested/out/with space.txt"
    r.record("%s: directory listings" % name,
             want_nested in out and want_root in out,
             "listing lines: %s" % [l for l in out.splitlines()
                                    if l.startswith("DIR")])


def run_9p(r, machine):
    img = image()
    tree = fresh_tree()
    exp = expected(tree)
    name = "vfs/9pfs on %s" % machine
    # QEMU (security_model=none) changes owners only when it runs as root
    owner = os.geteuid() == 0
    run = T.run_qemu(img, machine=machine, mem="64", timeout=120,
                     append="vfs.rootfs=9pfs -- check write nofifo meta %s threads "
                     "/nested/deeper/blob.bin" % ("owner" if owner else ""),
                     extra=T.share_args(tree, machine))
    check_guest(r, name, run, exp)
    meta = os.lstat(os.path.join(tree, "out", "meta.txt"))
    link = os.lstat(os.path.join(tree, "out", "metalink"))
    want_owner = (65534, 65534) if owner else (meta.st_uid, meta.st_gid)
    r.record("%s: host sees the guest's fchmod/chmod, fchown/chown/lchown, "
             "futimens/utimensat (UTIME_OMIT) on the share" % name,
             (meta.st_mode & 0o7777) == 0o604 and
             (meta.st_uid, meta.st_gid) == want_owner and
             (not owner or link.st_uid == 65534) and
             meta.st_atime_ns == 100 * 10**9 + 5000 and
             meta.st_mtime_ns == 200 * 10**9,
             "mode %o owner %d:%d link owner %d atime %d mtime %d" % (
                 meta.st_mode, meta.st_uid, meta.st_gid, link.st_uid,
                 meta.st_atime_ns, meta.st_mtime_ns))
    m = re.search(r"^STATVFS (\d+) (\d+)$", run.output, re.M)
    host = os.statvfs(tree)
    # QEMU scales the block size up towards msize and divides the count:
    # the sizes agree to within one of its blocks.
    r.record("%s: statvfs of the share gives the host file system's size"
             % name, m is not None and
             0 <= host.f_frsize * host.f_blocks -
             int(m.group(1)) * int(m.group(2)) < int(m.group(1)),
             "guest %s, host %d x %d" % (m and m.groups(), host.f_frsize,
                                         host.f_blocks))
    # what the guest wrote, renamed and unlinked, seen from the host
    out = os.path.join(tree, "out")
    renamed = os.path.join(out, "renamed.txt")
    content = open(renamed).read() if os.path.exists(renamed) else None
    r.record("%s: host sees the guest's write, rename and unlink" % name,
             content == "written by the guest\nvec-tor\nend\n" and
             not os.path.exists(os.path.join(out, "new.txt")) and
             not os.path.exists(os.path.join(out, "gone.txt")) and
             not os.path.exists(os.path.join(out, "sub")) and
             os.readlink(os.path.join(out, "sym")) == "renamed.txt" and
             os.path.getsize(os.path.join(out, "trunc.txt")) == 4 and
             int(os.path.getmtime(os.path.join(out, "trunc.txt"))) ==
             1234567890,
             "out/ holds %s, renamed.txt=%r" % (sorted(os.listdir(out)),
                                                content))
    r.record("%s: 4 threads reading at once get the same bytes" % name,
             hashes(run.output).get("threads:/nested/deeper/blob.bin") ==
             exp["/nested/deeper/blob.bin"], repr(run))
    r.record("%s: msize negotiated at 512 KiB or more" % name,
             re.search(r"9p fs0: 9P2000\.L, msize (\d+)", run.output) and
             int(re.search(r"msize (\d+)", run.output).group(1)) >= 512 * 1024,
             repr(run))


def test_9pfs_microvm(r):
    run_9p(r, "microvm")


def test_9pfs_q35(r):
    run_9p(r, "q35")


# Inside a private mount namespace: a 2.25 MiB tmpfs as the share, with
# /f = 512 KiB of 'O', a 512 KiB hole, 1 MiB of 'O' (1.5 MiB allocated),
# and the rest of the tmpfs taken by /fill.  Writing over /f then fails
# where it meets the hole (no room for those pages) while the parts after
# it, already allocated, could still be written.
FULL_SHARE_SH = r"""
set -e
mount -t tmpfs -o size=2304k tmpfs "$1"
python3 -c '
import errno, sys
d = sys.argv[1]
with open(d + "/f", "wb") as f:
    f.write(b"O" * (512 << 10))
    f.seek(1 << 20)
    f.write(b"O" * (1 << 20))
with open(d + "/fill", "wb", buffering=0) as f:
    try:
        while True:
            f.write(b"F" * 4096)
    except OSError as e:
        assert e.errno == errno.ENOSPC
' "$1"
shift_dir="$1"; shift
set +e
"$@"
echo "QEMU_STATUS $?"
python3 -c '
import sys
data = open(sys.argv[1] + "/f", "rb").read()
print("FILE size %d N-prefix %d tail-O %d" % (len(data),
      len(data) - len(data.lstrip(b"N")),
      data[1 << 20:] == b"O" * (1 << 20)))
' "$shift_dir"
"""


def test_9p_failed_write_keeps_the_rest(r):
    """A write() that 9p sends in chunks and that fails part way (here: the
    host's disk is full where the file has a hole) returns the bytes
    written before the failure, and the file holds nothing of the data
    after them: the chunks after a failed one are never sent."""
    name = "vfs/9pfs: a write failing part way (host disk full)"
    if os.geteuid() != 0 or not shutil.which("unshare"):
        r.skip(name, "needs root and unshare (a tmpfs in a mount namespace)")
        return
    share = os.path.join(WORK, "full-share")
    os.makedirs(share, exist_ok=True)
    cmd = T.qemu_cmd(image(), mem="64", append="vfs.rootfs=9pfs -- overwrite /f 2",
                     extra=T.share_args(share, "microvm"))
    p = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                        FULL_SHARE_SH, "sh", share] + cmd,
                       capture_output=True, timeout=120)
    out = p.stdout.decode(errors="replace").replace("\r\n", "\n")
    m = re.search(r"OVERWRITE /f (-?\d+) (\d+)", out)
    f = re.search(r"FILE size (\d+) N-prefix (\d+) tail-O (\w+)", out)
    n = int(m.group(1)) if m else None
    r.record("%s: write() returns the bytes written before the failure" % name,
             n is not None and 0 < n < (512 << 10) + 1, out[-1500:])
    r.record("%s: the file holds those bytes and nothing written after them"
             % name, f is not None and n is not None and
             int(f.group(1)) == 2 << 20 and int(f.group(2)) == n and
             f.group(3) == "1", out[-1500:])


def test_vfs_fuzz(r):
    """libFuzzer (ASan, UBSan) on what the guest reads from outside: an
    initrd mounted and walked, 9p replies parsed (test/fuzz/fuzz_vfs.c)."""
    T.run_fuzz(r, "vfs", "initrds and 9p replies", os.environ.get("VFS_FUZZ_SECONDS", "30"))


def make_initrd():
    tree = fresh_tree()
    cpio = os.path.join(WORK, "tree.cpio")
    subprocess.run([MKINITRD, tree, cpio], check=True)
    return tree, cpio


def run_initrd(r, machine):
    img = image()
    tree, cpio = make_initrd()
    exp = expected(tree)
    name = "vfs/initrd on %s" % machine
    run = T.run_qemu(img, machine=machine, mem="64", timeout=120,
                     append="vfs.rootfs=initrd -- check write meta owner fifo",
                     initrd=cpio)
    check_guest(r, name, run, exp)
    got = hashes(run.output)
    r.record("%s: the initrd is writable (ramfs copy-on-write)" % name,
             got.get("/out/renamed.txt", (0, 0))[0] == 33, repr(run))


def test_initrd_microvm(r):
    run_initrd(r, "microvm")


def test_initrd_q35(r):
    run_initrd(r, "q35")


def test_default_rootfs_auto(r):
    """Without vfs.rootfs the Kconfig default (auto) takes the initrd."""
    img = image()
    tree, cpio = make_initrd()
    exp = expected(tree)
    run = T.run_qemu(img, mem="64", timeout=60,
                     append="-- cat /nested/a.txt", initrd=cpio)
    got = hashes(run.output)
    r.record("vfs/rootfs=auto picks the initrd",
             run.exit_code == 0 and
             got.get("/nested/a.txt") == exp["/nested/a.txt"] and
             "root file system: initrd" in run.output, repr(run))


def test_extra_mounts(r):
    """vfs.mount: a second share at /data and a ramfs at /tmp."""
    img = image()
    tree = fresh_tree()
    data = os.path.join(WORK, "data")
    if os.path.exists(data):
        shutil.rmtree(data)
    os.makedirs(data)
    with open(os.path.join(data, "x.txt"), "w") as f:
        f.write("second share\n")
    run = T.run_qemu(img, mem="64", timeout=60,
                     append="vfs.rootfs=9pfs vfs.mount=fs1:/data:9pfs "
                     "vfs.mount=none:/tmp:ramfs -- cat /data/x.txt "
                     "cat /data/../nested/a.txt",
                     extra=T.share_args(tree, "microvm") +
                     T.share_args(data, "microvm", "fs1", "fs1"))
    got = hashes(run.output)
    r.record("vfs/vfs.mount of a second 9p share and a ramfs",
             run.exit_code == 0 and
             got.get("/data/x.txt") == (13, fnv(b"second share\n")) and
             got.get("/data/../nested/a.txt") == (7, fnv(b"file a\n")) and
             "ramfs 'none' mounted at /tmp" in run.output, repr(run))


def expect_boot_failure(r, name, run, pattern):
    ok = (not run.timed_out and run.exit_code == BOOT_FAIL and
          re.search(pattern, run.output, re.M) is not None and
          "VFS DONE" not in run.output)
    r.record(name, ok, repr(run))


def corrupt_variants(cpio):
    data = open(cpio, "rb").read()
    blob_hdr = data.find(b"nested/deeper/blob.bin\0") - 110
    assert blob_hdr > 0
    v = {}
    v["truncated in file data"] = data[:blob_hdr + 110 + 4096]
    v["truncated in a header"] = data[:blob_hdr + 50]
    v["truncated before the trailer"] = data[:data.rfind(b"070701")]
    v["bad magic"] = b"070707" + data[6:]
    huge = bytearray(data)
    huge[blob_hdr + 6 + 8 * 6:blob_hdr + 6 + 8 * 7] = b"FFFFFFF0"
    v["huge file size"] = bytes(huge)
    longname = bytearray(data)
    longname[blob_hdr + 6 + 8 * 11:blob_hdr + 6 + 8 * 12] = b"7FFFFFFF"
    v["huge name size"] = bytes(longname)
    nonul = bytearray(data)
    # namesize one short: the name's last byte is not a NUL
    nsz = int(data[blob_hdr + 94:blob_hdr + 102], 16)
    nonul[blob_hdr + 94:blob_hdr + 102] = b"%08X" % (nsz - 1)
    v["name without NUL"] = bytes(nonul)
    v["bad hex digit"] = data[:blob_hdr + 20] + b"G" + data[blob_hdr + 21:]
    v["empty"] = b""
    return v


def test_corrupt_initrd(r):
    img = image()
    tree, cpio = make_initrd()
    for what, content in corrupt_variants(cpio).items():
        path = os.path.join(WORK, "bad.cpio")
        with open(path, "wb") as f:
            f.write(content)
        run = T.run_qemu(img, mem="64", timeout=60, initrd=path,
                         append="vfs.rootfs=initrd -- check")
        if what == "empty":
            # QEMU passes no module for an empty file on some machines:
            # then it is "no initrd", equally fatal
            pattern = r"initrd.*(corrupt|none was given)"
        else:
            pattern = r"^.*initrd \(\d+ bytes at 0x[0-9a-f]+\): corrupt cpio " \
                      r"archive at offset \d+: .+$"
        expect_boot_failure(r, "vfs/corrupt initrd (%s): clear error, boot "
                            "stops" % what, run, pattern)


def test_initrd_beyond_ram(r):
    """-m too small for the initrd: QEMU loads it past the end of RAM, so
    its end is missing.  Named as such, never reported as corrupt."""
    img = image()
    tree = os.path.join(WORK, "big-tree")
    os.makedirs(tree, exist_ok=True)
    with open(os.path.join(tree, "big.bin"), "wb") as f:
        f.write(os.urandom(3 << 20))
    path = os.path.join(WORK, "big.cpio")
    subprocess.run([MKINITRD, tree, path], check=True)
    run = T.run_qemu(img, mem="4", timeout=60, initrd=path,
                     append="vfs.rootfs=initrd -- check")
    expect_boot_failure(r, "vfs/initrd larger than RAM (-m 4): clear error, "
                        "boot stops", run,
                        r"initrd \(\d+ bytes at 0x[0-9a-f]+\) does not fit in "
                        r"the guest's \d+ KiB of RAM")
    r.record("vfs/initrd larger than RAM: the mount says the initrd given is "
             "unusable (not that none was given)",
             "initrd: the one given is unusable (see above)" in run.output and
             "none was given" not in run.output, repr(run))
    # vfs.rootfs=auto (the default) must not fall back to an empty root
    run = T.run_qemu(img, mem="4", timeout=60, initrd=path, append="-- check")
    expect_boot_failure(r, "vfs/initrd larger than RAM with vfs.rootfs=auto: "
                        "boot stops (no empty root instead)", run,
                        r"initrd: the one given is unusable")


def test_missing_root(r):
    img = image()
    run = T.run_qemu(img, mem="64", timeout=60,
                     append="vfs.rootfs=9pfs -- check")
    expect_boot_failure(r, "vfs/vfs.rootfs=9pfs without a share: boot stops",
                        run, r"no 9p share with mount tag 'fs0'")
    run = T.run_qemu(img, mem="64", timeout=60,
                     append="vfs.rootfs=initrd -- check")
    expect_boot_failure(r, "vfs/vfs.rootfs=initrd without -initrd: boot stops",
                        run, r"initrd: none was given")
    tree = fresh_tree()
    run = T.run_qemu(img, mem="64", timeout=60,
                     append="vfs.rootfs=9pfs:other -- check",
                     extra=T.share_args(tree, "microvm"))
    expect_boot_failure(r, "vfs/vfs.rootfs=9pfs:TAG with another tag: boot "
                        "stops", run, r"no 9p share with mount tag 'other'")


def test_bench_sequential_read(r):
    """64 MiB read sequentially in the guest: reported, not asserted."""
    img = image()
    d = os.path.join(WORK, "bench")
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    big = os.path.join(d, "big.bin")
    with open(big, "wb") as f:
        f.write(os.urandom(64 << 20))
    cpio = os.path.join(WORK, "bench.cpio")
    subprocess.run([MKINITRD, d, cpio], check=True)
    results = []
    for label, kw in (
            ("9pfs", dict(append="vfs.rootfs=9pfs -- bench /big.bin",
                          extra=T.share_args(d, "microvm"))),
            ("initrd", dict(append="vfs.rootfs=initrd -- bench /big.bin",
                            initrd=cpio))):
        run = T.run_qemu(img, mem="256", timeout=300, **kw)
        m = re.search(r"^BENCH /big\.bin (\d+) (\d+)$", run.output, re.M)
        ok = m is not None and int(m.group(1)) == 64 << 20
        r.record("vfs/bench: 64 MiB read over %s completes" % label, ok,
                 repr(run))
        if ok:
            mbs = int(m.group(1)) / (1 << 20) / (int(m.group(2)) / 1e9)
            results.append("%s %.0f MB/s" % (label, mbs))
    line = "INFO vfs/bench sequential read of 64 MiB (%s): %s" % (
        " ".join(T.accel_args()), ", ".join(results))
    print(line, flush=True)
    os.makedirs(T.TEST_BUILD, exist_ok=True)
    with open(os.path.join(T.TEST_BUILD, "vfs-bench.txt"), "w") as f:
        f.write(line + "\n")
    shutil.rmtree(d)


if __name__ == "__main__":
    os.makedirs(WORK, exist_ok=True)
    sys.exit(T.main([test_9pfs_microvm, test_9pfs_q35, test_initrd_microvm,
                     test_initrd_q35, test_default_rootfs_auto,
                     test_extra_mounts, test_corrupt_initrd,
                     test_initrd_beyond_ram,
                     test_missing_root, test_bench_sequential_read,
                     test_9p_failed_write_keeps_the_rest, test_vfs_fuzz]))
