#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Where explain finds DWARF, and what it says without: the same answer from
# the module itself, from compressed debug sections (SHF_COMPRESSED and old
# .zdebug_*), from a compressed .ko.xz, from a separate debug file found by
# build ID or by Debian's /usr/lib/debug/lib/modules/<release>/ layout;
# --prefix-map; the function-level fallback without DWARF; JSON and SARIF.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || fail "jq is needed (apt-get install jq)"
use_set bookworm-amd64
ko=$CACHE/testmods/bookworm-amd64/gpl_inline/gpl_inline.ko
[ -f "$ko" ] || fail "$ko missing (scripts/build-test-modules bookworm-amd64)"
verdict="  note: static key used by \`sched_smt_active()\` (include/linux/sched/smt.h:12) at gpl_inline.c:43"

# answer FILE [ARGS...]: the verdict line for sched_smt_present.
answer() {
	local f=$1
	shift
	"$MODLINK" explain "$f" sched_smt_present "$@" | sed -n 2p
}
check_answer() { # check_answer LABEL FILE [ARGS...]
	local label=$1 got
	shift
	got=$(answer "$@")
	[ "$got" = "$verdict" ] || fail "$label: got '$got'"
	echo "$label: same verdict"
}

check_answer "DWARF in the module" "$ko"
objcopy --compress-debug-sections=zlib-gabi "$ko" "$TMP/gabi.ko"
check_answer "SHF_COMPRESSED debug sections" "$TMP/gabi.ko"
objcopy --compress-debug-sections=zlib-gnu "$ko" "$TMP/gnu.ko"
readelf -S "$TMP/gnu.ko" | grep -q '\.zdebug_info' || fail "objcopy made no .zdebug_info"
check_answer ".zdebug sections" "$TMP/gnu.ko"
xz -c "$ko" >"$TMP/xz.ko.xz"
check_answer ".ko.xz" "$TMP/xz.ko.xz"

# Stripped: one line saying so and the function-level answer.
objcopy --strip-debug "$ko" "$TMP/stripped.ko"
"$MODLINK" explain "$TMP/stripped.ko" sched_smt_present --debug-dir "$TMP/nowhere" >"$TMP/stripped.txt"
grep -q "^  note: stripped.ko has no DWARF debug info .*ccflags-y += -g.*CONFIG_DEBUG_INFO" "$TMP/stripped.txt" ||
	fail "no-DWARF note missing: $(cat "$TMP/stripped.txt")"
grep -Fxq "  note: static key used in \`gpl_inline_smt()\` (.text.unlikely+0x5)" "$TMP/stripped.txt" ||
	fail "function-level answer missing: $(cat "$TMP/stripped.txt")"
echo "stripped: function-level answer and how to get DWARF"
# The note is said once per module, not once per symbol or finding: three
# symbols with explain, three findings (upstream modpost's) with check.
"$MODLINK" explain "$TMP/stripped.ko" sched_smt_present __rcu_read_lock __rcu_read_unlock --debug-dir "$TMP/nowhere" >"$TMP/three.txt"
[ "$(grep -c '^modlink: stripped.ko references ' "$TMP/three.txt")" = 3 ] || fail "expected three symbols: $(cat "$TMP/three.txt")"
[ "$(grep -c 'has no DWARF debug info' "$TMP/three.txt")" = 1 ] || fail "explain: the no-DWARF note is not said once"
"$MODLINK" check --explain --kernel "$HEADERS" "$TMP/stripped.ko" >"$TMP/three-check.txt" || true
[ "$(grep -c "^ERROR: modlink: GPL-incompatible module stripped.ko uses GPL-only symbol" "$TMP/three-check.txt")" = \
	"$(grep -c 'uses GPL-only symbol' "$CACHE/testmods/bookworm-amd64/gpl_inline/modpost.stderr")" ] ||
	fail "check --explain: not upstream's findings"
[ "$(grep -c 'has no DWARF debug info' "$TMP/three-check.txt")" = 1 ] || fail "check --explain: the no-DWARF note is not said once"
echo "stripped: the no-DWARF note once per module (explain, check --explain)"
# A symbol the module does not reference: one line, exit 1.
rc=0
"$MODLINK" explain "$ko" nonexistent_sym >"$TMP/none.txt" || rc=$?
[ "$rc" = 1 ] && [ "$(cat "$TMP/none.txt")" = "modlink: gpl_inline.ko does not reference 'nonexistent_sym'" ] ||
	fail "unreferenced symbol: exit $rc, $(cat "$TMP/none.txt")"
echo "unreferenced symbol: one line, exit 1"

# Separate debug files: by build ID, and in Debian's dbg package layout.
id=$(readelf -n "$ko" | awk '/Build ID/ {print $3}')
[ -n "$id" ] || fail "test module has no build ID"
mkdir -p "$TMP/dbg1/.build-id/${id:0:2}"
objcopy --only-keep-debug "$ko" "$TMP/dbg1/.build-id/${id:0:2}/${id:2}.debug"
check_answer "debug file by build ID" "$TMP/stripped.ko" --debug-dir "$TMP/dbg1"
mkdir -p "$TMP/root/lib/modules/$REL/updates" "$TMP/dbg2/lib/modules/$REL/updates"
cp "$TMP/stripped.ko" "$TMP/root/lib/modules/$REL/updates/gpl_inline.ko"
cp "$ko" "$TMP/dbg2/lib/modules/$REL/updates/gpl_inline.ko"
check_answer "debug file in the Debian layout" "$TMP/root/lib/modules/$REL/updates/gpl_inline.ko" --debug-dir "$TMP/dbg2"
# A debug file of another build (different build ID) is not taken.
# (a GNU build-ID note: namesz 4, descsz 20, type 3, "GNU", 20 bytes of another ID)
printf '\004\000\000\000\024\000\000\000\003\000\000\000GNU\000%s' "$(head -c 20 /dev/zero | tr '\0' 'x')" >"$TMP/note"
objcopy --update-section .note.gnu.build-id="$TMP/note" "$ko" "$TMP/dbg2/lib/modules/$REL/updates/gpl_inline.ko"
[ "$(readelf -n "$TMP/dbg2/lib/modules/$REL/updates/gpl_inline.ko" | awk '/Build ID/ {print $3}')" != "$id" ] ||
	fail "could not give the debug file another build ID"
