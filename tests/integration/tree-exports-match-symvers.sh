#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: the kernel's own Module.symvers. For every fetched kernel (6.1
# __ksymtab/__ksymtab_gpl, 6.12 .ko.xz, 7.x __kflagstab without modversions,
# arm64, big-endian s390x), the exports modlink reads from the shipped
# modules must equal the module lines of Module.symvers exactly: CRC, name,
# module path, GPL flag and namespace.
source "$(dirname "$0")/lib.sh"
for set in bookworm-amd64 trixie-amd64 sid-amd64 bookworm-arm64 bookworm-s390x; do
	use_set "$set"
	"$MODLINK" exports "$MODULES" | sort >"$TMP/ours"
	awk -F'\t' '$3 != "vmlinux"' "$SYMVERS" | sort >"$TMP/theirs"
	n=$(wc -l <"$TMP/theirs")
	[ "$n" -gt 5000 ] || fail "$set: only $n module exports in Module.symvers"
	if ! diff -q "$TMP/ours" "$TMP/theirs" >/dev/null; then
		diff "$TMP/ours" "$TMP/theirs" | head -20 >&2
		fail "$set: exports differ from Module.symvers"
	fi
	echo "$set: $n exports identical to Module.symvers"
done
