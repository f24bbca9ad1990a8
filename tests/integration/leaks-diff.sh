#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modlink leaks --diff, 6.12 -> 7.2: the 2025 NVIDIA break. Debian's real
# trixie 6.12 and sid 7.2 -dbg copies of eleven modules whose mmap handlers
# use the vm_flags_*() helpers (the trixie-amd64-dbg and sid-amd64-dbg
# sets). Each kernel's index, then the diff.
#  - Oracle each kernel's own headers and Module.symvers, read here: in 7.2,
#    vm_flags_set(), vm_flags_clear() and vm_flags_mod() are defined in
#    include/linux/mm.h at the index's lines and call vma_start_write(),
#    whose body in include/linux/mmap_lock.h names __vma_start_write,
#    EXPORT_SYMBOL_GPL; in 6.12 the same functions exist and 6.12 exports no
#    __vma_start_write at all. So the four are the headline ("broken"):
#    used clean in 6.12 (in the 6.12 index's functions, no entry), leaking
#    in 7.2. Exit 4 for a diff with a headline.
#  - The headline grouped by cause: vma_start_write() -> __vma_start_write
#    for the three helpers. Its entries each in at least half the modules
#    using the function. The same bytes from --kernel/--debug-dir pairs.
#  - audit --leaks on 6.12's uio.ko, rebuilt for 6.12 and 7.2: the new
#    leak vm_flags_set() -> __vma_start_write on 7.2.
#  - Each diff entry is the new index's entry; JSON validates against
#    doc/schema/leaks.schema.json; a file that is not an index is one line,
#    exit 2.
#  - In-tree 7.x modules link scripts/module-common.c, named relative to
#    the build directory: explain used to call every header "the module's
#    own" there ("called directly at include/linux/mmap_lock.h:303").
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || fail "jq is needed (apt-get install jq)"

index_of() { # SET OUT
	use_set "$1"
	"$MODLINK" leaks --kernel "$HEADERS" --debug-dir "$DEBUG" --format json -o "$2"
	[ "$(jq .modules_read "$2")" = "$(echo "$DBG_MODULES" | wc -w)" ] || fail "$1: read $(jq .modules_read "$2") modules"
}
index_of trixie-amd64-dbg "$TMP/612.json"
use_set trixie-amd64-dbg
old_common=$(dirname "$HEADERS")/linux-headers-${REL%-amd64}-common
old_symvers=$SYMVERS
index_of sid-amd64-dbg "$TMP/72.json"
use_set sid-amd64-dbg
new_common=$(dirname "$HEADERS")/linux-headers-${REL%-amd64}-common
new_symvers=$SYMVERS
new_rel=$REL
[ -d "$old_common/include/linux" ] && [ -d "$new_common/include/linux" ] || fail "no -common headers"

rc=0
"$MODLINK" leaks --diff "$TMP/612.json" "$TMP/72.json" --format json -o "$TMP/diff.json" || rc=$?
[ "$rc" = 4 ] || fail "leaks --diff: exit $rc, expected 4 (something broke)"
rc=0
"$MODLINK" leaks --diff "$TMP/612.json" "$TMP/72.json" >"$TMP/diff.txt" || rc=$?
[ "$rc" = 4 ] || fail "leaks --diff (text): exit $rc"
schema_valid 7 "$REPO/doc/schema/leaks.schema.json" "$TMP/612.json" "$TMP/72.json" "$TMP/diff.json" >/dev/null ||
	fail "an index or the diff does not match doc/schema/leaks.schema.json"

grep -qE "^0x[0-9a-f]+	__vma_start_write	vmlinux	EXPORT_SYMBOL_GPL" "$new_symvers" || fail "7.2 does not export __vma_start_write GPL-only"
! grep -qE "	__vma_start_write	" "$old_symvers" || fail "6.12 exports __vma_start_write: the case lost its point"
header_body "$new_common/include/linux/mmap_lock.h" vma_start_write | grep -qw __vma_start_write ||
	fail "7.2's vma_start_write() does not call __vma_start_write"

