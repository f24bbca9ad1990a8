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
	for m in $mods; do echo "{\"module\": \"$m\","; done >"$TMP/wanted"
	grep -F -f "$TMP/wanted" "$TMP/lazy.json" | sed 's/,$//' | sort >"$TMP/lazy.findings"
	grep -F -f "$TMP/wanted" "$TMP/full.json" | sed 's/,$//' | sort >"$TMP/full.findings"
	diff "$TMP/full.findings" "$TMP/lazy.findings" >&2 || fail "$set: findings differ from a full read of the tree"
	n=$(wc -l <"$TMP/lazy.findings")
	[ "$n" -gt 0 ] || fail "$set: no findings at all (the comparison proves nothing)"
	exporters=$(grep -o 'modlink: [0-9]* modules of the tree left to Module.symvers; read the licenses of [0-9]* exporters' "$TMP/lazy.log")
	echo "$set: $(echo $mods | wc -w) modules, $n findings identical to a full read (${exporters#modlink: })"
done
