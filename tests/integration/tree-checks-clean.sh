#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every module of each distribution kernel, checked against its own kernel
# (module tree plus the headers' Module.symvers and .config), has nothing to
# report: these modules load on that kernel. This covers all eras
# (6.1, 6.12 .ko.xz, 7.x __kflagstab without modversions) and arm64/s390x.
source "$(dirname "$0")/lib.sh"
for set in bookworm-amd64 trixie-amd64 sid-amd64 bookworm-arm64 bookworm-s390x; do
	use_set "$set"
	rc=0
	"$MODLINK" check --kernel "$MODULES" --format json >"$TMP/out.json" || rc=$?
	[ "$rc" = 0 ] || fail "$set: exit status $rc"
	n=$(find -L "$MODULES" -name '*.ko*' -type f | wc -l)
	[ "$(json_count "$TMP/out.json" modules_checked)" = "$n" ] || fail "$set: checked $(json_count "$TMP/out.json" modules_checked) of $n modules"
	[ "$(json_count "$TMP/out.json" errors)" = 0 ] || fail "$set: errors reported"
	[ "$(json_count "$TMP/out.json" warnings)" = 0 ] || fail "$set: warnings reported"
	grep -q "\"release\": \"$REL\"" "$TMP/out.json" || fail "$set: release is not $REL"
	echo "$set: $n modules, no findings"
done