for fn in vm_flags_set vm_flags_clear vm_flags_mod; do
	e=$(jq -c --arg f "$fn" '.broken[] | select(.function == $f and .symbol == "__vma_start_write")' "$TMP/diff.json")
	[ -n "$e" ] || fail "$fn -> __vma_start_write is not in the headline: $(jq -c '[.broken[] | [.function, .symbol]]' "$TMP/diff.json")"
	[ "$(jq -r .file <<<"$e")" = include/linux/mm.h ] || fail "$fn: file $(jq -r .file <<<"$e")"
	line=$(header_def_line "$new_common/include/linux/mm.h" "$fn")
	[ "$(jq -r .line <<<"$e")" = "$line" ] || fail "$fn: line $(jq -r .line <<<"$e"), 7.2's mm.h defines it at $line"
	header_body "$new_common/include/linux/mm.h" "$fn" | grep -qw vma_start_write || fail "7.2's $fn does not call vma_start_write"
	[ "$(jq -c '.chain[1:]' <<<"$e" | jq -r '.[-1]')" = __vma_start_write ] || fail "$fn: chain $(jq -c .chain <<<"$e")"
	# Used clean in 6.12: the 6.12 headers define it too, its modules use
	# it, and the 6.12 index has no entry for it.
	[ -n "$(header_def_line "$old_common/include/linux/mm.h" "$fn")" ] || fail "6.12's mm.h has no $fn"
	[ "$(jq --arg f "$fn" '[.functions[] | select(.function == $f)] | length' "$TMP/612.json")" = 1 ] ||
		fail "$fn is not among the 6.12 index's functions"
	[ "$(jq --arg f "$fn" '[.leaks[] | select(.function == $f)] | length' "$TMP/612.json")" = 0 ] ||
		fail "$fn leaks in 6.12 already"
	# The diff's entry is the 7.2 index's.
	[ "$(jq -c --arg f "$fn" '.leaks[] | select(.function == $f and .symbol == "__vma_start_write")' "$TMP/72.json")" = "$e" ] ||
		fail "$fn: the diff's entry is not the 7.2 index's"
	grep -q "^  $fn() include/linux/mm.h:$line -> __vma_start_write (call): " "$TMP/diff.txt" || fail "$fn not in the text headline"
	echo "$fn() include/linux/mm.h:$line -> __vma_start_write: clean in 6.12, leaking in $new_rel ($(jq -r '.chain | join(" -> ")' <<<"$e"); $(jq -r .modules <<<"$e") of 11 modules)"
done
echo "headline: $(jq '.broken | length' "$TMP/diff.json") entries; added $(jq '.added | length' "$TMP/diff.json"), removed $(jq '.removed | length' "$TMP/diff.json")"
grep -qx "Broken, each function and symbol: $(jq '.broken | length' "$TMP/diff.json")" "$TMP/diff.txt" || fail "text and JSON headlines differ in length"
# The headline's cause: the function whose body names the symbol, with
# the three helpers (and itself) as its broken functions.
jq -e '[.causes[] | select(.function == "vma_start_write" and .symbol == "__vma_start_write")
	| .functions as $f | ["vm_flags_set", "vm_flags_clear", "vm_flags_mod"] | all(. as $n | $f | index([$n]) != null)] == [true]' "$TMP/diff.json" >/dev/null ||
	fail "vma_start_write() -> __vma_start_write is not the helpers' cause: $(jq -c .causes "$TMP/diff.json")"
grep -qE "^  vma_start_write\(\) -> __vma_start_write: [0-9]+ functions, up to [0-9]+ modules: " "$TMP/diff.txt" ||
	fail "the text headline has no vma_start_write() cause"
