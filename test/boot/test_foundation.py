#!/usr/bin/python3
"""Foundation boot tests: helloworld on every machine type, argv and quotes,
exit status, the traps, a 2 MiB VM, and building an app outside the tree."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import unikit_test as T  # noqa: E402

HELLO_ARGS = "-- alpha 'beta gamma'"
CRASH_MAIN = r'''
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static volatile int zero;

static void __attribute__((noinline)) do_crash(const char *what)
{
	if (!strcmp(what, "null"))
		*(volatile int *)0 = 42;
	else if (!strcmp(what, "code"))
		*(volatile unsigned char *)(void *)do_crash = 0x90;
	else if (!strcmp(what, "ud2"))
		__asm__ __volatile__("ud2");
	else if (!strcmp(what, "div"))
		printf("%d\n", 100 / zero);
	else if (!strcmp(what, "abort"))
		abort();
	else if (!strcmp(what, "exec"))
		((void (*)(void))(void *)&zero)();
}

int main(int argc, char *argv[])
{
	printf("about to crash: %s\n", argc > 1 ? argv[1] : "none");
	if (argc > 1)
		do_crash(argv[1]);
	return argc > 2 ? atoi(argv[2]) : 0;
}
'''


def hello_image():
    d = T.build_app("helloworld", "helloworld")
    return T.image_of(d)


def test_helloworld_machines(r):
    img = hello_image()
    for m in ("microvm", "pc", "q35"):
        run = T.run_qemu(img, machine=m, mem="2" if m == "microvm" else "8",
                         append=HELLO_ARGS, timeout=30)
        lines = run.output.strip().splitlines()
        ok = (run.status == 1 and "Hello from Unikit!" in lines
              and lines[-2:] == ["alpha", "beta gamma"])
        r.record("helloworld/%s: greeting, 'alpha', 'beta gamma', status 1" % m,
                 ok, repr(run))


def test_helloworld_no_args(r):
    run = T.run_qemu(hello_image(), timeout=30)
    r.record("helloworld/no arguments", run.status == 1 and
             run.output.strip().splitlines()[-1:] == ["Hello from Unikit!"],
             repr(run))


def test_two_mib(r):
    run = T.run_qemu(hello_image(), mem="2", append="-- small", timeout=30)
    r.record("helloworld/boots with -m 2", run.status == 1 and
             "small" in run.output, repr(run))


def test_poweroff_without_debug_exit(r):
    for m in ("microvm", "pc", "q35"):
        run = T.run_qemu(hello_image(), machine=m, debug_exit=False,
                         append="-- bye", timeout=30)
        r.record("helloworld/%s: ACPI power-off, QEMU exits 0" % m,
                 run.status == 0 and "bye" in run.output, repr(run))


def test_exit_codes(r):
    d = T.build_app("crash", "helloworld", main_c=CRASH_MAIN)
    img = T.image_of(d)
    for code in (0, 7, 42):
        run = T.run_qemu(img, append="-- none %d" % code, timeout=30)
        r.record("exit code %d reaches QEMU as %d" % (code, (code << 1) | 1),
                 run.status == (code << 1) | 1, repr(run))


def test_traps(r):
    d = T.build_app("crash", "helloworld", main_c=CRASH_MAIN)
    img = T.image_of(d)
    want = {
        "null": r"CRASH: page fault: write to 0x0 \(page not present\)",
        "code": r"CRASH: page fault: write to 0x[0-9a-f]+ \(protection violation\)",
        "ud2": r"CRASH: invalid opcode",
        "div": r"CRASH: divide error",
        "exec": r"CRASH: page fault: instruction fetch from 0x[0-9a-f]+",
        "abort": r"PANIC: abort\(\) called",
    }
    for what, pattern in want.items():
        run = T.run_qemu(img, append="-- " + what, timeout=30)
        out = run.output
        ok = (run.status not in (None, 0, 1) and run.status == 255
              and re.search(pattern, out) is not None
              and "Backtrace:" in out and "<main+" in out
              and (what == "abort" or ("RIP: " in out and "RAX: " in out))
              # the faulting function is named (exec: by its caller)
              and ("<do_crash+" in out or what in ("abort", "exec")))
        r.record("trap %s: reported with registers and backtrace, status 255"
                 % what, ok, repr(run))
        # "within a second": QEMU start-up included, generous for TCG noise
        r.record("trap %s: VM gone within a second" % what,
                 run.status is not None and run.seconds < 1.0,
                 "took %.2fs" % run.seconds)


PVH_MAIN = r'''
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Allocates (so the memory map is read) and checks what it got. */
int main(int argc, char *argv[])
{
	size_t n = 4 << 20;
	unsigned char *p = malloc(n);
	size_t i;

	if (!p) {
		printf("malloc failed\n");
		return 2;
	}
	memset(p, 0xa5, n);
	for (i = 0; i < n; i += 4096)
		if (p[i] != 0xa5)
			return 3;
	printf("4 MiB allocated and written\n");
	for (i = 1; i < (size_t)argc; i++)
		printf("%s\n", argv[i]);
	return 0;
}
'''


def test_pvh_entry(r):
    """The PVH ELF note (what loaders other than QEMU's multiboot use): the
    same image with its multiboot header disabled, so QEMU takes the note."""
    d = T.build_app("pvh", "helloworld", main_c=PVH_MAIN)
    img = T.image_of(d)
    data = open(img, "rb").read()
    magic = (0x1badb002).to_bytes(4, "little")
    at = data.find(magic)
    pvh = os.path.join(d, "build", "helloworld-pvh-only")
    with open(pvh, "wb") as f:
        f.write(data[:at] + b"\0\0\0\0" + data[at + 4:])
    for m in ("microvm", "pc", "q35"):
        run = T.run_qemu(pvh, machine=m, mem="16", append=HELLO_ARGS, timeout=30)
        lines = run.output.strip().splitlines()
        r.record("PVH entry/%s: memory map read, 4 MiB allocated, argv, status 1" % m,
                 at > 0 and run.status == 1 and "4 MiB allocated and written" in lines
                 and lines[-2:] == ["alpha", "beta gamma"], repr(run))


BIG_MAIN = r'''
#include <stdio.h>
#include <stdlib.h>

/* Takes all the memory it can, 64 MiB at a time, and writes every MiB. */
int main(void)
{
	size_t total = 0, chunk = 64 << 20, i;
	char *p;

	while ((p = malloc(chunk))) {
		for (i = 0; i < chunk; i += 1 << 20)
			p[i] = 1;
		total += chunk;
	}
	printf("allocated %zu MiB\n", total >> 20);
	return 0;
}
'''


def test_ram_above_4g(r):
    """RAM far above 4 GiB is mapped and used: with 1 GiB pages (-cpu max),
    and without them (qemu64), where the page directories cannot all come
    from the image's small pool."""
    d = T.build_app("bigmem", "helloworld", main_c=BIG_MAIN,
                    config=["CONFIG_LIBNEWLIB=y"])
    for m in ("microvm", "q35"):
        for cpu in ("max", "qemu64"):
            run = T.run_qemu(T.image_of(d), machine=m, mem="14G", timeout=120,
                             extra=["-cpu", cpu])
            got = re.search(r"allocated (\d+) MiB", run.output)
            r.record("-m 14G, -cpu %s, %s: more than 13.5 GiB allocated and "
                     "written" % (cpu, m),
                     run.status == 1 and got is not None and
                     int(got.group(1)) > 13824, repr(run))


def test_trap_on_pc(r):
    d = T.build_app("crash", "helloworld", main_c=CRASH_MAIN)
    run = T.run_qemu(T.image_of(d), machine="q35", append="-- null", timeout=30)
    r.record("trap null on q35: status 255", run.status == 255 and
             "CRASH: page fault" in run.output, repr(run))


def test_outside_tree_copy(r):
    """A copy of helloworld outside the tree builds with UK_ROOT=..."""
    import shutil
    import tempfile
    tmp = tempfile.mkdtemp(prefix="unikit-app-")
    try:
        dst = os.path.join(tmp, "myapp")
        shutil.copytree(os.path.join(T.UK_ROOT, "apps", "helloworld"), dst,
                        ignore=shutil.ignore_patterns("build", ".config*"))
        rc1, out1 = T.make(["UK_ROOT=" + T.UK_ROOT, "kvm_defconfig"], cwd=dst)
        rc2, out2 = T.make(["UK_ROOT=" + T.UK_ROOT], cwd=dst)
        img = os.path.join(dst, "build", "helloworld_kvm-x86_64")
        ok = rc1 == 0 and rc2 == 0 and os.path.exists(img) and \
            os.path.exists(img + ".dbg")
        r.record("app outside the tree builds with UK_ROOT=", ok,
                 out1[-500:] + out2[-1500:])
        if ok:
            run = T.run_qemu(img, append="-- outside", timeout=30)
            r.record("app outside the tree boots", run.status == 1 and
                     "outside" in run.output, repr(run))
    finally:
        shutil.rmtree(tmp)


def test_broken_config(r):
    """A .config with a malformed line or a value its option cannot take
    stops make with the file and line named (kconfiglib alone would drop
    them and build something else); an option this tree does not have is
    only a warning; appending CONFIG_FOO=y still works."""
    import shutil
    import tempfile
    tmp = tempfile.mkdtemp(prefix="unikit-cfg-")
    try:
        dst = os.path.join(tmp, "app")
        shutil.copytree(os.path.join(T.UK_ROOT, "apps", "helloworld"), dst,
                        ignore=shutil.ignore_patterns("build", ".config*"))
        root = "UK_ROOT=" + T.UK_ROOT
        rc, out = T.make([root, "kvm_defconfig"], cwd=dst)
        cfg = os.path.join(dst, ".config")
        with open(cfg) as f:
            good = f.read()
        n = good.count("\n")
        with open(cfg, "a") as f:
            f.write("CONFIG_LIBUKALLOC=maybe\nthis is not a config line\n")
        rc, out = T.make([root], cwd=dst)
        r.record("broken .config: make stops, naming the bad value and the "
                 "malformed line", rc != 0 and
                 re.search(r"\.config:%d: 'maybe' is not a valid value for "
                           r"the bool symbol LIBUKALLOC" % (n + 1), out)
                 is not None and
                 ".config:%d: malformed line 'this is not a config line'"
                 % (n + 2) in out and
                 not os.path.exists(os.path.join(dst, "build",
                                                 "helloworld_kvm-x86_64")),
                 out[-1500:])
        with open(cfg, "w") as f:
            f.write(good + "CONFIG_NO_SUCH_OPTION=y\n"
                    "# CONFIG_LIBUKALLOC is not set\nCONFIG_LIBUKALLOC=y\n")
        rc, out = T.make([root], cwd=dst)
        r.record("unknown option in .config: a warning, and the build goes "
                 "on (the last of two assignments wins)", rc == 0 and
                 "undefined symbol NO_SUCH_OPTION" in out and
                 os.path.exists(os.path.join(dst, "build",
                                             "helloworld_kvm-x86_64")) and
                 "CONFIG_LIBUKALLOC=y" in open(cfg).read(), out[-1500:])
    finally:
        shutil.rmtree(tmp)


def test_run_too_little_memory(r):
    """make run (support/scripts/run-qemu) with less memory than the image
    occupies: QEMU would load it outside RAM and wait forever; refused with
    the size it needs."""
    img = T.image_of(T.build_app("helloworld", "helloworld"))
    p = subprocess.run([os.path.join(T.UK_ROOT, "support", "scripts",
                                     "run-qemu"), "--image", img, "--mem", "1",
                        "--", "x"], capture_output=True, text=True, timeout=30)
    r.record("make run with -m 1: refused, naming the memory the image needs",
             p.returncode == 2 and re.search(
                 r"--mem 1: the image alone needs \d+ KiB .*give the VM at "
                 r"least 2 MiB", p.stderr) is not None, p.stderr[-500:])


def test_image_is_stripped(r):
    img = hello_image()
    syms = subprocess.run(["nm", img], capture_output=True, text=True)
    dbg = subprocess.run(["nm", img + ".dbg"], capture_output=True, text=True)
    r.record("image is stripped, .dbg keeps symbols",
             "no symbols" in syms.stderr and " T main" in dbg.stdout,
             syms.stderr + dbg.stderr)


def test_deselect_ukalloc(r):
    """Without ukalloc (helloworld does not need it), none of its objects is
    compiled or linked."""
    d = T.build_app("hello-noalloc", "helloworld",
                    config=["# CONFIG_LIBUKALLOC is not set"])
    with open(os.path.join(d, "build", "config.mk")) as f:
        cfg = f.read()
    with open(T.image_of(d) + ".dbg.map") as f:
        linkmap = f.read()
    ok = ("CONFIG_LIBUKALLOC=y" not in cfg and "libukalloc/" not in linkmap
          and not os.path.exists(os.path.join(d, "build", "libukalloc")))
    r.record("deselected ukalloc is neither compiled nor linked", ok,
             "config or link map still has ukalloc")
    run = T.run_qemu(T.image_of(d), append="-- noalloc", timeout=30)
    r.record("image without ukalloc boots", run.status == 1 and
             "noalloc" in run.output, repr(run))


def test_menuconfig_in_a_terminal(r):
    """make menuconfig draws its menus in a real (pseudo) terminal and quits
    on Q."""
    import pty
    import select
    import time
    d = T.build_app("helloworld", "helloworld")
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.environ["LINES"] = "40"
        os.environ["COLUMNS"] = "120"
        os.execvp("make", ["make", "-C", d, "UK_ROOT=" + T.UK_ROOT,
                           "menuconfig"])
    out = b""
    end = time.monotonic() + 20
    sent = False
    status = None
    while time.monotonic() < end:
        rl, _, _ = select.select([fd], [], [], 0.2)
        if rl:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        if not sent and b"Library configuration" in out:
            os.write(fd, b"Q")
            sent = True
        wpid, st = os.waitpid(pid, os.WNOHANG)
        if wpid:
            status = st
            break
    if status is None:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(pid, 0)
    text = out.decode("utf-8", "replace")
    ok = all(s in text for s in ("Architecture", "Platforms",
                                 "Library configuration", "Application"))
    r.record("menuconfig shows its menus in a terminal and quits", ok and
             sent and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0,
             text[-800:])


if __name__ == "__main__":
    sys.exit(T.main([
        test_helloworld_machines, test_helloworld_no_args, test_two_mib,
        test_poweroff_without_debug_exit, test_exit_codes, test_traps,
        test_trap_on_pc, test_pvh_entry, test_ram_above_4g, test_outside_tree_copy, test_broken_config,
        test_run_too_little_memory,
        test_image_is_stripped,
        test_deselect_ukalloc, test_menuconfig_in_a_terminal,
    ]))
