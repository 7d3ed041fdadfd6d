"""A private network namespace with one tap device, created for a bench run
and removed at its end (or on interrupt).

Host side of the tap: 10.0.2.1/24; the guest (ours or the Linux VM) is
10.0.2.2 with a fixed MAC and a permanent neighbour entry, so probing a guest
that is still booting costs no ARP retries.  The bench's main thread enters
the namespace (setns), so every client and server it starts afterwards (QEMU,
wrk, nginx on loopback) lives there and cannot collide with anything else
on the machine.
"""
import ctypes
import os

from . import common
from .vm import MAC

HOST_IP = "10.0.2.1"
GUEST_IP = "10.0.2.2"
CLONE_NEWNET = 0x40000000


def _setns(fd):
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns: " + os.strerror(err))


class NetNS:
    def __init__(self):
        self.name = "ukbench%d" % os.getpid()
        self._orig = None
        self._undo = None

    def create(self):
        ip = ["timeout", "10", "ip"]
        common.run(ip + ["netns", "add", self.name])
        self._undo = common.on_exit("netns " + self.name, self.delete)
        n = ip + ["-n", self.name]
        common.run(n + ["link", "set", "lo", "up"])
        common.run(n + ["tuntap", "add", "dev", "tap0", "mode", "tap"])
        common.run(n + ["addr", "add", HOST_IP + "/24", "dev", "tap0"])
        common.run(n + ["link", "set", "tap0", "up"])
        common.run(n + ["neigh", "replace", GUEST_IP, "lladdr", MAC, "dev", "tap0",
                        "nud", "permanent"])
        return self

    def enter(self):
        """Moves this (main) thread into the namespace; children follow."""
        self._orig = os.open("/proc/self/ns/net", os.O_RDONLY)
        fd = os.open("/run/netns/" + self.name, os.O_RDONLY)
        try:
            _setns(fd)
        finally:
            os.close(fd)

    def leave(self):
        if self._orig is not None:
            _setns(self._orig)
            os.close(self._orig)
            self._orig = None

    def delete(self):
        # Deleting removes the tap with it.  Leave first so no reference of
        # ours keeps the namespace alive.
        self.leave()
        common.run(["timeout", "10", "ip", "netns", "del", self.name], check=False)

    def close(self):
        if self._undo:
            common.cancel(self._undo)
            self._undo = None