# Each broken entry is shown by at least half the modules whose code holds
# its function (the index's functions say how many).
jq -e '[.broken[] | .modules * 2 >= .users] | all' "$TMP/diff.json" >/dev/null || fail "a headline entry in fewer than half its users"
for fn in vm_flags_set vm_flags_clear vm_flags_mod; do
	[ "$(jq --arg f "$fn" '.broken[] | select(.function == $f) | .users' "$TMP/diff.json")" = \
		"$(jq --arg f "$fn" '[.functions[] | select(.function == $f) | .modules] | add' "$TMP/72.json")" ] ||
		fail "$fn: the entry's users are not the 7.2 index's count of its modules"
done

# The same diff from the kernels themselves (--kernel/--debug-dir pairs,
# either order within a pair) and from a file and a pair: the same bytes.
use_set trixie-amd64-dbg
old_pair=(--kernel "$HEADERS" --debug-dir "$DEBUG")
use_set sid-amd64-dbg
"$MODLINK" leaks --diff "${old_pair[@]}" --debug-dir "$DEBUG" --kernel "$HEADERS" --format json -o "$TMP/pairs.json" || true
cmp -s "$TMP/pairs.json" "$TMP/diff.json" || fail "leaks --diff of two --kernel/--debug-dir pairs differs from the diff of their indexes"
"$MODLINK" leaks --diff "$TMP/612.json" --kernel "$HEADERS" --debug-dir "$DEBUG" --format json -o "$TMP/mixed.json" || true
cmp -s "$TMP/mixed.json" "$TMP/diff.json" || fail "leaks --diff of an index and a pair differs from the diff of the indexes"
rc=0
"$MODLINK" leaks --diff "$TMP/612.json" --kernel "$HEADERS" 2>"$TMP/err" || rc=$?
[ "$rc" = 2 ] && grep -q -- "--kernel $HEADERS has no --debug-dir" "$TMP/err" || fail "a --kernel without --debug-dir: exit $rc, $(cat "$TMP/err")"
echo "--diff of --kernel/--debug-dir pairs: the same bytes as of their saved indexes"

# The same index both ways: nothing broke, exit 0, all sections empty.
"$MODLINK" leaks --diff "$TMP/72.json" "$TMP/72.json" --format json >"$TMP/same.json" || fail "a diff of one index with itself: exit $?"
[ "$(jq '[.broken, .causes, .added, .removed, .incidental] | map(length) | add' "$TMP/same.json")" = 0 ] || fail "an index differs from itself"

# explain on a 7.2 in-tree module names the inline, not the header as own.
"$MODLINK" explain --kernel "$HEADERS" "$DEBUG/lib/modules/$REL/kernel/drivers/uio/uio.ko" __vma_start_write >"$TMP/uio.txt" || true
grep -q "pulled in by kernel inline \`vm_flags_set()\` (include/linux/mm.h:[0-9]*) used at drivers/uio/uio.c:[0-9]*" "$TMP/uio.txt" ||
	fail "explain on 7.2's uio.ko: $(sed -n 2p "$TMP/uio.txt")"
echo "explain uio.ko (7.2): $(sed -n 2p "$TMP/uio.txt" | sed 's/^ *note: //')"

# explain with both indexes (either order): since
# which kernel the finding's inline leaks, as the diff's headline says.
want="leak index: \`vm_flags_set()\` pulls in __vma_start_write since $new_rel (used without it in $(jq -r .kernel.release "$TMP/612.json"))"
for order in "$TMP/612.json $TMP/72.json" "$TMP/72.json $TMP/612.json"; do
	set -- $order
	"$MODLINK" explain --kernel "$HEADERS" --leaks "$1" --leaks "$2" "$DEBUG/lib/modules/$REL/kernel/drivers/uio/uio.ko" __vma_start_write >"$TMP/uio-leaks.txt" || true
	[ "$(sed -n 3p "$TMP/uio-leaks.txt")" = "  note: $want" ] || fail "explain --leaks ($order): $(sed -n 3p "$TMP/uio-leaks.txt")"
