#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Builds newlib's libc.a and libm.a, and installs its headers, into the
# build cache.  Called by lib/newlib/Makefile.uk; every input comes from
# the environment:
#
#   NEWLIB_TARBALL    Debian's newlib-source tarball
#   NEWLIB_SHA256     its expected sha256 (checked before every extraction)
#   NEWLIB_SRC        where it is extracted and patched (shared by every
#                     build key)
#   NEWLIB_PATCHES    patch files applied after extraction, in order
#   NEWLIB_DIR        output: include/, lib/libc.a, lib/libm.a, build.log
#   NEWLIB_CFLAGS     compiler flags for newlib (ours, freestanding)
#   NEWLIB_CONFIGURE  extra options for newlib's configure
#   CC                the compiler (also used as the "target" compiler)
#   NEWLIB_JOBS       optional: parallel jobs; default: the calling make's
#
# NEWLIB_DIR's name carries a hash of all of the above, so a change of
# flags builds a new copy and an app rebuild never rebuilds newlib.  A
# lock serializes builds of the same cache from several apps at once; the
# output appears under its final name only when complete.
set -eu

: "${NEWLIB_TARBALL:?}" "${NEWLIB_SHA256:?}" "${NEWLIB_SRC:?}"
: "${NEWLIB_DIR:?}" "${NEWLIB_CFLAGS:?}" "${NEWLIB_CONFIGURE?}" "${CC:=gcc}"

fail() {
	echo "newlib: $*" >&2
	exit 1
}

cache=$(dirname "$NEWLIB_DIR")
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
# Another app may have finished this build while we waited for the lock.
[ -f "$NEWLIB_DIR/.built" ] && exit 0

# Only the jobserver and -j reach newlib's make; the calling make's
# variables (CFLAGS=..., UK_ROOT=...) must not.
jobs=
for w in ${MAKEFLAGS:-}; do
	case $w in
	--) break ;;
	-j*|--jobserver-auth=*|--jobserver-fds=*) jobs="$jobs $w" ;;
	esac
done
[ -n "${NEWLIB_JOBS:-}" ] && jobs="-j$NEWLIB_JOBS"
unset MAKEOVERRIDES MFLAGS CFLAGS CPPFLAGS LDFLAGS
export MAKEFLAGS="$jobs"

# --- verified extraction, patches ---------------------------------------
want="$NEWLIB_SHA256 $(cat ${NEWLIB_PATCHES:-} /dev/null | sha256sum | cut -c1-64)"
if [ "$(cat "$NEWLIB_SRC/.extracted" 2>/dev/null)" != "$want" ]; then
	[ -r "$NEWLIB_TARBALL" ] || fail "$NEWLIB_TARBALL not found; install" \
		"Debian's newlib-source package (support/scripts/install-deps)"
	echo "$NEWLIB_SHA256  $NEWLIB_TARBALL" | sha256sum -c --quiet - ||
		fail "$NEWLIB_TARBALL: sha256 mismatch (expected $NEWLIB_SHA256)"
	rm -rf "$NEWLIB_SRC"
	mkdir -p "$NEWLIB_SRC"
	# The tarball's top folder is named after Debian's packaging
	# repository, not the version: drop it.
	tar -xJf "$NEWLIB_TARBALL" -C "$NEWLIB_SRC" --strip-components=1
	[ -x "$NEWLIB_SRC/configure" ] && [ -d "$NEWLIB_SRC/newlib/libc" ] ||
		fail "$NEWLIB_TARBALL does not look like newlib's source"
	for p in ${NEWLIB_PATCHES:-}; do
		patch -s -p1 -d "$NEWLIB_SRC" < "$p" ||
			fail "patch $p does not apply"
	done
	echo "$want" > "$NEWLIB_SRC/.extracted"
fi

