#!/usr/bin/python3
"""newlib as the C library: an ordinary C program gives the same output in
the VM as on the host; the system-call glue (console descriptors, errno,
signals, clocks, sleep, exit paths, environment); what gets linked (our
memcpy, newlib's size share); and that rebuilding an app never rebuilds
newlib."""
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import unikit_test as T  # noqa: E402

SRC = os.path.join(T.UK_ROOT, "test", "apps", "newlib")
NEWLIB = ["CONFIG_LIBNEWLIB=y"]
MAX_SHARE = 150 * 1024


def read(path):
    with open(path) as f:
        return f.read()


def libc_app():
    return T.build_app("newlib-libc", "helloworld", config=NEWLIB,
                       main_c=read(os.path.join(SRC, "libc_check.c")))


def posix_app():
    return T.build_app("newlib-posix", "helloworld", config=NEWLIB,
                       main_c=read(os.path.join(SRC, "posix_check.c")))


def hello_app():
    """The template app unchanged (printf of its arguments), with newlib."""
    return T.build_app("newlib-hello", "helloworld", config=NEWLIB)


def map_sections(mapfile):
    """(section, size, input file) for every input section the link map
    places in the image; .bss and debug sections, which take no room in
    the image, are left out."""
    out = []
    pending = None
    in_map = False
    for line in open(mapfile):
        if line.startswith("Linker script and memory map"):
            in_map = True
            continue
        if not in_map:
            continue
        m = re.match(r"^ (\.\S+)\s*$", line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r"^ (\.\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$",
                     line)
        sec = (m.group(1) or pending) if m else None
        pending = None
        if not m or sec is None or int(m.group(2), 16) == 0:
            continue
        if sec.startswith((".bss", ".tbss", "COMMON", ".debug", ".comment")):
            continue
        out.append((sec, int(m.group(3), 16), m.group(4).strip()))
    return out


def newlib_share(mapfile):
    return sum(size for _, size, f in map_sections(mapfile)
               if re.search(r"/lib(c|m)\.a\(", f))


# --- an ordinary program, compared with the host -----------------------------

def host_output(now):
    out_dir = os.path.join(T.TEST_BUILD, "newlib")
    os.makedirs(out_dir, exist_ok=True)
    exe = os.path.join(out_dir, "libc_check_host")
    subprocess.run(["gcc", "-O2", "-o", exe,
                    os.path.join(SRC, "libc_check.c"), "-lm"], check=True,
                   capture_output=True)
    env = dict(os.environ, TZ="UTC")
    p = subprocess.run([exe, str(now)], capture_output=True, text=True,
                       env=env, timeout=60)
    return p.returncode, p.stdout


def guest_lines(output, marker):
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(marker):
            return lines[i:]
    return []


def test_libc_matches_host(r):
    img = T.image_of(libc_app())
    now = int(time.time())
    hrc, hout = host_output(now)
    r.record("newlib: libc check runs on the host (exit 0)", hrc == 0,
             "host exit %d" % hrc)
    want = hout.splitlines()
    for machine in ("microvm", "q35"):
        run = T.run_qemu(img, machine=machine, mem="64",
                         append="-- %d" % now, timeout=60)
        got = guest_lines(run.output, "=== libc check")
        diff = [(i + 1, w, g) for i, (w, g) in
                enumerate(zip(want, got)) if w != g]
        detail = "first differences: %s; lengths host %d guest %d; %r" % (
            diff[:3], len(want), len(got), run)
        r.record("newlib/%s: printf/strtod/libm/qsort/setjmp/ctype/malloc/"
                 "time output equals the host's line for line" % machine,
                 run.status == 1 and len(want) > 60 and got == want, detail)


def test_nolibc_deselected(r):
    d = libc_app()
    cfg = read(os.path.join(d, "build", "config.mk"))
    linkmap = read(T.image_of(d) + ".dbg.map")
    r.record("newlib selected: nolibc deselected, neither compiled nor "
             "linked", "CONFIG_LIBNOLIBC=y" not in cfg and
             "libnolibc/" not in linkmap and
             not os.path.exists(os.path.join(d, "build", "libnolibc")),
             "nolibc still in config or link map")


def test_memops_from_arch(r):
    secs = map_sections(T.image_of(libc_app()) + ".dbg.map")
    bad = []
    for fn in ("memcpy", "memmove", "memset", "memcmp"):
        owners = [f for s, _, f in secs if s == ".text." + fn or
                  (s == ".text" and f.endswith("lib_a-%s.o)" % fn))]
        if owners != [f for f in owners if f.endswith("arch/memops.o")] \
                or not owners:
            bad.append((fn, owners))
    r.record("memcpy/memmove/memset/memcmp come from arch/x86_64/memops.c, "
             "not newlib", not bad, repr(bad))


