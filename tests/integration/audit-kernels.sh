#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modlink audit: our eight Kbuild test modules (built against 6.1.0-56)
# against five kernels at once: 6.1.0-56, its oldest ABI 6.1.0-47, the rt
# flavour, trixie's 6.12 and sid's 7.2.
#  - Oracle depmod -e -E, per kernel (each kernel's Module.symvers, the
#    test modules as the only modules of a scratch tree): the audit's
#    unresolved and CRC findings for that kernel are exactly depmod's
#    (module, symbol) pairs. sid is left out here: its dump has no CRCs,
#    which depmod still compares and the loader does not. depmod knows no
#    licenses: a GPL-only symbol of a proprietary module is, to the loader,
#    not found at all (so its CRC is never compared); those pairs (from
#    modinfo, nm -u and the dump) are taken out of depmod's list.
#  - Every kernel's findings equal `modlink check` against that kernel, so
#    a column of the table says what check says.
#  - The table has a row per module and a column per kernel, in order.
source "$(dirname "$0")/lib.sh"
mods=$(find "$CACHE/testmods/bookworm-amd64" -mindepth 2 -maxdepth 2 -name '*.ko' | sort)
want=$(find "$REPO/testdata/kmod" -mindepth 1 -maxdepth 1 -type d | wc -l)
[ "$(echo "$mods" | wc -l)" = "$want" ] || fail "expected $want test modules (scripts/build-test-modules bookworm-amd64)"
kernels=() releases=() dumps=()
for set in bookworm-amd64 bookworm-amd64-oldabi bookworm-rt-amd64 trixie-amd64 sid-amd64; do
	use_set "$set"
	kernels+=(--kernel "$SYMVERS")
	releases+=("$REL")
	dumps+=("$SYMVERS")
done
rc=0
# shellcheck disable=SC2086
"$MODLINK" audit "${kernels[@]}" --format json $mods >"$TMP/audit.json" || rc=$?
[ "$rc" = 1 ] || fail "audit: exit status $rc, expected 1 (the test modules have errors)"

# The findings of kernel I (0-based) as "path<TAB>symbol<TAB>kind".
kernel_findings() { # kernel_findings I [REPORT]
	jq -r --argjson i "$1" '.kernels[$i].findings[] | [.module, .symbol, .kind] | @tsv' "${2:-$TMP/audit.json}"
}

mkdir -p "$TMP/root/lib/modules/6.1.0-audit/extra"
for m in $mods; do cp "$m" "$TMP/root/lib/modules/6.1.0-audit/extra/"; done
for i in 0 1 2 3; do
	depmod -b "$TMP/root" -e -E "${dumps[$i]}" -n 6.1.0-audit 2>"$TMP/depmod.err" >/dev/null || true
	# The loader's rule, from the module's first license (modinfo), its
	# undefined symbols (nm -u) and the dump's EXPORT_SYMBOL_GPL lines.
	awk -F'\t' '$4 == "EXPORT_SYMBOL_GPL" { print $2 }' "${dumps[$i]}" | sort >"$TMP/gpl-exports"
	: >"$TMP/gpl-only"
	for m in $mods; do
		case "$(modinfo -F license "$m" | head -1)" in
		"GPL" | "GPL v2" | "GPL and additional rights" | "Dual BSD/GPL" | "Dual MIT/GPL" | "Dual MPL/GPL") continue ;;
		esac
		nm -u "$m" | awk '{ print $2 }' | sort | comm -12 - "$TMP/gpl-exports" | sed "s|^|$(basename "$m")\t|" >>"$TMP/gpl-only"
	done
	depmod_tsv "$TMP/depmod.err" | awk -F'\t' 'NR == FNR { gpl[$0] = 1; next }
		{ n = split($1, p, "/"); if (!((p[n] "\t" $2) in gpl)) print p[n] "\t" $2 "\t" $3 }' "$TMP/gpl-only" - | sort >"$TMP/depmod.tsv"
	kernel_findings "$i" | sed 's/\tmodule-layout-mismatch$/\tcrc-mismatch/' | grep -P '\t(unresolved-symbol|crc-mismatch)$' |
		awk -F'\t' '{ n = split($1, p, "/"); print p[n] "\t" $2 "\t" $3 }' | sort >"$TMP/audit.tsv"
	n=$(wc -l <"$TMP/depmod.tsv")
	[ "$n" -gt 0 ] || fail "${releases[$i]}: depmod reported nothing; the test lost its point"
	diff "$TMP/depmod.tsv" "$TMP/audit.tsv" >&2 || fail "${releases[$i]}: audit and depmod disagree"
	echo "${releases[$i]}: the same $n (module, symbol) pairs as depmod"
	grep -P '\tunresolved-symbol$' "$TMP/depmod.tsv" >"$TMP/depmod-unresolved-$i.tsv" || true
