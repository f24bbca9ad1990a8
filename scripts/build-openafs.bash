# SPDX-License-Identifier: MIT
# Sourced by scripts/test-full and scripts/test-full-modpost (CACHE set):
# the OpenAFS build both use, made by whichever runs first.
# build_openafs: $CACHE/openafs/openafs.ko, built once per (package version, kernel).
build_openafs() {
	local REL='' ROOT='' HEADERS='' dir=$CACHE/openafs deb ver stamp hdr
	# shellcheck disable=SC1091
	. "$CACHE/bookworm-amd64/env"
	mkdir -p "$dir"
	ver=$(apt-cache show --no-all-versions openafs-modules-dkms 2>/dev/null | awk '/^Version:/ { print $2; exit }')
	[ -n "$ver" ] || { echo "openafs-modules-dkms is unknown to apt (apt-get update?)" >&2; return 1; }
	stamp="$ver $REL"
	if [ -f "$dir/openafs.ko" ] && [ "$(cat "$dir/stamp" 2>/dev/null)" = "$stamp" ]; then return 0; fi
	deb=$(ls "$dir"/openafs-modules-dkms_*.deb 2>/dev/null | head -1)
	if [ -z "$deb" ]; then
		(cd "$dir" && apt-get -qq download openafs-modules-dkms) >&2 || return 1
		deb=$(ls "$dir"/openafs-modules-dkms_*.deb | head -1)
	fi
	rm -rf "$dir/pkg" "$dir/build" "$dir/headers" "$dir/openafs.ko" "$dir/stamp"
	dpkg-deb -x "$deb" "$dir/pkg" || return 1
	cp -a "$dir"/pkg/usr/src/openafs-* "$dir/build"
	# The headers tree includes Debian's -common Makefile by absolute path and reaches
	# its kbuild through relative symlinks: a copy with both made absolute into ROOT.
	hdr=$dir/headers
	cp -a "$HEADERS" "$hdr"
	sed -i "s|^include /usr/src/|include $ROOT/usr/src/|" "$hdr/Makefile"
	for l in "$hdr"/*; do
		[ -L "$l" ] && ln -sfn "$(readlink -f "$HEADERS/$(basename "$l")")" "$l"
	done
	echo "  building openafs.ko $ver against $REL (takes minutes; log: $dir/build/build.log)" >&2
	(cd "$dir/build" &&
		./configure --disable-linux-syscall-probing --with-afs-sysname=amd64_linux26 \
			--with-linux-kernel-packaging --with-linux-kernel-headers="$hdr" &&
		make -j"$(nproc)") >"$dir/build.log" 2>&1 || { echo "openafs build failed: $dir/build.log" >&2; return 1; }
	cp "$dir"/build/src/libafs/MODLOAD-*/openafs.ko "$dir/openafs.ko" || return 1
	echo "$stamp" >"$dir/stamp"
}
