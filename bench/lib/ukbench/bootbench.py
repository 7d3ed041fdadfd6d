"""The boot benchmark (bench/boot; also the first phase of bench/run).

apps/helloworld next to the floor kernels, booted by the same QEMU command
line (microvm, the auto accelerator, -m 8), runs interleaved so that the
machine's noise falls on all of them alike:

- image size (stripped);
- QEMU launch to QEMU exit (host wall time), helloworld with no options;
- in separate runs of a copy built with CONFIG_LIBUKBOOT_REPORT_BOOTTIME
  (it prints the guest's own TSC-measured time from its first instruction
  to main, just before main; the line costs time on the serial console,
  so those runs are not the exit figure; and it needs no command-line
  option, whose parsing would be part of the time): QEMU launch to that
  console line (host wall time, when the line arrives), and the guest's
  time;
- how much of our code QEMU translated before main (one run with -d in_asm):
  blocks and instructions.  Under TCG that, not the machine, sets the
  guest's boot time (each first execution is translated, about a
  microsecond per instruction on the machines we have), so this figure
  tracks the boot path's length where the times above are noisy.
"""
import os
import re
import subprocess

from . import build, common
from .vm import VM, qemu_cmd

HELLO_APPEND = "--"
TIMED_CONFIG = "CONFIG_LIBUKBOOT_REPORT_BOOTTIME"
RX_MAIN = r"ukboot: first instruction to main: (\d+) us"


def _one(image, append, logname, mem):
    vm = VM(qemu_cmd(image, mem, append=append), os.path.join(common.OUT, "logs", logname),
            timeout=30)
    status, t_exit = vm.wait_exit()
    vm.stop()
    return vm, status, t_exit


def translated_before_main(image, dbg, append, mem):
    """(blocks, instructions) of the image that QEMU translated before
    main, from one run with -d in_asm, or a reason string."""
    if not dbg or not os.path.exists(dbg):
        return "no .dbg image (symbols)"
    syms = {}
    for line in subprocess.run(["nm", dbg], capture_output=True,
                               text=True).stdout.splitlines():
        f = line.split()
        if len(f) == 3 and f[2] in ("main", "__kernel_start", "__kernel_end"):
            syms[f[2]] = int(f[0], 16)
    if len(syms) < 3:
        return "main, __kernel_start or __kernel_end not in the symbols"
    log = os.path.join(common.OUT, "logs", "boot-translated.in_asm")
    cmd = qemu_cmd(image, mem, append=append) + ["-d", "in_asm", "-D", log]
    vm = VM(cmd, os.path.join(common.OUT, "logs", "boot-translated.log"), timeout=30)
    vm.wait_exit()
    vm.stop()
    blocks = insns = 0
    in_block = False
    try:
        with open(log, errors="replace") as f:
            for line in f:
                if line.startswith("IN:"):
                    in_block = None         # the next address decides
                    continue
                m = re.match(r"0x([0-9a-f]+):", line)
                if not m:
                    continue
                a = int(m.group(1), 16)
                if in_block is None:
                    if a == syms["main"]:
                        return blocks, insns
                    in_block = syms["__kernel_start"] <= a < syms["__kernel_end"]
                    blocks += in_block
                insns += bool(in_block)
    except OSError as e:
        return "no -d in_asm log: %s" % e
    return "main was never reached"