done
# --rebuilt: no vermagic or CRC findings, and the same unresolved symbols.
# shellcheck disable=SC2086
"$MODLINK" audit --rebuilt "${kernels[@]}" --format json $mods >"$TMP/rebuilt.json" || true
for i in 0 1 2 3; do
	kernel_findings "$i" "$TMP/rebuilt.json" | grep -qP '\t(crc-mismatch|module-layout-mismatch|vermagic-mismatch|missing-symbol-version)$' &&
		fail "--rebuilt: version findings on ${releases[$i]}"
	kernel_findings "$i" "$TMP/rebuilt.json" | grep -P '\tunresolved-symbol$' | awk -F'\t' '{ n = split($1, p, "/"); print p[n] "\t" $2 "\t" $3 }' |
		sort >"$TMP/rebuilt.tsv" || true
	diff "$TMP/depmod-unresolved-$i.tsv" "$TMP/rebuilt.tsv" >&2 || fail "--rebuilt: ${releases[$i]}: unresolved symbols differ from depmod's"
done
echo "--rebuilt: no version findings; unresolved symbols as depmod says on each kernel"

for i in 0 1 2 3 4; do
	# shellcheck disable=SC2086
	"$MODLINK" check --format json --kernel "${dumps[$i]}" $mods >"$TMP/check.json" || true
	jq -r '.findings[] | [.module, .symbol, .kind, .message] | @tsv' "$TMP/check.json" >"$TMP/check.tsv"
	jq -r --argjson i "$i" '.kernels[$i].findings[] | [.module, .symbol, .kind, .message] | @tsv' "$TMP/audit.json" >"$TMP/audit.tsv"
	diff "$TMP/check.tsv" "$TMP/audit.tsv" >&2 || fail "${releases[$i]}: audit differs from check"
done
echo "every kernel's findings equal modlink check's"

# The table, against the headers trees (so each column has its release).
trees=()
for set in bookworm-amd64 bookworm-amd64-oldabi bookworm-rt-amd64 trixie-amd64 sid-amd64; do
	use_set "$set"
	trees+=(--kernel "$HEADERS")
done
# shellcheck disable=SC2086
"$MODLINK" audit "${trees[@]}" --color never $mods >"$TMP/audit.txt" || true
header=$(head -1 "$TMP/audit.txt" | tr -s ' ')
[ "$header" = "module ${releases[*]}" ] || fail "table header: '$header'"
for m in $mods; do
	name=$(basename "$m" .ko)
	grep -q "^$name " "$TMP/audit.txt" || fail "no row for $name"
done
# The clean module loads on the kernel it was built for and nowhere else
# (vermagic and CRCs differ on each of the others).
row=$(grep '^clean ' "$TMP/audit.txt" | tr -s ' ')
case "$row" in "clean ok "*) ;; *) fail "clean row: '$row'" ;; esac
[ "$(grep -o ' ok' <<<"$row" | wc -l)" = 1 ] || fail "clean row: '$row'"
tail -1 "$TMP/audit.txt" | grep -q "^0 of $want modules load on all 5 kernels$" || fail "summary: $(tail -1 "$TMP/audit.txt")"
echo "table: $want rows x 5 kernels; clean loads only on ${releases[0]}"
# A release given twice, and two modules of one name (the amd64 and rt
# builds of clean.ko), stay apart: "#N" on the columns, paths on the rows.
use_set bookworm-amd64
rt_clean=$CACHE/testmods/bookworm-rt-amd64/clean/clean.ko
[ -f "$rt_clean" ] || fail "no $rt_clean (scripts/build-test-modules bookworm-rt-amd64)"
{
	clean=$CACHE/testmods/bookworm-amd64/clean/clean.ko
	"$MODLINK" audit --kernel "$HEADERS" --kernel "$MODULES" --color never "$clean" "$rt_clean" >"$TMP/audit.txt" || true
	[ "$(head -1 "$TMP/audit.txt" | tr -s ' ')" = "module $REL #1 $REL #2" ] || fail "same release twice: $(head -1 "$TMP/audit.txt")"
	grep -q "^$clean  *ok  *ok$" "$TMP/audit.txt" || fail "no row for $clean"
	grep -q "^$rt_clean  *[0-9]* errors  *[0-9]* errors$" "$TMP/audit.txt" || fail "no row for $rt_clean"
	grep -qx -- "-- $rt_clean" "$TMP/audit.txt" || fail "findings not headed by the module's path"
	echo "same release twice and two modules named clean: told apart"
}
# A kernel known only by its dump is a numbered column, spelled out below.
# shellcheck disable=SC2086
"$MODLINK" audit --kernel "${dumps[1]}" --color never $mods >"$TMP/audit.txt" || true
[ "$(head -1 "$TMP/audit.txt" | tr -s ' ')" = "module #1" ] || fail "dump-only header: $(head -1 "$TMP/audit.txt")"
grep -qxF "#1: ${dumps[1]}" "$TMP/audit.txt" || fail "no legend for #1"