# --- the system-call glue ------------------------------------------------------

def run_posix(what, append_pre="", mem="16", timeout=30):
    return T.run_qemu(T.image_of(posix_app()), mem=mem,
                      append="%s -- %s" % (append_pre, what), timeout=timeout)


def checks_in(func):
    """How many CHECK()s the function func of posix_check.c makes (a tuple:
    the functions together)."""
    if isinstance(func, tuple):
        return sum(checks_in(f) for f in func)
    src = read(os.path.join(SRC, "posix_check.c"))
    body = re.search(r"\n(?:static )?(?:int|void) %s\(void\)\n\{\n(.*?)\n\}\n" % func,
                     src, re.S).group(1)
    return body.count("CHECK(")


def checks_pass(run, func):
    """Every CHECK() of func printed "ok", none "FAILED", exit 0."""
    oks = [l for l in run.output.splitlines() if l.startswith("ok: ")]
    bad = [l for l in run.output.splitlines() if l.startswith("FAILED")]
    return run.status == 1 and not bad and len(oks) == checks_in(func)


def test_console_fds(r):
    run = run_posix("fds")
    r.record("newlib: console descriptors 0-2 are terminals; EBADF, ESPIPE, "
             "EAGAIN; dup/dup2/fcntl; file calls ENOSYS without a VFS",
             checks_pass(run, ("fds", "record_locks")) and "through dup2" in run.output and
             "to stderr" in run.output, repr(run))


def test_environment(r):
    run = run_posix("env", "env=GREETING=hello 'env=EMPTY='")
    r.record("newlib: env=NAME=VALUE options form the environment; setenv/"
             "unsetenv", checks_pass(run, "env") and
             "GREETING=[hello] EMPTY=[] MISSING=[(null)]" in run.output,
             repr(run))
    run = run_posix("env", "env=NOEQUALS env==x")
    r.record("newlib: malformed env= options are refused with a message",
             run.status == 1 and run.output.count("bad value in 'env=") == 2
             and "GREETING=[(null)]" in run.output, repr(run))


def test_signals(r):
    run = run_posix("signals")
    r.record("newlib: signal/sigaction/raise/kill/sigprocmask (blocked "
             "signal delivered on unblock), SIG_IGN, SIGKILL refused; "
             "_setjmp/_longjmp, sigsetjmp/siglongjmp with and without the mask; "
             "SA_SIGINFO/SA_RESETHAND/SA_NODEFER; sigsuspend; pthread_sigmask; "
             "sigaltstack",
             checks_pass(run, ("signals", "jumps")) and
             run.output.count("handler got signal") == 5, repr(run))


def test_clocks_and_sleep(r):
    run = run_posix("sleep")
    r.record("newlib: clock_gettime REALTIME/MONOTONIC, nanosleep/usleep "
             "take as long as asked, EINVAL on bad arguments",
             checks_pass(run, "sleeping"), repr(run))


def test_process_and_sysconf(r):
    run = run_posix("process")
    r.record("newlib: getpid 1, fork/popen/system ENOSYS, system(NULL) 0 (no "
             "shell), pclose ECHILD, "
             "flockfile/ftrylockfile/funlockfile, sysconf page size/CPUs/"
             "CLK_TCK/OPEN_MAX/PHYS_PAGES, EINVAL for unknown names",
             checks_pass(run, "process") and "inside flockfile" in run.output,
             repr(run))


def test_system_and_mmap(r):
    run = run_posix("system")
    r.record("newlib: uname/gethostname, getrlimit/setrlimit, getrusage, "
             "users/groups, *at() calls, ttyname, regex and fnmatch, "
             "umask; anonymous mmap (zeroed, page-aligned), madvise, mprotect, "
             "munmap of whole mappings; getrandom/realpath/pipe ENOSYS without "
             "devfs/VFS/uksched", checks_pass(run, "system_calls"), repr(run))
    r.record("newlib: syslog lines on the console ('%m', LOG_PID, the mask, "
             "the app's name after closelog)",
             "probe[1]: cannot open x: No such file or directory (100%)\n"
             in run.output and "filtered out" not in run.output and
             "helloworld: after closelog\n" in run.output, repr(run))


