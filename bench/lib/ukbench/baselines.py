"""The peers, built from Debian packages and cached in build/cache/bench:

- the Linux VM: a Debian kernel (linux-image-cloud-amd64, fetched with
  `apt-get download`, never installed) with a small initramfs holding
  busybox-static, nginx with its shared libraries, the virtio modules and
  the bench's site, booted by the same QEMU command line as our images;
- for the 9p read figure only, Debian's generic kernel (linux-image-amd64):
  the cloud kernel is built without 9p (CONFIG_NET_9P is not set);
- nginx on the host: the same nginx binary, on loopback.

Packages are downloaded once into build/cache/bench/debs and unpacked into
build/cache/bench/x/<package>; the initramfs is rebuilt on every run (a few
seconds) so it always matches bench/linuxvm and the site.
"""
import glob
import gzip
import os
import re
import shutil
import subprocess

from . import common
from .site import Cpio

# name -> (meta package to resolve, modules the VM's /init loads)
KERNELS = {
    "cloud": ("linux-image-cloud-amd64", ["virtio_mmio", "virtio_net"]),
    "generic": ("linux-image-amd64", ["virtio_mmio", "9pnet_virtio", "9p"]),
}
DEBS = os.path.join(common.CACHE, "debs")
XDIR = os.path.join(common.CACHE, "x")
BUSYBOX_APPLETS = ["sh", "mount", "insmod", "ip", "usleep", "cat", "mkdir", "poweroff",
                   "echo", "sleep", "ls", "dmesg", "free"]


def _apt_resolve(meta):
    """The versioned kernel package a meta package depends on, e.g.
    linux-image-6.1.0-56-cloud-amd64 (None if apt cannot tell)."""
    r = common.run(["apt-cache", "depends", meta], check=False, timeout=60)
    for line in r.stdout.splitlines():
        m = re.match(r"\s*Depends:\s*(linux-image-\S+)", line)
        if m:
            return m.group(1)
    return None


def _deb_path(pkg):
    hits = sorted(glob.glob(os.path.join(DEBS, pkg + "_*.deb")))
    return hits[-1] if hits else None


def _download(pkgs):
    """apt-get download into a scratch folder, moved into the cache only
    when complete, so an interrupted download never leaves a broken .deb."""
    missing = [p for p in pkgs if not _deb_path(p)]
    if not missing:
        return
    tmp = os.path.join(DEBS, ".partial-%d" % os.getpid())
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    common.on_exit("remove " + tmp, lambda: shutil.rmtree(tmp, ignore_errors=True))
    common.log("apt-get download " + " ".join(missing))
    r = common.run(["apt-get", "download"] + missing, cwd=tmp, check=False, timeout=900)
    if r.returncode != 0:
        common.log("apt-get download failed; running apt-get update and retrying")
        common.run(["apt-get", "update", "-q"], timeout=600, check=False)
        common.run(["apt-get", "download"] + missing, cwd=tmp, timeout=900)
    for fn in os.listdir(tmp):
        if fn.endswith(".deb"):
            os.replace(os.path.join(tmp, fn), os.path.join(DEBS, fn))
    shutil.rmtree(tmp, ignore_errors=True)


# What the VM needs from a kernel package: the kernel and the modules /init
# loads with their dependencies.  Unpacking only these keeps the cache small
# (a full generic kernel package is 400 MB unpacked); if a dependency falls
# outside them, the whole package is unpacked instead.
KERNEL_PARTS = ["./boot/vmlinuz-*", "*/kernel/drivers/virtio/*",
                "*/kernel/drivers/net/virtio_net.ko", "*/kernel/drivers/net/net_failover.ko",
                "*/kernel/net/core/failover.ko", "*/kernel/net/9p/*", "*/kernel/fs/9p/*",
                "*/kernel/fs/netfs/*", "*/kernel/fs/fscache/*"]


def _extract(pkg, parts=None):
    """Unpacks a cached .deb (all of it, or only the paths matching parts)
    into build/cache/bench/x/<deb name>[.part]."""
    deb = _deb_path(pkg)
    if not deb:
        raise RuntimeError("no .deb for %s in %s" % (pkg, DEBS))
    d = os.path.join(XDIR, os.path.basename(deb)[:-4] + (".part" if parts else ""))
    if not os.path.exists(os.path.join(d, ".done")):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        if parts:
            # tar fails for a pattern that matches nothing (the cloud kernel
            # has no 9p); what is needed is checked by the caller.
            common.run(["sh", "-c", 'dpkg-deb --fsys-tarfile "$0" | tar -x -C "$1" '
                        '--wildcards "$@"', deb, d] + parts, timeout=600, check=False)
        else:
            common.run(["dpkg-deb", "-x", deb, d], timeout=600)
        open(os.path.join(d, ".done"), "w").close()
    return d


