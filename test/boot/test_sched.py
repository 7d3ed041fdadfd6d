#!/usr/bin/python3
"""uksched boot tests: the in-guest uktest suites (scheduler, timers,
synchronization) on microvm and q35, and a stack overflow reported as such
with the thread's name."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import unikit_test as T  # noqa: E402

UKTEST_APP = os.path.join(T.UK_ROOT, "test", "apps", "uktest")

OVERFLOW_MAIN = r'''
#include <stdio.h>
#include <uk/sched.h>

static int __attribute__((noinline)) deeper(volatile char *p, int n)
{
	volatile char buf[256];

	buf[0] = p ? p[0] + 1 : 0;
	return deeper(buf, n + 1) + buf[0];	/* not a tail call */
}

static void recurse(void *arg)
{
	printf("recursing\n");
	deeper(NULL, 0);
}

int main(void)
{
	struct uk_thread *t = uk_thread_create("deep", 0, recurse, NULL);

	uk_thread_join(t, NULL);
	printf("not reached\n");
	return 0;
}
'''


PTHREAD_CHECK = os.path.join(T.UK_ROOT, "test", "apps", "pthread",
                             "pthread_check.c")


def host_pthread_output():
    exe = os.path.join(T.TEST_BUILD, "pthread_check_host")
    os.makedirs(T.TEST_BUILD, exist_ok=True)
    subprocess.run(["gcc", "-O2", "-o", exe, PTHREAD_CHECK, "-lpthread"],
                   check=True)
    return subprocess.run([exe], capture_output=True, text=True,
                          timeout=60).stdout


def test_pthreads(r):
    """8 threads x 20000 locked increments with yields, a 1000-turn
    condition-variable ping-pong, private __thread values, a 50 ms
    nanosleep, join values, keys, once, recursive mutexes, timed waits:
    the guest's output equals the host's (Linux pthreads)."""
    with open(PTHREAD_CHECK) as f:
        src = f.read()
    want = host_pthread_output()
    r.record("pthread check runs on the host", want.endswith("done\n"), want)
    d = T.build_app("pthread", "helloworld", main_c=src,
                    config=["CONFIG_LIBNEWLIB=y", "CONFIG_LIBUKSCHED=y"])
    for m in ("microvm", "q35"):
        run = T.run_qemu(T.image_of(d), machine=m, mem="16", timeout=120)
        r.record("pthreads/%s: output equals the host's, status 1" % m,
                 run.status == 1 and run.output == want,
                 "want:\n%s\ngot: %r" % (want, run))


EPOLL_CHECK = os.path.join(T.UK_ROOT, "test", "apps", "epoll", "epoll_check.c")


def test_epoll_and_eventfd(r):
    """epoll (level, edge, one-shot, EPOLLOUT, hang-up, errors, nesting,
    closing and dup, blocking waits woken by a thread, maxevents) and
    eventfd (counter, semaphore, limits, in epoll) and timerfd (one-shot in
    epoll, periodic, disarming, absolute on the wall clock, errors): the
    guest's output equals the host's (Linux)."""
    exe = os.path.join(T.TEST_BUILD, "epoll_check_host")
    os.makedirs(T.TEST_BUILD, exist_ok=True)
    subprocess.run(["gcc", "-O2", "-o", exe, EPOLL_CHECK, "-lpthread"], check=True)
    want = subprocess.run([exe], capture_output=True, text=True, timeout=60).stdout
    r.record("epoll check runs on the host", want.endswith("done\n"), want)
    with open(EPOLL_CHECK) as f:
        src = f.read()
    d = T.build_app("epoll", "helloworld", main_c=src,
                    config=["CONFIG_LIBNEWLIB=y", "CONFIG_LIBUKSCHED=y"])
    for m in ("microvm", "q35"):
        run = T.run_qemu(T.image_of(d), machine=m, mem="16", timeout=120)
        got, exp = run.output.splitlines(), want.splitlines()
        diff = [(i + 1, w, g) for i, (w, g) in enumerate(zip(exp, got)) if w != g]
        r.record("epoll/%s: output equals the host's, status 1" % m,
                 run.status == 1 and run.output == want,
                 "first differences %s; %r" % (diff[:4], run))


def uktest_image():
    """Builds test/apps/uktest (in place: it is a test app of the tree)."""
    rc, out = T.make(["-C", UKTEST_APP, "kvm_defconfig"])
    if rc == 0:
        rc, out = T.make(["-C", UKTEST_APP, "-j2"])
    if rc:
        raise RuntimeError("uktest image build failed:\n" + out[-3000:])
    return os.path.join(UKTEST_APP, "build", "uktest_kvm-x86_64")


def record_uktest(r, run, prefix):
    """One result per in-guest case, plus the run as a whole."""
    cases = re.findall(r"^uktest: (PASS|FAIL) (\S+?)(?::.*)?$", run.output, re.M)
    for verdict, name in cases:
        line = [l for l in run.output.splitlines() if name in l][0]
        r.record("%s/%s" % (prefix, name), verdict == "PASS", line)
    summary = re.search(r"^uktest: (\d+) passed, (\d+) failed$", run.output, re.M)
    r.record("%s: test image ran to the end, exit status 1" % prefix,
             bool(cases) and summary is not None and run.status == 1,
             repr(run))


def test_uktest_microvm(r):
    run = T.run_qemu(uktest_image(), machine="microvm", mem="16", timeout=120)
    record_uktest(r, run, "uktest/microvm")


def test_uktest_q35(r):
    run = T.run_qemu(uktest_image(), machine="q35", mem="16", timeout=120)
    record_uktest(r, run, "uktest/q35")


def test_stack_overflow(r):
    d = T.build_app("sched-overflow", "helloworld", main_c=OVERFLOW_MAIN,
                    config=["CONFIG_LIBUKSCHED=y"])
    run = T.run_qemu(T.image_of(d), mem="16", timeout=30)
    ok = (run.status == 255 and
          "stack overflow in thread 'deep'" in run.output and
          "Thread: deep" in run.output and "not reached" not in run.output)
    r.record("unbounded recursion: stack overflow of thread 'deep', status 255",
             ok, repr(run))


if __name__ == "__main__":
    sys.exit(T.main([test_uktest_microvm, test_uktest_q35,
                     test_stack_overflow, test_pthreads,
                     test_epoll_and_eventfd]))