def test_stdout_line_buffered(r):
    run = run_posix("buffering")
    lines = guest_lines(run.output, "=== buffering")
    r.record("newlib: stdout is line-buffered on the console, as on a "
             "Linux terminal, and exit() flushes a partial line",
             run.status == 1 and lines[1:] == [
                 "line 1 (printf)", "line 2 (write)", "line 3 (write)",
                 "line 4 (printf, completed)",
                 "unterminated last line, flushed by exit"], repr(run))


def test_exit_paths(r):
    run = run_posix("exit 3")
    r.record("newlib: exit(3) flushes stdio and reaches QEMU as 7",
             run.status == 7 and "exit(3) with a partial line" in run.output,
             repr(run))
    run = run_posix("_exit")
    r.record("newlib: _exit(5) ends at once (no stdio flush), QEMU sees 11",
             run.status == 11 and "partial line is lost" not in run.output,
             repr(run))
    for what, extra in (("abort", "aborting"),
                        ("raise-abrt", "raising SIGABRT"),
                        ("abort-handler", "handler got signal")):
        run = run_posix(what)
        out = run.output
        r.record("newlib: %s prints a panic with a backtrace, status 255"
                 % what, run.status == 255 and extra in out and
                 "PANIC: abort() called" in out and "Backtrace:" in out and
                 "<main+" in out, repr(run))
    run = run_posix("assert")
    r.record("newlib: a failed assert() panics with its text and a "
             "backtrace, status 255", run.status == 255 and
             'assertion "argc == 99" failed: file "' in run.output and
             "function: main" in run.output and "<main+" in run.output and
             "not reached" not in run.output, repr(run))
    run = run_posix("sigterm")
    r.record("newlib: an uncaught SIGTERM ends the VM as a crash",
             run.status == 255 and "terminated by signal" in run.output and
             "not reached" not in run.output, repr(run))


def test_termios(r):
    run = run_posix("termios")
    r.record("newlib: termios on the console (tcgetattr/tcsetattr, cfmakeraw, "
             "speeds, tcdrain/tcflush/tcflow, pgrp), EBADF and ENOTTY elsewhere",
             checks_pass(run, "terminal"), repr(run))


def test_console_input(r):
    """A line typed on the serial console (Enter sends CR) reaches fgets;
    after cfmakeraw, Enter reads as CR."""
    img = T.image_of(posix_app())
    cmd = T.qemu_cmd(img, mem="16", append="-- stdin")
    os.makedirs(os.path.join(T.TEST_BUILD, "logs"), exist_ok=True)
    log = os.path.join(T.TEST_BUILD, "logs", "newlib-stdin.log")
    with open(log, "wb") as logf:
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=logf,
                             stderr=subprocess.STDOUT, start_new_session=True)
        try:
            end = time.monotonic() + 30

            def answer(prompt, keys):
                """Types keys once prompt is on the console."""
                while time.monotonic() < end and p.poll() is None:
                    if prompt in open(log, "rb").read(1 << 20):
                        break
                    time.sleep(0.05)
                p.stdin.write(keys)
                p.stdin.flush()

            answer(b"type a line", b"typed words\r")
            answer(b"raw: press Enter", b"\r")
            status = p.wait(timeout=30)
        except (subprocess.TimeoutExpired, BrokenPipeError):
            status = None
        finally:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
    out = open(log, "rb").read(1 << 20).decode("utf-8", "replace")
    r.record("newlib: console input reaches fgets(stdin), CR read as NL; "
             "in raw mode (cfmakeraw) as CR",
             status == 1 and "got [typed words]" in out and "raw byte 13" in out,
             "status %s, output %r" % (status, out[-500:]))


def test_without_ukalloc(r):
    d = T.build_app("newlib-nomalloc", "helloworld",
                    config=NEWLIB + ["# CONFIG_LIBUKALLOC is not set"],
                    main_c=read(os.path.join(SRC, "posix_check.c")))
    linkmap = read(T.image_of(d) + ".dbg.map")
    run = T.run_qemu(T.image_of(d), mem="16", append="-- nomalloc",
                     timeout=30)
    r.record("newlib without ukalloc: malloc fails with ENOMEM, printf "
             "(integers, strings) still works, unbuffered", "libukalloc/" not in linkmap and
             checks_pass(run, "no_malloc") and
             "printf works without an allocator: 42 yes" in run.output,
             repr(run))