def _module_closure(moddir, wanted):
    """Module files for wanted and everything they depend on, in load
    order.  Debian's packages ship no modules.dep (depmod runs at install),
    so the dependencies are read from each module's .modinfo strings."""
    index = {}
    for path in glob.glob(os.path.join(moddir, "kernel", "**", "*.ko"), recursive=True):
        index[os.path.basename(path)[:-3].replace("-", "_")] = path
    order, seen = [], set()

    def visit(name):
        name = name.replace("-", "_")
        if name in seen:
            return
        seen.add(name)
        if name not in index:
            raise RuntimeError("module %s not found in %s" % (name, moddir))
        with open(index[name], "rb") as f:
            m = re.search(rb"\0depends=([^\0]*)\0", f.read())
        for dep in (m.group(1).decode().split(",") if m and m.group(1) else []):
            visit(dep)
        order.append(name)
    for w in wanted:
        visit(w)
    return [(n, index[n]) for n in order]


class Kernel:
    def __init__(self, flavor, pkg, root):
        self.flavor = flavor
        self.pkg = pkg
        self.root = root
        self.image = sorted(glob.glob(os.path.join(root, "boot", "vmlinuz-*")))[0]
        self.moddir = sorted(glob.glob(os.path.join(root, "lib", "modules", "*")))[0]
        self.modules = _module_closure(self.moddir, KERNELS[flavor][1])