def measure(report, runs=20, mem=8):
    src = os.path.join(common.UK_ROOT, "apps", "helloworld")
    hello = build.app("helloworld", src)
    timed = build.app("helloworld", src, enable=(TIMED_CONFIG,), copy="helloworld-timed")
    floors = build.floors()
    subjects = [("floor-mb", floors["floor-mb"], None)]
    subjects.append(("floor-pvh", floors["floor-pvh"], None))
    if hello.ok:
        subjects.insert(0, ("unikit", hello.image, HELLO_APPEND))
    if timed.ok:
        subjects.insert(1, ("unikit-timed", timed.image, HELLO_APPEND))

    size = report.metric("size.hello", "image size, stripped", "KiB", "lower", 1, group="boot")
    if hello.ok:
        size.add("unikit", [os.path.getsize(hello.image) / 1024.0], label="helloworld")
        size.limit("unikit", "<=", 64)
    else:
        size.na("unikit", hello.reason, label="helloworld")
    for key in ("floor-mb", "floor-pvh"):
        size.add(key, [os.path.getsize(floors[key]) / 1024.0])

    exit_t = {k: [] for k, _, _ in subjects}
    main_host, main_guest = [], []
    bad = {k: [] for k, _, _ in subjects}
    # One untimed run of each first: QEMU and the image come into the page
    # cache, so run 1 is not penalised.
    for key, image, append in subjects:
        _one(image, append, "boot-warmup-%s.log" % key, mem)
    common.log("boot: %d runs of %s, interleaved" % (runs, ", ".join(k for k, _, _ in subjects)))
    for i in range(runs):
        order = subjects[i % len(subjects):] + subjects[:i % len(subjects)]
        for key, image, append in order:
            vm, status, t = _one(image, append, "boot-%s.log" % key, mem)
            if key.startswith("unikit"):
                ok = status == 1 and "Hello from Unikit!" in vm.text()
            else:
                ok = status == 5
            if not ok:
                bad[key].append("run %d: status %s, console: %s" % (i + 1, status, vm.tail(200)))
                continue
            exit_t[key].append(t * 1000)
            if key == "unikit-timed":
                tm, m = vm.wait_line(RX_MAIN, 0)
                if tm is not None:
                    main_host.append(tm * 1000)
                    main_guest.append(int(m.group(1)))

    ex = report.metric("boot.exit", "QEMU launch to exit", "ms", "lower", 1, group="boot")
    for key, _, _ in subjects:
        reason = None if exit_t[key] else "every run failed: %s" % (bad[key][:1] or ["?"])[0]
        ex.add(key, exit_t[key], reason,
               label={"unikit": "helloworld",
                      "unikit-timed": "helloworld, boot time printed"}.get(key),
               failed_runs=bad[key])
    if not hello.ok:
        ex.na("unikit", hello.reason, label="helloworld")
    if not timed.ok:
        ex.na("unikit-timed", timed.reason, label="helloworld, boot time printed")
    ex.ratio("unikit", "floor-mb", ("<=", 1.2)).ratio("unikit", "floor-pvh")
    ex.ratio("floor-mb", "floor-pvh")

    mh = report.metric("boot.hello_main", "QEMU launch to main", "ms", "lower", 1,
                       group="boot", note="(host clock, when the boot-time line arrives)")
    mg = report.metric("boot.guest_main", "guest: first instruction to main", "us", "lower",
                       0, group="boot", note="(guest TSC, %s=y)" % TIMED_CONFIG)
    if timed.ok:
        why = "helloworld printed no \"first instruction to main\" line"
        mh.add("unikit", main_host, None if main_host else why, label="helloworld")
        mg.add("unikit", main_guest, None if main_guest else why, label="helloworld")
        mg.limit("unikit", "<", 1000)
    else:
        for m in (mh, mg):
            m.na("unikit", timed.reason, label="helloworld")
    tr = report.metric("boot.translated", "code QEMU translated before main", "count",
                       "lower", 0, group="boot",
                       note="(helloworld, no options; -d in_asm, one run)")
    if hello.ok:
        got = translated_before_main(hello.image, hello.dbg, HELLO_APPEND, mem)
        if isinstance(got, tuple):
            tr.add("blocks", [got[0]], label="blocks")
            tr.add("insns", [got[1]], label="instructions")
        else:
            tr.na("blocks", got, label="blocks")
    else:
        tr.na("blocks", hello.reason, label="blocks")
    if hello.ok and hello.map and os.path.exists(hello.map):
        from .mapshare import shares
        report.shares["helloworld"] = shares(hello.map, os.path.getsize(hello.image))
    return hello, floors
