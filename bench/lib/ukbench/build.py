"""Builds what the benches boot: the floor kernels (bench/floor) and Unikit
apps (copied to build/bench/apps/<name>, so a developer's own .config and
build/ in apps/ are never touched; the copy is built exactly as
`make kvm_defconfig && make` builds the original)."""
import os
import shutil

from . import common

FLOORS = {"floor-mb": ("multiboot1, a.out kludge", []),
          "floor-pvh": ("PVH ELF note", ["-DFLOOR_PVH"])}


def floors():
    """Builds both floor kernels; returns {key: stripped image path}."""
    src = os.path.join(common.BENCH_DIR, "floor")
    out = os.path.join(common.OUT, "floor")
    os.makedirs(out, exist_ok=True)
    images = {}
    for key, (_, defs) in FLOORS.items():
        obj = os.path.join(out, key + ".o")
        img = os.path.join(out, key)
        common.run(["gcc", "-c"] + defs + ["-o", obj, os.path.join(src, "floor.S")])
        common.run(["ld", "-nostdlib", "-z", "noexecstack", "-T",
                    os.path.join(src, "floor.lds"), "-o", img, obj])
        common.run(["strip", img])
        images[key] = img
    return images


class App:
    """Result of building an app: ok, image, map, config, reason."""

    def __init__(self, name):
        self.name = name
        self.ok = False
        self.image = self.dbg = self.map = None
        self.reason = ""
        self.dir = os.path.join(common.OUT, "apps", name)
        self.config = {}

    def has(self, sym):
        return self.config.get(sym) == "y"


def _copy_app(src, dst):
    if os.path.exists(dst):
        for entry in os.listdir(dst):
            if entry != "build":
                p = os.path.join(dst, entry)
                shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) else os.unlink(p)
    os.makedirs(dst, exist_ok=True)
    for entry in os.listdir(src):
        if entry in ("build", ".config", ".config.old"):
            continue
        s, d = os.path.join(src, entry), os.path.join(dst, entry)
        if os.path.isdir(s):
            shutil.copytree(s, d, symlinks=True)
        else:
            shutil.copy2(s, d)


def _read_config(path):
    cfg = {}
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("CONFIG_") and "=" in line:
                    k, v = line.split("=", 1)
                    cfg[k] = v.strip('"')
    except OSError:
        pass
    return cfg


def _last_error(text):
    """The line of a failed make's output that says what went wrong: the
    first compiler/linker/tool error, not make's own "***" summary."""
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    own = [l for l in lines if not l.startswith("make")]
    keys = ("error", "no such", "fatal", "undefined reference", "not found")
    errs = [l for l in own if any(k in l.lower() for k in keys)]
    pick = errs[0] if errs else (own[-1] if own else (lines[-1] if lines else "no output"))
    return pick.replace(common.OUT + "/apps/", "")[:200]


def app(name, src, defconfig="kvm_defconfig", require=(), enable=(), copy=None):
    """Copies src (an app folder) and builds it with `make defconfig && make`.
    require: Kconfig symbols that must be enabled in the resulting .config
    (a symbol the tree does not have yet is dropped by olddefconfig, and the
    image would not be what the bench means to measure).  enable: symbols
    set to y on top of the defconfig (then required); the copy is then
    named copy, so that it does not replace the plain build."""
    a = App(name)
    if copy:
        a.dir = os.path.join(common.OUT, "apps", copy)
    require = tuple(require) + tuple(enable)
    if not os.path.isfile(os.path.join(src, "Makefile")):
        a.reason = "%s does not exist yet" % os.path.relpath(src, common.UK_ROOT)
        return a
    _copy_app(src, a.dir)
    mk = ["make", "-j2", "UK_ROOT=" + common.UK_ROOT]
    r = common.run(mk + [defconfig], cwd=a.dir, check=False, timeout=300)
    if r.returncode != 0:
        a.reason = "make %s failed: %s" % (defconfig, _last_error(r.stdout))
        return a
    if enable:
        with open(os.path.join(a.dir, ".config"), "a") as f:
            f.writelines("%s=y\n" % sym for sym in enable)
        r = common.run(mk + ["olddefconfig"], cwd=a.dir, check=False, timeout=300)
        if r.returncode != 0:
            a.reason = "make olddefconfig failed: %s" % _last_error(r.stdout)
            return a
    # defconfig leaves a normalised .config: a symbol the tree lacks is gone
    a.config = _read_config(os.path.join(a.dir, ".config"))
    missing = [s for s in require if not a.has(s)]
    if missing:
        a.reason = "the tree has no %s yet" % ", ".join(missing)
        return a
    r = common.run(mk, cwd=a.dir, check=False, timeout=900)
    with open(os.path.join(a.dir, "build.log"), "w") as f:
        f.write(r.stdout)
    a.config = _read_config(os.path.join(a.dir, ".config"))
    if r.returncode != 0:
        a.reason = "make failed: %s (log: %s)" % (
            _last_error(r.stdout), os.path.relpath(os.path.join(a.dir, "build.log"),
                                                   common.UK_ROOT))
        return a
    img = os.path.join(a.dir, "build", "%s_kvm-x86_64" % name)
    if not os.path.isfile(img):
        a.reason = "make succeeded but produced no build/%s_kvm-x86_64" % name
        return a
    a.image = img
    a.dbg = img + ".dbg"
    a.map = img + ".dbg.map"
    a.ok = True
    return a