# --- configure, build, install into a temporary folder ------------------
tmp=$NEWLIB_DIR.tmp
rm -rf "$tmp" "$NEWLIB_DIR"
mkdir -p "$tmp/build"
log=$tmp/build.log
echo "  NEWLIB  building newlib 3.3.0 (log: $NEWLIB_DIR/build.log)"
on_error() {
	echo "newlib: build failed; last lines of $log:" >&2
	tail -n 25 "$log" >&2
	exit 1
}
cd "$tmp/build"
echo "make flags for newlib: ${MAKEFLAGS:-(none: one job)}" > "$log"
# The host compiler builds for "x86_64-elf": no OS, no system calls in
# newlib (the glue in lib/newlib provides them).
"$NEWLIB_SRC/configure" --target=x86_64-elf --prefix=/usr \
	--disable-multilib --disable-libgloss \
	--disable-newlib-supplied-syscalls $NEWLIB_CONFIGURE \
	CC_FOR_TARGET="$CC" AR_FOR_TARGET=ar AS_FOR_TARGET=as \
	LD_FOR_TARGET=ld NM_FOR_TARGET=nm RANLIB_FOR_TARGET=ranlib \
	OBJDUMP_FOR_TARGET=objdump READELF_FOR_TARGET=readelf \
	STRIP_FOR_TARGET=strip CFLAGS_FOR_TARGET="$NEWLIB_CFLAGS" \
	>> "$log" 2>&1 || on_error
make all-target-newlib >> "$log" 2>&1 || on_error
make install-target-newlib DESTDIR="$tmp/stage" >> "$log" 2>&1 || on_error

mv "$tmp/stage/usr/x86_64-elf/include" "$tmp/include"
mv "$tmp/stage/usr/x86_64-elf/lib" "$tmp/lib"
[ -f "$tmp/lib/libc.a" ] && [ -f "$tmp/lib/libm.a" ] ||
	fail "libc.a or libm.a missing after the build (see $log)"

# newlib builds libc/posix only for some operating systems; programs want
# its regular expressions and fnmatch() everywhere.  Those files, compiled
# as the rest and added to libc.a; the C locale has no collation tables
# (__collate_load_error stays set, as when none could be loaded).
posix=$NEWLIB_SRC/newlib/libc/posix
mkdir -p "$tmp/posix"
echo 'int __collate_load_error = 1;' > "$tmp/posix/collate_c.c"
for src in "$posix/regcomp.c" "$posix/regexec.c" "$posix/regerror.c" \
	"$posix/regfree.c" "$posix/fnmatch.c" "$posix/collcmp.c" \
	"$tmp/posix/collate_c.c"; do
	# shellcheck disable=SC2086
	"$CC" $NEWLIB_CFLAGS -D_GNU_SOURCE -nostdinc -isystem "$tmp/include" \
		-isystem "$($CC -print-file-name=include)" -I"$posix" \
		-c "$src" -o "$tmp/posix/lib_a-posix-$(basename "$src" .c).o" \
		>> "$log" 2>&1 || on_error
done
ar rcs "$tmp/lib/libc.a" "$tmp/posix"/*.o
rm -rf "$tmp/posix"

# Objects the image must never take from newlib: memcpy and friends come
# from arch/x86_64/memops.c (kernel-safe, no SSE), the locks from the glue
# (lib/newlib/lock.c, where uksched hooks in).  Removing them turns a
# missing replacement into a link error instead of a silent mix.
for m in memcpy memmove memset memcmp lock; do
	while ar t "$tmp/lib/libc.a" | grep -qx "lib_a-$m.o"; do
		ar d "$tmp/lib/libc.a" "lib_a-$m.o"
	done
done
ranlib "$tmp/lib/libc.a"
if nm -g --defined-only "$tmp/lib/libc.a" 2>/dev/null |
	grep -Eq ' T (memcpy|memmove|memset|memcmp|__retarget_lock_acquire)$'; then
	fail "libc.a still defines memcpy/memset/... or the locks"
fi

rm -rf "$tmp/build" "$tmp/stage"
mv "$tmp" "$NEWLIB_DIR"
touch "$NEWLIB_DIR/.built"
