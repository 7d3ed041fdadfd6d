"""Each library's share of an image, from the GNU ld link map
(build/<app>_kvm-x86_64.dbg.map).

Objects live under the app's build folder as build/<libname>/<file>.o, so
the first path component below build/ names the library.  Only input
sections that occupy bytes in the image file count (no .bss, no debug or
comment sections); the gaps between them (alignment, linker stubs,
headers) are reported as "(padding and headers)" so the shares add up to
the stripped file size.
"""
import os
import re

# An input section line: " .text.foo  0xADDR  0xSIZE  /path/to/file.o"; the
# name may sit alone on the previous line when it is long.
_SEC = re.compile(r"^ (\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
_OUT = re.compile(r"^(\.\S+|\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)")
# Sections that take no bytes in the stripped file.
_NOFILE = (".bss", ".tbss", ".comment", ".note.GNU-stack", ".debug", ".stab",
           ".symtab", ".strtab", ".shstrtab", "/DISCARD/")


def _counts(outsec):
    return not outsec.startswith(_NOFILE)


def library_of(path, build_dir):
    """Library name for an object path from the map."""
    path = os.path.normpath(path.strip())
    build_dir = os.path.normpath(build_dir)
    if path.startswith(build_dir + os.sep):
        rel = path[len(build_dir) + 1:]
        first = rel.split(os.sep)[0]
        if first.endswith(".syms.o") or ".dbg.syms" in first:
            return "(symbol table for backtraces)"
        if os.sep not in rel:
            return "(image: %s)" % first
        return first
    if "(" in path:         # archive member: lib.a(member.o)
        return os.path.basename(path.split("(")[0])
    return os.path.basename(path)


def shares(map_path, image_size):
    """[(library, bytes)] sorted by size, summing to image_size."""
    build_dir = os.path.dirname(os.path.abspath(map_path))
    sizes = {}
    outsec = None
    in_map = False
    pending = None
    with open(map_path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("Linker script and memory map"):
                in_map = True
                continue
            if not in_map:
                continue
            m = _OUT.match(line)
            if m and not line.startswith(" "):
                outsec = m.group(1)
                pending = None
                continue
            if line and not line.startswith(" ") and not line.startswith("\t"):
                # an output section name alone on its line
                outsec = line.split()[0]
                pending = None
                continue
            if outsec is None or not _counts(outsec):
                continue
            stripped = line.strip()
            if (line.startswith(" ") and re.match(r"^\S+$", stripped)
                    and not stripped.startswith("0x")):
                pending = stripped      # long input section name on its own line
                continue
            m = _SEC.match(line)
            if not m:
                continue
            name = m.group(1) or pending
            pending = None
            path = m.group(4)
            if name is None or name.startswith("*") or not path.endswith((".o", ")")):
                continue
            if name.startswith(_NOFILE):
                continue
            size = int(m.group(3), 16)
            if size:
                lib = library_of(path, build_dir)
                sizes[lib] = sizes.get(lib, 0) + size
    counted = sum(sizes.values())
    if image_size > counted:
        sizes["(padding and headers)"] = image_size - counted
    return sorted(sizes.items(), key=lambda kv: -kv[1])