"$MODLINK" explain "$TMP/root/lib/modules/$REL/updates/gpl_inline.ko" sched_smt_present --debug-dir "$TMP/dbg2" |
	grep -q "has no DWARF debug info" || fail "a debug file with another build ID was used"
echo "debug file with another build ID: ignored"

# --prefix-map
src=$CACHE/testmods/bookworm-amd64/gpl_inline/forced/src
got=$("$MODLINK" explain "$ko" sched_smt_present --prefix-map "$src=drivers/misc/gpl_inline" | grep 'inlined into gpl_inline_smt')
[ "$got" = "  note:   inlined into gpl_inline_smt() at drivers/misc/gpl_inline/gpl_inline.c:43" ] || fail "--prefix-map: $got"
echo "--prefix-map: $got"

# JSON: chain, files and lines.
"$MODLINK" explain "$ko" --kernel "$HEADERS" --format json >"$TMP/x.json" || [ $? = 1 ] || fail "json: exit status"
chain=$(jq -r '.modules[0].symbols[] | select(.symbol == "__rcu_read_lock") | .groups[0].chain[] |
	"\(.function) \(.file):\(.line) inlined=\(.inlined) own=\(.own)"' "$TMP/x.json" | paste -sd'|')
[ "$chain" = "rcu_read_lock include/linux/rcupdate.h:789 inlined=true own=false|gpl_inline_read_rcu gpl_inline.c:30 inlined=false own=true" ] ||
	fail "json chain: $chain"
[ "$(jq '.modules[0].debug_info.dwarf_version' "$TMP/x.json")" = 5 ] || fail "json: dwarf_version"
[ "$(jq -r '.modules[0].symbols[] | select(.symbol == "__rcu_read_lock") | .findings[0].kind' "$TMP/x.json")" = gpl-only-symbol ] ||
	fail "json: finding kind"
echo "json: chain $chain"

# SARIF: the result sits on the module's own line; the chain is related locations.
"$MODLINK" explain "$ko" --kernel "$HEADERS" --format sarif >"$TMP/x.sarif" || [ $? = 1 ] || fail "sarif: exit status"
[ "$(jq -r '.version' "$TMP/x.sarif")" = 2.1.0 ] || fail "sarif version"
loc=$(jq -r '.runs[0].results[] | select(.properties.symbol == "sched_smt_present") |
	.locations[0].physicalLocation | "\(.artifactLocation.uri):\(.region.startLine)"' "$TMP/x.sarif")
[ "$loc" = gpl_inline.c:43 ] || fail "sarif location: $loc"
related=$(jq -r '.runs[0].results[] | select(.properties.symbol == "sched_smt_present") | .relatedLocations[] |
	"\(.physicalLocation.artifactLocation.uri):\(.physicalLocation.region.startLine)"' "$TMP/x.sarif" | paste -sd' ')
[ "$related" = "arch/x86/include/asm/jump_label.h:55 include/linux/sched/smt.h:12 gpl_inline.c:43" ] ||
	fail "sarif related locations: $related"
echo "sarif: $loc, related $related"

# check --explain adds the same notes; output is the same on every run.
"$MODLINK" check "$ko" --kernel "$HEADERS" --explain >"$TMP/c1.txt" || true
"$MODLINK" check "$ko" --kernel "$HEADERS" --explain -j 1 >"$TMP/c2.txt" || true
cmp -s "$TMP/c1.txt" "$TMP/c2.txt" || fail "check --explain differs between runs"
grep -Fxq "$verdict" "$TMP/c1.txt" || fail "check --explain: verdict missing"
"$MODLINK" check "$ko" --kernel "$HEADERS" >"$TMP/c3.txt" || true
cmp -s <(grep -v '^  note:' "$TMP/c1.txt") <(grep -v '^  note:' "$TMP/c3.txt") || fail "check --explain changed the findings"
grep -q "^  note: '__rcu_read_lock' is exported by" "$TMP/c1.txt" || fail "check --explain lost check's own notes"
echo "check --explain: notes added, findings unchanged"

# Malformed input: one error line naming the file, exit 2, under ASan too.
head -c 3000 "$ko" >"$TMP/truncated.ko"
for bin in "$MODLINK" ${MODLINK_ASAN:+"$MODLINK_ASAN"}; do
	[ -x "$bin" ] || continue
	rc=0
	"$bin" explain "$TMP/truncated.ko" foo >"$TMP/out" 2>"$TMP/err" || rc=$?
	[ "$rc" = 2 ] || fail "truncated module: exit $rc ($(cat "$TMP/err"))"
	grep -q "^modlink: error: $TMP/truncated.ko: " "$TMP/err" || fail "truncated module: $(cat "$TMP/err")"
done
echo "truncated module: $(cat "$TMP/err")"
