#!/usr/bin/python3
"""apps/lua: a third-party C program linked with Unikit unchanged.  Lua
5.4 from Debian's lua5.4 source package, built as an app outside the tree
(the way a user links their own program), runs test/apps/lua/check.lua
from a 9p share and prints exactly what the same Lua source built for the
host prints; errors and os.exit() reach QEMU's exit status; make run works."""
import glob
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import unikit_test as T  # noqa: E402

SRC = os.path.join(T.UK_ROOT, "test", "apps", "lua")
WORK = os.path.join(T.TEST_BUILD, "lua")
ARGS = ["alpha", "beta gamma"]
MARKER = "== arguments and environment"


def app():
    return T.build_app("lua", "lua")


def image():
    return T.image_of(app(), app="lua")


def lua_tree():
    """The unpacked, patched Lua source the app was built from (building
    it first, which fetches it)."""
    app()
    cache = os.environ.get("UK_CACHE", os.path.join(T.UK_ROOT, "build", "cache"))
    trees = [d for d in glob.glob(os.path.join(cache, "lua-5.4.4-*"))
             if os.path.exists(os.path.join(d, ".ready"))]
    return max(trees, key=os.path.getmtime) if trees else None


def host_lua():
    """Lua built for the host from the same tree, with the same option
    (LUA_USE_POSIX) as apps/lua/Makefile.uk."""
    exe = os.path.join(WORK, "lua-host")
    tree = lua_tree()
    srcs = [f for f in sorted(glob.glob(os.path.join(tree, "src", "*.c")))
            if not f.endswith("luac.c")]
    os.makedirs(WORK, exist_ok=True)
    subprocess.run(["gcc", "-O2", "-DLUA_USE_POSIX", "-o", exe] + srcs + ["-lm"],
                   check=True, capture_output=True)
    return exe


def fresh_share(name):
    """A folder holding the check scripts (and an empty tmp/ for
    os.tmpname), made anew for each run."""
    d = os.path.join(WORK, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "tmp"))
    for f in os.listdir(SRC):
        shutil.copy(os.path.join(SRC, f), d)
    return d


def run_guest(share, args, machine="microvm", mem="64", timeout=120):
    """Runs lua with args in a VM with share as its root.  check.lua's
    stack overflow takes Lua ~30 MB (16 MB of stack, a CallInfo per level),
    as on the host: it runs with -m 128."""
    quoted = " ".join("'%s'" % a for a in args)
    return T.run_qemu(image(), machine=machine, mem=mem, timeout=timeout,
                      append="vfs.rootfs=9pfs env=LUA_CHECK=yes -- " + quoted,
                      extra=T.share_args(share, machine))


def program_lines(output):
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if line == MARKER:
            return lines[i:]
    return []


def test_check_matches_host(r):
    share = fresh_share("host")
    env = dict(os.environ, TZ="UTC", LUA_CHECK="yes")
    env.pop("LUA_CHECK_UNSET", None)
    p = subprocess.run([host_lua(), "check.lua"] + ARGS, cwd=share, env=env,
                       capture_output=True, text=True, timeout=120)
    want = p.stdout.splitlines()
    r.record("lua: check.lua runs on the host's build of the same source "
             "(exit 0, %d lines)" % len(want),
             p.returncode == 0 and len(want) > 90 and want[0] == MARKER,
             "exit %d: %s" % (p.returncode, (p.stdout + p.stderr)[-2000:]))
    for machine in ("microvm", "q35"):
        share = fresh_share(machine)
        run = run_guest(share, ["check.lua"] + ARGS, machine=machine, mem="128")
        got = program_lines(run.output)
        diff = [(i + 1, w, g) for i, (w, g) in enumerate(zip(want, got)) if w != g]
        left = sorted(set(os.listdir(share)) - set(os.listdir(SRC)) - {"tmp"})
        r.record("lua/%s: check.lua (numbers, strings, pack, utf8, tables, "
                 "coroutines, errors, C stack limit, metatables, gc, dump/load, "
                 "files over 9p, require, time) prints what the host's Lua "
                 "prints, line for line; exit status 1" % machine,
                 run.status == 1 and got == want and not left,
                 "first differences %s; lengths host %d guest %d; files left %s; %r"
                 % (diff[:3], len(want), len(got), left, run))


def test_errors_and_exit_status(r):
    share = fresh_share("errors")
    with open(os.path.join(share, "err.lua"), "w") as f:
        f.write('print("before")\nerror("boom")\n')
    with open(os.path.join(share, "exit5.lua"), "w") as f:
        f.write('io.write("bye\\n")\nos.exit(5)\n')
    run = run_guest(share, ["err.lua"])
    r.record("lua: an error ends the script with lua's message and "
             "traceback on the console, exit 1 (QEMU status 3)",
             run.status == 3 and "before" in run.output and
             "lua: err.lua:2: boom" in run.output and
             "stack traceback:" in run.output, repr(run))
    run = run_guest(share, ["exit5.lua"])
    r.record("lua: os.exit(5) flushes output and exits 5 (QEMU status 11)",
             run.status == 11 and "bye" in run.output, repr(run))
    run = run_guest(share, ["missing.lua"])
    r.record("lua: a missing script says so, exit 1 (QEMU status 3)",
             run.status == 3 and
             "cannot open missing.lua: No such file or directory" in run.output,
             repr(run))


def test_make_run(r):
    d = app()
    rc, out = T.make(["UK_ROOT=" + T.UK_ROOT, "run", "ARGS=one two"], cwd=d,
                     timeout=120)
    r.record("lua: make run boots hello.lua from a 9p share of scripts/ "
             "with ARGS", rc == 0 and "Hello from Lua 5.4 on Unikit!" in out
             and "1\tone" in out and "2\ttwo" in out, out[-2000:])


if __name__ == "__main__":
    sys.exit(T.main([test_check_matches_host, test_errors_and_exit_status,
                     test_make_run]))
