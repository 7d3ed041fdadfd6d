"""Paths, progress messages, statistics, and the registry of everything the
bench starts or creates, so that all of it is undone on exit, on an error
and on Ctrl-C/SIGTERM/SIGHUP.

Processes are started in their own session (process group = their PID) and
ended by that PID only; nothing is ever killed by name.
"""
import atexit
import functools
import os
import signal
import statistics
import subprocess
import sys
import time

UK_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BENCH_DIR = os.path.join(UK_ROOT, "bench")
OUT = os.path.join(UK_ROOT, "build", "bench")
CACHE = os.path.join(os.environ.get("UK_CACHE", os.path.join(UK_ROOT, "build", "cache")),
                     "bench")
QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
# Cap on what we keep of any console: a runaway guest can print gigabytes.
MAX_CONSOLE = 4 << 20

_T_START = time.monotonic()


def log(msg):
    """A progress line on stderr, with the time since the bench started."""
    print("[%6.1fs] %s" % (time.monotonic() - _T_START, msg), file=sys.stderr, flush=True)


def env_int(name, default):
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        sys.exit("%s must be an integer" % name)


def run(cmd, timeout=600, check=True, **kw):
    """Runs a short command to completion; returns CompletedProcess.  The
    command is registered while it runs so an interrupt ends it too."""
    p = start(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
              stdin=subprocess.DEVNULL, **kw)
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(p)
        out = b"(timed out after %ds)" % timeout
        p.returncode = -1
    finally:
        _forget(p)
    text = out.decode("utf-8", "replace")
    if check and p.returncode != 0:
        raise RuntimeError("%s failed (status %s):\n%s" % (" ".join(cmd), p.returncode,
                                                          text[-3000:]))
    return subprocess.CompletedProcess(cmd, p.returncode, text, "")


# --------------------------------------------------------------------------
# processes and other things to undo

_procs = []
_undo = []          # (description, callable), run last-in first-out
_cleaned = False


def start(cmd, helpers=False, **kw):
    """Starts cmd in a new session and remembers it until stop().  helpers:
    the process forks workers of its own (nginx), which stop() ends too."""
    kw.setdefault("start_new_session", True)
    p = subprocess.Popen(cmd, **kw)
    p.uk_helpers = helpers
    _procs.append(p)
    return p


def _forget(p):
    if p in _procs:
        _procs.remove(p)


def stop(p, grace=3.0):
    """Ends a process we started (its session, by its PID): SIGTERM, then
    SIGKILL after grace seconds."""
    if p.poll() is None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(p.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                p.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue
    elif p.uk_helpers:
        # The leader has gone; workers it left in its session still carry
        # its PID as their group (which keeps that PID from being reused).
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    _forget(p)


def on_exit(desc, fn):
    """Registers fn to run at cleanup; returns a handle for cancel()."""
    item = (desc, fn)
    _undo.append(item)
    return item


def cancel(item, run_it=True):
    """Runs (by default) and unregisters an on_exit item."""
    if item in _undo:
        _undo.remove(item)
        if run_it:
            item[1]()


def cleanup():
    global _cleaned
    if _cleaned:
        return
    _cleaned = True
    for p in list(_procs):
        stop(p, grace=2.0)
    while _undo:
        desc, fn = _undo.pop()
        try:
            fn()
        except Exception as e:      # keep undoing the rest
            print("cleanup: %s: %s" % (desc, e), file=sys.stderr)


def _on_signal(signo, _frame):
    # Turn the signal into an exception so that finally blocks and the
    # atexit cleanup run in the main thread.
    signal.signal(signo, signal.SIG_IGN)    # a second Ctrl-C must not cut cleanup short
    log("%s: stopping what the bench started" % signal.Signals(signo).name)
    raise SystemExit(128 + signo)


def install_handlers():
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    atexit.register(cleanup)


# --------------------------------------------------------------------------
# statistics

def summary(values):
    """min/median/max of a list of numbers, or None when there are none."""
    vals = [float(v) for v in values if v is not None]
    if not vals:
        return None
    return {"min": min(vals), "median": statistics.median(vals), "max": max(vals),
            "runs": len(vals), "values": vals}


# --------------------------------------------------------------------------
# QEMU

@functools.lru_cache(maxsize=None)
def accel():
    return run([os.path.join(UK_ROOT, "support/scripts/accel")]).stdout.strip()


@functools.lru_cache(maxsize=None)
def _accel_args():
    return tuple(run([os.path.join(UK_ROOT, "support/scripts/qemu-args")]).stdout.split())


def accel_args():
    """-accel/-cpu options for the auto accelerator (support/scripts/qemu-args)."""
    return list(_accel_args())


def qemu_version():
    return run([QEMU, "--version"]).stdout.splitlines()[0]


def host_info():
    def cpu_model():
        try:
            with open("/proc/cpuinfo") as f:
                for line in f:
                    if line.startswith("model name"):
                        return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown"
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    return {"cpus": os.cpu_count(), "cpu": cpu_model(), "loadavg": load,
            "kernel": os.uname().release}
