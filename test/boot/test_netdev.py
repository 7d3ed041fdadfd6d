#!/usr/bin/python3
"""Network driver boot tests, below any protocol stack: the in-guest
netdev suite (ARP request to QEMU's user-network gateway, five rounds) over
virtio-mmio on microvm (legacy and modern transports, with and without a
second I/O APIC, without ACPI, and with a virtio_mmio.device= option) and
over virtio-pci on q35 and pc."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import unikit_test as T  # noqa: E402

NETDEV = ["-netdev", "user,id=n0"]


def image():
    d = T.build_app("uktest-net", os.path.join(T.UK_ROOT, "test", "apps",
                                                 "uktest"),
                    defconfig="net_defconfig")
    return os.path.join(d, "build", "uktest_kvm-x86_64")


def check(r, name, machine, dev, extra=(), append="-- netdev"):
    run = T.run_qemu(image(), machine=machine, mem="16", append=append,
                     extra=NETDEV + ["-device", dev + ",netdev=n0"] + list(extra),
                     timeout=60)
    ok = (run.status == 1 and
          re.search(r"^uktest: PASS netdev.arp_request_gets_reply$",
                    run.output, re.M) is not None and
          re.search(r"^uknet: net0: virtio-net ", run.output, re.M) is not None)
    r.record("netdev/%s: ARP round trips through the driver" % name, ok,
             repr(run))


def test_microvm_legacy_mmio(r):
    check(r, "microvm (legacy virtio-mmio)", "microvm", "virtio-net-device")


def test_microvm_modern_mmio(r):
    check(r, "microvm (virtio-mmio 2)", "microvm", "virtio-net-device",
          ["-global", "virtio-mmio.force-legacy=false"])


def test_microvm_one_ioapic(r):
    check(r, "microvm,ioapic2=off", "microvm,ioapic2=off", "virtio-net-device")


def test_microvm_no_acpi(r):
    check(r, "microvm,acpi=off", "microvm,acpi=off", "virtio-net-device")


def test_microvm_cmdline_device(r):
    # QEMU puts the first device in the top slot: 0xfeb02e00, GSI 24 + 23.
    check(r, "microvm with virtio_mmio.device=", "microvm",
          "virtio-net-device",
          append="virtio_mmio.device=512@0xfeb02e00:47 -- netdev")


def test_q35_pci(r):
    check(r, "q35 (virtio-net-pci)", "q35", "virtio-net-pci")


def test_pc_pci(r):
    check(r, "pc (virtio-net-pci)", "pc", "virtio-net-pci")


if __name__ == "__main__":
    sys.exit(T.main([test_microvm_legacy_mmio, test_microvm_modern_mmio,
                     test_microvm_one_ioapic, test_microvm_no_acpi,
                     test_microvm_cmdline_device, test_q35_pci, test_pc_pci]))
