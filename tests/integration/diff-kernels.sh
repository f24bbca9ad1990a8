#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modlink diff against an independent reading of the same dumps: awk joins
# two Module.symvers files on the symbol and lists what was removed, added,
# and changed (CRC, EXPORT_SYMBOL vs _GPL, namespace, exporting module).
# Real pairs: 6.1.0-47 -> 6.1.0-56 (CRCs), 6.1.0-56 -> 6.12 (every kind),
# 6.12 -> 7.2 (no modversions in 7.2: CRCs not compared). A module tree
# against its own headers has no difference (exit 0).
source "$(dirname "$0")/lib.sh"
dump_of() { use_set "$1" && echo "$SYMVERS"; }
# expected OLD NEW COMPARE_CRCS: "symbol<TAB>change" lines, sorted.
expected() {
	awk -F'\t' -v crcs="$3" '
		function owner(m) { n = split(m, p, "/"); o = p[n]; gsub("-", "_", o); return o }
		NR == FNR { crc[$2] = $1; own[$2] = owner($3); typ[$2] = $4; ns[$2] = $5; next }
		{
			seen[$2] = 1
			if (!($2 in crc)) { print $2 "\tadded"; next }
			if (crcs && tolower(crc[$2]) != tolower($1)) print $2 "\tcrc"
			if (typ[$2] != $4) print $2 "\tlicense"
			if (ns[$2] != $5) print $2 "\tnamespace"
			if (own[$2] != owner($3)) print $2 "\towner"
		}
		END { for (s in crc) if (!(s in seen)) print s "\tremoved" }' "$1" "$2" | LC_ALL=C sort
}
compare() { # compare OLD_SET NEW_SET COMPARE_CRCS
	local old new rc=0
	old=$(dump_of "$1") new=$(dump_of "$2")
	"$MODLINK" diff --format json "$old" "$new" >"$TMP/diff.json" || rc=$?
	[ "$rc" = 4 ] || fail "$1 -> $2: exit status $rc, expected 4"
	jq -r '.changes[] | [.symbol, .change] | @tsv' "$TMP/diff.json" | LC_ALL=C sort >"$TMP/modlink.tsv"
	expected "$old" "$new" "$3" >"$TMP/expected.tsv"
	diff "$TMP/expected.tsv" "$TMP/modlink.tsv" >&2 || fail "$1 -> $2: changes differ from the dumps' own"
	[ "$(jq .crcs_compared "$TMP/diff.json")" = "$([ "$3" = 1 ] && echo true || echo false)" ] || fail "$1 -> $2: crcs_compared"
	echo "$1 -> $2: $(jq -c .counts "$TMP/diff.json"), as the dumps say"
}
compare bookworm-amd64-oldabi bookworm-amd64 1
compare bookworm-amd64 trixie-amd64 1
compare trixie-amd64 sid-amd64 0
use_set trixie-amd64
rc=0
"$MODLINK" diff "$MODULES" "$HEADERS" >"$TMP/same.txt" || rc=$?
[ "$rc" = 0 ] || fail "trixie module tree vs its headers: exit $rc"
grep -q ': 0 removed, 0 added, 0 CRCs changed, 0 GPL-only changes, 0 namespace changes, 0 moved$' "$TMP/same.txt" ||
	fail "trixie module tree vs its headers: $(tail -1 "$TMP/same.txt")"
echo "trixie module tree vs its headers: no difference (exit 0)"
# The advice follows the new kernel: 7.x's MODULE_IMPORT_NS takes a string
# (its include/linux/module.h), and a module: namespace cannot be imported.
use_set sid-amd64
grep -q '#define MODULE_IMPORT_NS(ns)[[:space:]]*MODULE_INFO(import_ns, ns)$' "$HEADERS/../linux-headers-"*-common/include/linux/module.h ||
	fail "sid's module.h no longer defines MODULE_IMPORT_NS as this test assumes"
sid_headers=$HEADERS
use_set trixie-amd64
"$MODLINK" diff "$HEADERS" "$sid_headers" >"$TMP/diff.txt" || true
grep -q ': users need MODULE_IMPORT_NS("[A-Z_0-9]*")$' "$TMP/diff.txt" || fail "no quoted MODULE_IMPORT_NS advice for 7.2"
! grep -q 'MODULE_IMPORT_NS("\?module:' "$TMP/diff.txt" || fail "advises importing a module: namespace"
grep -q ' -> module:[^ ]* ([^)]*): only the modules [^ ]* may use it$' "$TMP/diff.txt" || fail "no advice for module: namespaces"
echo "6.12 -> 7.2 text: quoted MODULE_IMPORT_NS advice, module: namespaces named as such"
# Before 6.13 the advice is the bare form (6.12's module.h stringifies it).
grep -q '#define MODULE_IMPORT_NS(ns)[[:space:]]*MODULE_INFO(import_ns, __stringify(ns))$' "$HEADERS/../linux-headers-"*-common/include/linux/module.h ||
	fail "trixie's module.h no longer defines MODULE_IMPORT_NS as this test assumes"
"$MODLINK" diff "$(dump_of bookworm-amd64)" "$(dump_of trixie-amd64)" >"$TMP/diff-612.txt" || true
grep -q ': users need MODULE_IMPORT_NS([A-Z_0-9]*)$' "$TMP/diff-612.txt" || fail "no bare MODULE_IMPORT_NS advice for 6.12"
! grep -q 'MODULE_IMPORT_NS("' "$TMP/diff-612.txt" || fail "quoted MODULE_IMPORT_NS advice for 6.12"
echo "6.1 -> 6.12 text: bare MODULE_IMPORT_NS advice"

# Text for people: between two stable ABIs the CRC changes are one counting
# line (the awk join above is the oracle for the count), every other change
# is a line of its own, and --crc lists the CRCs symbol by symbol.
old=$(dump_of bookworm-amd64-oldabi) new=$(dump_of bookworm-amd64)
expected "$old" "$new" 1 >"$TMP/expected.tsv"
crcs=$(grep -c $'\tcrc$' "$TMP/expected.tsv")
others=$(grep -vc $'\tcrc$' "$TMP/expected.tsv")
[ "$crcs" -gt 1000 ] || fail "only $crcs CRC changes between two stable ABIs: the test lost its point"
"$MODLINK" diff "$old" "$new" >"$TMP/people.txt" || true
! grep -q '^~ [^ ]*: CRC ' "$TMP/people.txt" || fail "the default text lists CRC changes one by one"
grep -qx "~ $crcs CRCs changed: modules built against the old kernel that use them fail to load (--crc lists them)" "$TMP/people.txt" ||
	fail "no line counting the $crcs CRC changes"
[ "$(grep -c '^[-+~] ' "$TMP/people.txt")" = $((others + 1)) ] || fail "expected $others changes and the CRC line"
"$MODLINK" diff --crc "$old" "$new" >"$TMP/crc.txt" || true
[ "$(grep -c '^~ [^ ]*: CRC 0x' "$TMP/crc.txt")" = "$crcs" ] || fail "--crc does not list every CRC change"
echo "6.1 stable ABIs, text: $others changes listed, $crcs CRC changes in one line (all $crcs with --crc)"
