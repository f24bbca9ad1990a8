#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checking a few modules against a module tree whose build tree has
# Module.symvers and .config leaves the tree's own modules (those in
# modules.order) unread and takes their exports from the dump. The findings
# must be exactly those of a run that reads every module of the tree (here:
# the tree itself named as modules to check, so each is parsed), for our
# Kbuild test modules, for tree modules that import from other modules
# (their exporters' licenses are read one by one), and for modules of
# another era (many CRC and unresolved findings naming module exporters).
source "$(dirname "$0")/lib.sh"
use_set trixie-amd64
other_era=$(find -L "$MODULES" -path '*fs/fat/*' -name '*.ko*' -type f | sort)
testmods=$(find "$CACHE/testmods/bookworm-amd64" -mindepth 2 -maxdepth 2 -name '*.ko' | sort)
[ -n "$testmods" ] || fail "no test modules built (scripts/build-test-modules bookworm-amd64)"
for set in bookworm-amd64 trixie-amd64 sid-amd64 bookworm-arm64; do
	use_set "$set"
	# In-tree modules that import from other modules (fat, nfs, usb-storage).
	own=$(find -L "$MODULES" \( -path '*/fs/fat/*' -o -path '*/fs/nfs/*' -o -path '*/usb/storage/*' \) \
		-name '*.ko*' -type f | sort)
	mods="$testmods $other_era $own"
	# shellcheck disable=SC2086
	"$MODLINK" check -v --format json --kernel "$MODULES" $mods >"$TMP/lazy.json" 2>"$TMP/lazy.log" || true
	grep -q 'modules of the tree left to Module.symvers' "$TMP/lazy.log" || fail "$set: the tree was read in full"
	# shellcheck disable=SC2086
	"$MODLINK" check --format json --kernel "$MODULES" "$MODULES" $mods >"$TMP/full.json" || true
	# shellcheck disable=SC2086
	findings_about "$TMP/lazy.json" $mods >"$TMP/lazy.findings"
	# shellcheck disable=SC2086
	findings_about "$TMP/full.json" $mods >"$TMP/full.findings"
	diff "$TMP/full.findings" "$TMP/lazy.findings" >&2 || fail "$set: findings differ from a full read of the tree"
	n=$(wc -l <"$TMP/lazy.findings")
	[ "$n" -gt 0 ] || fail "$set: no findings at all (the comparison proves nothing)"
	exporters=$(grep -o 'modlink: [0-9]* modules of the tree left to Module.symvers; read the licenses of [0-9]* exporters' "$TMP/lazy.log")
	echo "$set: $(echo $mods | wc -w) modules, $n findings identical to a full read (${exporters#modlink: })"
done

# Installed trees change after the kernel package: a module copied over the
# shipped one, a same-named module in extra/, a proprietary exporter. A
# scratch copy of trixie's tree (symlinks to the files, so they keep the
# package's time) gets each change; lazy and full reads must still agree,
# and the change must show.
use_set trixie-amd64
tree=$TMP/root/lib/modules/$REL
fat_rel=kernel/fs/fat/fat.ko
mkdir -p "$tree"
# Copy the tree's contents (MODULES itself may be a symlink): every change
# below replaces a symlink in the copy, never a file in the cache.
cp -as "$(readlink -f "$MODULES")/." "$tree/"
[ ! -L "$tree" ] && [ -L "$tree/$fat_rel.xz" ] || fail "the scratch tree is not a copy of symlinks"
rm "$tree/build"
ln -s "$HEADERS" "$tree/build"
vfat=$(find -L "$MODULES" -name 'vfat.ko*' -type f)
msdos=$(find -L "$MODULES" -name 'msdos.ko*' -type f)
bookworm_fat=$(find -L "$CACHE/bookworm-amd64/root/lib/modules" -name fat.ko -type f | head -1)
# The module fat.ko with its license word "GPL" turned into "BSD": not
# GPL-compatible to the loader, same length, same exports.
proprietary_fat() {
	xz -dc "$MODULES/$fat_rel.xz" >"$1"
	grep -c 'license=GPL' -a "$1" >/dev/null || fail "no license=GPL in fat.ko"
	sed -i 's/license=GPL\x00/license=BSD\x00/' "$1"
}
lazy_vs_full() { # lazy_vs_full LABEL KIND MIN: same findings; at least MIN of KIND
	local label=$1 kind=$2 min=$3
	"$MODLINK" check --format json --kernel "$tree" "$vfat" "$msdos" >"$TMP/lazy.json" || true
	"$MODLINK" check --format json --kernel "$tree" "$tree" "$vfat" "$msdos" >"$TMP/full.json" || true
	findings_about "$TMP/lazy.json" "$vfat" "$msdos" >"$TMP/lazy.findings"
	findings_about "$TMP/full.json" "$vfat" "$msdos" >"$TMP/full.findings"
	diff "$TMP/full.findings" "$TMP/lazy.findings" >&2 || fail "$label: lazy and full reads differ"
	local n
	n=$(grep -c "\"kind\":\"$kind\"" "$TMP/lazy.findings" || true)
	[ "$n" -ge "$min" ] || fail "$label: $n $kind findings, expected at least $min"
	echo "$label: $(wc -l <"$TMP/lazy.findings") findings identical to a full read ($n $kind)"
}
# 1. bookworm's fat.ko copied over trixie's: every CRC of fat moved.
rm "$tree/$fat_rel.xz"
cp "$bookworm_fat" "$tree/$fat_rel"
lazy_vs_full "fat.ko replaced in place" crc-mismatch 10
# 2. A proprietary fat.ko in place (newer than the dump).
rm "$tree/$fat_rel"
proprietary_fat "$tree/$fat_rel"
lazy_vs_full "proprietary fat.ko in place" gpl-from-proprietary 1
# 3. The same, with the package's time: its exports come from the dump,
#    its license must still be read.
touch -r "$SYMVERS" "$tree/$fat_rel"
lazy_vs_full "proprietary fat.ko, package time" gpl-from-proprietary 1
# 4. Shipped fat.ko back, a proprietary one of the same name in extra/.
rm "$tree/$fat_rel"
ln -s "$MODULES/$fat_rel.xz" "$tree/$fat_rel.xz"
mkdir -p "$tree/extra"
proprietary_fat "$tree/extra/fat.ko"
lazy_vs_full "same-named fat.ko in extra/" crc-mismatch 0