done
"$MODLINK" explain --kernel "$HEADERS" --leaks "$TMP/612.json" --leaks "$TMP/72.json" --format json \
	"$DEBUG/lib/modules/$REL/kernel/drivers/uio/uio.ko" __vma_start_write >"$TMP/uio-leaks.json" || true
[ "$(jq -r '.modules[0].symbols[0].leak_history' "$TMP/uio-leaks.json")" = "$want" ] || fail "explain --leaks JSON: $(jq -c '.modules[0].symbols[0]' "$TMP/uio-leaks.json" | head -c 300)"
schema_valid 7 "$REPO/doc/schema/modlink.schema.json" "$TMP/uio-leaks.json" >/dev/null || fail "explain --leaks JSON does not match doc/schema/modlink.schema.json"
echo "explain --leaks: $want"

# audit --leaks: 6.12's uio.ko (built against 6.12, calls vm_flags_set())
# audited as rebuilt for 6.12 and 7.2 with both indexes: the header
# functions it holds that leak, new on 7.2: vm_flags_set() ->
# __vma_start_write, as the diff's headline says; on 6.12 none of them.
use_set trixie-amd64-dbg
old_headers=$HEADERS
uio612=$DEBUG/lib/modules/$REL/kernel/drivers/uio/uio.ko
use_set sid-amd64-dbg
"$MODLINK" audit --rebuilt "$uio612" --kernel "$old_headers" --kernel "$HEADERS" --leaks "$TMP/612.json" --leaks "$TMP/72.json" >"$TMP/audit.txt" || true
line=$(header_def_line "$new_common/include/linux/mm.h" vm_flags_set)
grep -qx "  $new_rel: vm_flags_set() include/linux/mm.h:$line -> __vma_start_write (new)" "$TMP/audit.txt" ||
	fail "audit --leaks: no new vm_flags_set() leak on 7.2: $(sed -n '/== Header/,$p' "$TMP/audit.txt")"
"$MODLINK" audit --rebuilt "$uio612" --kernel "$old_headers" --kernel "$HEADERS" --leaks "$TMP/612.json" --leaks "$TMP/72.json" --format json >"$TMP/audit.json" || true
schema_valid 7 "$REPO/doc/schema/modlink.schema.json" "$TMP/audit.json" >/dev/null || fail "audit --leaks JSON does not match the schema"
[ "$(jq -c --arg r "$new_rel" '[.modules[0].inline_leaks[] | select(.function == "vm_flags_set") | [.kernel == $r, .symbol, .new]]' "$TMP/audit.json")" = \
	'[[true,"__vma_start_write",true]]' ] || fail "audit --leaks JSON: $(jq -c .modules[0].inline_leaks "$TMP/audit.json" | head -c 400)"
echo "audit --leaks: $(grep -F 'vm_flags_set()' "$TMP/audit.txt" | sed 's/^ *//')"
# An index of a kernel the audit does not have: one line naming it, exit 2.
rc=0
"$MODLINK" audit "$uio612" --kernel "$HEADERS" --leaks "$TMP/612.json" >/dev/null 2>"$TMP/err" || rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$TMP/err")" = 1 ] && grep -q "612.json: a leak index of 6.12.*, which no --kernel of the audit is" "$TMP/err" ||
	fail "audit --leaks with another kernel's index: exit $rc, $(cat "$TMP/err")"

# Not an index: one line, exit 2.
rc=0
"$MODLINK" leaks --diff "$TMP/612.json" "$REPO/doc/schema/leaks.schema.json" >"$TMP/err.out" 2>"$TMP/err" || rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$TMP/err")" = 1 ] && grep -q "leaks.schema.json: not a modlink leak index" "$TMP/err" ||
	fail "a schema given as an index: exit $rc, $(cat "$TMP/err")"
echo "not an index: $(cat "$TMP/err")"
