#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# .ko.zst, .ko.xz and .ko.gz copies of real modules (as distributions ship
# them: signed, then compressed) give the same exports and the same findings
# as the plain files. The compressed formats are told by magic bytes, so a
# misnamed file works too.
source "$(dirname "$0")/lib.sh"
use_set bookworm-amd64-oldabi
old=$SYMVERS
use_set bookworm-amd64
mapfile -t mods < <(find -L "$MODULES/kernel/fs" -name '*.ko' -type f | sort | head -40)
[ "${#mods[@]}" = 40 ] || fail "not enough modules"
mkdir -p "$TMP/plain" "$TMP/zst" "$TMP/xz" "$TMP/gz" "$TMP/misnamed"
for m in "${mods[@]}"; do
	b=$(basename "$m" .ko)
	cp "$m" "$TMP/plain/$b.ko"
	zstd -q -19 "$m" -o "$TMP/zst/$b.ko.zst"
	xz -c --check=crc32 "$m" >"$TMP/xz/$b.ko.xz"
	gzip -c -9 "$m" >"$TMP/gz/$b.ko.gz"
	zstd -q "$m" -o "$TMP/misnamed/$b.ko"
done
# Same exports (module names are the same once the suffix is gone).
"$MODLINK" exports "$TMP/plain" >"$TMP/exports.plain"
[ -s "$TMP/exports.plain" ] || fail "no exports in the plain modules"
for kind in zst xz gz misnamed; do
	"$MODLINK" exports "$TMP/$kind" >"$TMP/exports.$kind"
	cmp -s "$TMP/exports.plain" "$TMP/exports.$kind" || fail "$kind: exports differ"
done
# Same findings against an older ABI (CRC mismatches for every module).
"$MODLINK" check --format json --kernel "$old" "$TMP/plain" >"$TMP/plain.json" || true
findings_tsv "$TMP/plain.json" | sed 's/\.ko\t/\t/' >"$TMP/f.plain"
[ "$(wc -l <"$TMP/f.plain")" -gt 40 ] || fail "too few findings to compare"
for kind in zst xz gz misnamed; do
	"$MODLINK" check --format json --kernel "$old" "$TMP/$kind" >"$TMP/$kind.json" || true
	findings_tsv "$TMP/$kind.json" | sed -E 's/\.ko(\.(zst|xz|gz))?\t/\t/' >"$TMP/f.$kind"
	diff -q "$TMP/f.plain" "$TMP/f.$kind" >/dev/null || { diff "$TMP/f.plain" "$TMP/f.$kind" | head >&2; fail "$kind: findings differ"; }
	echo "$kind: same $(wc -l <"$TMP/exports.$kind") exports and $(wc -l <"$TMP/f.$kind") findings as the plain modules"
done