def test_with_uksched(r):
    """With the scheduler, sleeping is a thread sleep (uk_sched_sleep_until)
    and the glue still works from main's thread."""
    d = T.build_app("newlib-sched", "helloworld",
                    config=NEWLIB + ["CONFIG_LIBUKSCHED=y"],
                    main_c=read(os.path.join(SRC, "posix_check.c")))
    if "CONFIG_LIBUKSCHED=y" not in read(os.path.join(d, "build",
                                                      "config.mk")):
        r.skip("newlib with uksched", "uksched is not in this tree")
        return
    for what, func in (("sleep", "sleeping"), ("fds", ("fds", "record_locks")),
                       ("signals", ("signals", "jumps")),
                       ("termios", "terminal")):
        run = T.run_qemu(T.image_of(d), mem="16", append="-- " + what,
                         timeout=30)
        r.record("newlib with uksched: %s checks pass" % what,
                 checks_pass(run, func), repr(run))


# --- size and build ---------------------------------------------------------

def test_hello_size(r):
    d = hello_app()
    img = T.image_of(d)
    run = T.run_qemu(img, append="-- one 'two three'", timeout=30)
    r.record("newlib hello: prints its arguments, status 1",
             run.status == 1 and run.output.splitlines()[-3:] ==
             ["Hello from Unikit!", "one", "two three"], repr(run))
    size = os.path.getsize(img)
    share = newlib_share(img + ".dbg.map")
    print("INFO newlib hello: image %d bytes, newlib (libc.a+libm.a) %d "
          "bytes" % (size, share))
    r.record("newlib's share of a printf hello is under 150 KiB",
             0 < share < MAX_SHARE, "share %d bytes" % share)


def newlib_stamps():
    cache = os.environ.get("UK_CACHE",
                           os.path.join(T.UK_ROOT, "build", "cache"))
    root = os.path.join(cache, "newlib-3.3.0")
    found = {}
    for key in os.listdir(root) if os.path.isdir(root) else ():
        for f in (".built", "lib/libc.a", "lib/libm.a"):
            p = os.path.join(root, key, f)
            if os.path.exists(p):
                found[p] = os.stat(p).st_mtime_ns
    return found


def test_incremental_rebuild(r):
    d = hello_app()
    before = newlib_stamps()
    main_c = os.path.join(d, "main.c")
    os.utime(main_c, None)
    rc, out = T.make(["UK_ROOT=" + T.UK_ROOT, "-j2"], cwd=d)
    after = newlib_stamps()
    r.record("touching main.c rebuilds the app, not newlib",
             rc == 0 and "CC      " in out and "NEWLIB" not in out and
             before and before == after, out[-1500:])
    rc, out = T.make(["UK_ROOT=" + T.UK_ROOT, "clean"], cwd=d)
    rc2, out2 = T.make(["UK_ROOT=" + T.UK_ROOT, "-j2"], cwd=d)
    r.record("a clean app rebuild reuses newlib from the cache",
             rc == 0 and rc2 == 0 and "NEWLIB" not in out2 and
             os.path.exists(T.image_of(d)) and newlib_stamps() == before,
             out2[-1500:])


def test_clean_newlib_build(r):
    """Only with UK_TEST_NEWLIB_REBUILD=1: builds newlib from scratch into
    a fresh cache and times it (a few minutes on 2 cores)."""
    if os.environ.get("UK_TEST_NEWLIB_REBUILD") != "1":
        return
    import shutil
    import tempfile
    cache = tempfile.mkdtemp(prefix="unikit-cache-")
    try:
        d = T.build_app("newlib-hello", "helloworld", config=NEWLIB)
        T.make(["UK_ROOT=" + T.UK_ROOT, "clean"], cwd=d)
        t0 = time.monotonic()
        rc, out = T.make(["UK_ROOT=" + T.UK_ROOT, "UK_CACHE=" + cache,
                          "-j2"], cwd=d)
        dt = time.monotonic() - t0
        print("INFO clean newlib build + app: %.0f s" % dt)
        r.record("newlib builds from scratch in under 3 minutes (-j2)",
                 rc == 0 and "NEWLIB" in out and dt < 180,
                 "rc %d after %.0f s: %s" % (rc, dt, out[-1000:]))
    finally:
        shutil.rmtree(cache)
        T.make(["UK_ROOT=" + T.UK_ROOT, "clean"], cwd=d)


if __name__ == "__main__":
    sys.exit(T.main([
        test_libc_matches_host, test_nolibc_deselected, test_memops_from_arch,
        test_console_fds, test_environment, test_signals,
        test_clocks_and_sleep, test_process_and_sysconf, test_system_and_mmap,
        test_stdout_line_buffered, test_exit_paths, test_console_input, test_termios,
        test_without_ukalloc, test_with_uksched, test_hello_size, test_incremental_rebuild,
        test_clean_newlib_build,
    ]))