class LinuxVM:
    """Everything the Linux VM baseline needs, once prepared."""

    def __init__(self):
        self.kernels = {}
        self.busybox = self.nginx = self.nginx_deb = None
        self.fsread = self.netecho = None
        self.initrd = {}        # flavor -> base initramfs (gzip)
        self.extra = {}         # name -> extra uncompressed cpio
        self.out = os.path.join(common.CACHE, "linuxvm")

    def prepare(self, site_dir, fsdata_dir):
        pkgs = {}
        for flavor, (meta, _) in KERNELS.items():
            pkg = _apt_resolve(meta)
            if not pkg:       # no apt lists: use what the cache has
                hits = sorted(glob.glob(os.path.join(
                    DEBS, "linux-image-*-%s_*.deb" % ("cloud-amd64" if flavor == "cloud"
                                                      else "[0-9]-amd64"))))
                if not hits:
                    raise RuntimeError("cannot resolve %s (apt-cache) and none cached" % meta)
                pkg = os.path.basename(hits[-1]).split("_")[0]
            pkgs[flavor] = pkg
        _download(list(pkgs.values()) + ["busybox-static", "nginx"])
        for flavor, pkg in pkgs.items():
            try:
                self.kernels[flavor] = Kernel(flavor, pkg, _extract(pkg, KERNEL_PARTS))
            except (RuntimeError, IndexError) as e:
                common.log("%s: %s; unpacking all of it" % (pkg, e))
                self.kernels[flavor] = Kernel(flavor, pkg, _extract(pkg))
        self.busybox = os.path.join(_extract("busybox-static"), "bin", "busybox")
        self.nginx_deb = os.path.basename(_deb_path("nginx"))
        self.nginx = os.path.join(_extract("nginx"), "usr", "sbin", "nginx")
        os.makedirs(self.out, exist_ok=True)
        self._build_fsread()
        self.netecho = os.path.join(self.out, "netecho")
        common.run(["gcc", "-O2", "-static", "-o", self.netecho,
                    os.path.join(common.UK_ROOT, "test", "apps", "netecho", "main.c")])
        self.extra["netecho"] = self._cpio("netecho.cpio", [("/bin/netecho", self.netecho)])
        for flavor in self.kernels:
            self.initrd[flavor] = self._build_initramfs(flavor, site_dir)
        self.extra["fsread"] = self._cpio("fsread.cpio", [("/bin/fsread", self.fsread)])
        data = os.path.join(fsdata_dir, "64M.bin")
        dcpio = os.path.join(self.out, "data.cpio")
        if not (os.path.exists(dcpio) and os.path.getmtime(dcpio) >= os.path.getmtime(data)):
            self._cpio("data.cpio", [("/data/64M.bin", data)])
        self.extra["data"] = dcpio

    def _build_fsread(self):
        src = os.path.join(common.BENCH_DIR, "apps", "fsread", "main.c")
        self.fsread = os.path.join(self.out, "fsread")
        common.run(["gcc", "-O2", "-static", "-o", self.fsread, src])

    def _cpio(self, name, files):
        path = os.path.join(self.out, name)
        c = Cpio(path + ".tmp")
        for dst, src in files:
            c.file(dst, src)
        c.close()
        os.replace(path + ".tmp", path)
        return path

    def nginx_conf(self, listen, root, prefix, user="user root root;"):
        with open(os.path.join(common.BENCH_DIR, "linuxvm", "nginx.conf.in")) as f:
            text = f.read()
        for k, v in (("@LISTEN@", listen), ("@ROOT@", root), ("@PREFIX@", prefix),
                     ("@USER@", user)):
            text = text.replace(k, v)
        return text

    def _libs(self, binary):
        """The shared libraries binary loads, from the host (the same Debian
        release the package comes from)."""
        r = common.run(["ldd", binary])
        libs = []
        for line in r.stdout.splitlines():
            m = re.search(r"=>\s*(/\S+)", line) or re.match(r"\s*(/\S+)", line)
            if m:
                libs.append(m.group(1))
        return libs

    def _build_initramfs(self, flavor, site_dir):
        k = self.kernels[flavor]
        path = os.path.join(self.out, "initramfs-%s.cpio" % flavor)
        c = Cpio(path)
        for d in ("bin", "sbin", "proc", "sys", "dev", "tmp", "etc", "lib/modules"):
            c.dir(d)
        c.file("/init", os.path.join(common.BENCH_DIR, "linuxvm", "init"), mode=0o755)
        c.file("/bin/busybox", self.busybox, mode=0o755)
        for a in BUSYBOX_APPLETS:
            c.symlink("/bin/" + a, "busybox")
        for name, ko in k.modules:
            c.file("/lib/modules/%s.ko" % name, ko, mode=0o644)
        c.data("/lib/modules/load.list", "".join(n + "\n" for n, _ in k.modules).encode())
        c.data("/etc/passwd", b"root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n")
        c.data("/etc/group", b"root:x:0:\nnogroup:x:65534:\n")
        if flavor == "cloud":
            c.file("/usr/sbin/nginx", self.nginx, mode=0o755)
            for lib in self._libs(self.nginx):
                c.file(lib, os.path.realpath(lib), mode=0o755)
            c.data("/etc/nsswitch.conf", b"passwd: files\ngroup: files\n")
            c.data("/etc/nginx.conf", self.nginx_conf("80", "/www", "/tmp/nginx").encode())
            c.tree("/www", site_dir)
        c.close()
        gz = path + ".gz"
        with open(path, "rb") as src, gzip.open(gz + ".tmp", "wb", compresslevel=9) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        os.unlink(path)
        # pad so that uncompressed archives can be appended (4-byte aligned)
        with open(gz + ".tmp", "ab") as f:
            f.write(b"\0" * ((-f.tell()) % 512))
        os.replace(gz + ".tmp", gz)
        return gz

    def initrd_with(self, flavor, *extras):
        """The base initramfs of flavor followed by extra archives (Linux
        unpacks concatenated archives in order)."""
        if not extras:
            return self.initrd[flavor]
        path = os.path.join(self.out, "initrd-%s-%s.img" % (flavor, "-".join(extras)))
        with open(path + ".tmp", "wb") as out:
            for part in [self.initrd[flavor]] + [self.extra[e] for e in extras]:
                with open(part, "rb") as f:
                    shutil.copyfileobj(f, out, 1 << 20)
        os.replace(path + ".tmp", path)
        return path

    def append(self, mode, ip=None):
        """The kernel command line: serial console, quiet, no reboot on
        panic (QEMU has -no-reboot, so a panic ends the run)."""
        a = "console=ttyS0 quiet panic=-1 ukb.mode=" + mode
        if ip:
            a += " ukb.ip=" + ip
        if common.accel() == "tcg":
            # Under TCG the PIT-based TSC calibration is unreliable on a
            # loaded host and the guest may stall; hand it the host's rate.
            a += " tsc_early_khz=%d" % host_tsc_khz()
        return a


def host_tsc_khz():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("cpu MHz"):
                return int(float(line.split(":")[1]) * 1000)
    return 0


class HostNginx:
    """nginx (the binary of the Linux VM's initramfs) on the host's loopback
    in the bench's network namespace."""

    def __init__(self, nginx_bin, conf_text_fn, site_dir, port=8080):
        self.bin = nginx_bin
        self.port = port
        self.prefix = os.path.join(common.OUT, "host-nginx")
        os.makedirs(self.prefix, exist_ok=True)
        self.conf = os.path.join(self.prefix, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(conf_text_fn("127.0.0.1:%d" % port, site_dir, self.prefix))
        self.p = None

    def start(self):
        log = open(os.path.join(self.prefix, "nginx.log"), "wb")
        self.p = common.start([self.bin, "-p", self.prefix, "-c", self.conf, "-e", "stderr"],
                              helpers=True, stdout=log, stderr=log,
                              stdin=subprocess.DEVNULL)
        log.close()
        return self.p

    def stop(self):
        if self.p:
            common.stop(self.p)
            self.p = None
