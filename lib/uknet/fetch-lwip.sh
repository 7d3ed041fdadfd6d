#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Fetches lwIP 2.1.3 from Debian's source package into the build cache,
# checks it, unpacks it and applies our patches.  Called by
# lib/uknet/Makefile.uk; every input comes from the environment:
#
#   LWIP_ORIG      the .orig tarball's file name (lwip_2.1.3+dfsg1.orig.tar.xz)
#   LWIP_SHA256    its expected sha256 (also listed in Debian's .dsc)
#   LWIP_CACHE     where the tarball is kept ($(UK_CACHE)); fetched with
#                  "apt-get source --download-only lwip" when missing
#   LWIP_DIR       output: the unpacked, patched tree (its name carries a
#                  hash of the tarball's checksum and the patches)
#   LWIP_PATCHES   patch files applied in order (-p1), may be empty
#
# A lock serializes several apps building at once; the tree appears under
# its final name only when complete, with a .ready stamp inside.
set -eu

: "${LWIP_ORIG:?}" "${LWIP_SHA256:?}" "${LWIP_CACHE:?}" "${LWIP_DIR:?}"

fail() {
	echo "lwip: $*" >&2
	exit 1
}

mkdir -p "$LWIP_CACHE"
exec 9>"$LWIP_CACHE/.lwip.lock"
flock 9
[ -f "$LWIP_DIR/.ready" ] && exit 0

tarball=$LWIP_CACHE/$LWIP_ORIG
if [ ! -f "$tarball" ]; then
	command -v apt-get >/dev/null 2>&1 ||
		fail "apt-get not found: put $LWIP_ORIG into $LWIP_CACHE by hand"
	dl=$LWIP_CACHE/lwip-download.tmp
	rm -rf "$dl"
	mkdir -p "$dl"
	echo "  FETCH   lwip (apt-get source --download-only lwip)"
	if ! (cd "$dl" && apt-get source --download-only lwip) \
		>"$dl/apt.log" 2>&1; then
		if grep -qi "deb-src" "$dl/apt.log"; then
			fail "apt-get cannot fetch source packages: no 'deb-src'" \
				"line in /etc/apt/sources.list.d/ (run 'sudo make" \
				"deps' at the top of the tree, which adds" \
				"unikit-deb-src.sources and runs apt-get update)"
		fi
		sed 's/^/lwip:   /' "$dl/apt.log" >&2
		fail "'apt-get source --download-only lwip' failed (see above;" \
			"'sudo make deps' adds the deb-src line and updates the" \
			"package lists)"
	fi
	[ -f "$dl/$LWIP_ORIG" ] ||
		fail "Debian's lwip source package has no $LWIP_ORIG (a new" \
			"upstream version?); got: $(ls "$dl" | tr '\n' ' ')"
	mv "$dl/$LWIP_ORIG" "$tarball.tmp"
	mv "$tarball.tmp" "$tarball"
	rm -rf "$dl"
fi

echo "$LWIP_SHA256  $tarball" | sha256sum -c --quiet - >/dev/null 2>&1 || {
	mv "$tarball" "$tarball.bad"
	fail "$tarball: sha256 mismatch (expected $LWIP_SHA256); moved" \
		"aside to $tarball.bad"
}

tmp=$LWIP_DIR.tmp
rm -rf "$tmp" "$LWIP_DIR"
mkdir -p "$tmp"
tar -xJf "$tarball" -C "$tmp" --strip-components=1
[ -f "$tmp/src/core/tcp.c" ] && [ -f "$tmp/src/include/lwip/opt.h" ] ||
	fail "$tarball does not look like lwIP's source"
for p in ${LWIP_PATCHES:-}; do
	patch -s -p1 -d "$tmp" <"$p" || fail "patch $p does not apply"
done
touch "$tmp/.ready"
mv "$tmp" "$LWIP_DIR"
echo "  LWIP    unpacked lwIP 2.1.3 into $LWIP_DIR"
