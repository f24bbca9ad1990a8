#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modlink leaks: the leak index of Debian's real 6.1 amd64 kernel, from the
# unstripped modules of linux-image-REL-dbg that hold the cases (the
# bookworm-amd64-dbg set; the whole kernel is scripts/test-full's).
#  - Oracle the kernel's own header sources and Module.symvers, read here
#    and not by modlink: each case's function is defined in that header at
#    the line the index gives, its body names the symbol, and the symbol is
#    EXPORT_SYMBOL_GPL:
#      kernel_fpu_begin() -> kernel_fpu_begin_mask (crc32-pclmul)
#      sched_smt_active() -> sched_smt_present, a static key (kvm-intel)
#      rcu_read_lock() -> __rcu_read_lock, a PREEMPT_RCU kernel (crc-t10dif)
#  - Negative, the 2018 fix: put_page() is not in the index, though
#    block2mtd inlines it (explain shows put_page on the chain to
#    __put_devmap_managed_page_refs), whose devmap exports are plain.
#  - 20 entries (fixed seed) re-derived by `explain` on their evidence module.
#  - JSON validates against doc/schema/leaks.schema.json; -j 1 and -j 2 and
#    the ASan build give the same bytes; -o writes the same as stdout.
#  - Errors: one line, exit 2, no output file.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || fail "jq is needed (apt-get install jq)"
use_set bookworm-amd64-dbg
for m in kernel/arch/x86/crypto/crc32-pclmul.ko kernel/arch/x86/kvm/kvm-intel.ko kernel/lib/crc-t10dif.ko kernel/drivers/mtd/devices/block2mtd.ko; do
	[ -f "$DEBUG/lib/modules/$REL/$m" ] || fail "$m is not in the dbg set (scripts/fetch-kernels bookworm-amd64-dbg)"
done
common=$(dirname "$HEADERS")/linux-headers-${REL%-amd64}-common
[ -d "$common/include/linux" ] || fail "no -common headers at $common"

"$MODLINK" leaks --kernel "$HEADERS" --debug-dir "$DEBUG" --format json -o "$TMP/index.json"
"$MODLINK" leaks --kernel "$HEADERS" --debug-dir "$DEBUG" --format json -j 1 >"$TMP/j1.json"
"$MODLINK" leaks --kernel "$HEADERS" --debug-dir "$DEBUG" --format json -j 2 >"$TMP/j2.json"
cmp "$TMP/index.json" "$TMP/j1.json" || fail "-o and stdout differ"
cmp "$TMP/j1.json" "$TMP/j2.json" || fail "-j 1 and -j 2 differ"
if [ -x "${MODLINK_ASAN:-}" ]; then
	UBSAN_OPTIONS=halt_on_error=1 "$MODLINK_ASAN" leaks --kernel "$HEADERS" --debug-dir "$DEBUG" --format json >"$TMP/asan.json" ||
		fail "the ASan build failed"
	cmp "$TMP/j1.json" "$TMP/asan.json" || fail "the ASan build gives other bytes"
fi
schema_valid 7 "$REPO/doc/schema/leaks.schema.json" "$TMP/index.json" >/dev/null || fail "the index does not match doc/schema/leaks.schema.json"
read_n=$(jq '.modules_read' "$TMP/index.json")
n=$(jq '.leaks | length' "$TMP/index.json")
[ "$read_n" = "$(echo "$DBG_MODULES" | wc -w)" ] || fail "read $read_n modules of $(echo "$DBG_MODULES" | wc -w)"
echo "index of $REL from $read_n debug modules: $n entries, the same bytes at -j 1, -j 2 and under ASan; schema valid"

# The cases, against the kernel's sources.
case_holds() { # FUNCTION SYMBOL HEADER REFERENCE
	local fn=$1 sym=$2 hdr=$3 ref=$4 e line src body
	e=$(jq -c --arg f "$fn" --arg s "$sym" '.leaks[] | select(.function == $f and .symbol == $s)' "$TMP/index.json")
	[ -n "$e" ] || fail "$fn -> $sym is not in the index"
	[ "$(jq -r .file <<<"$e")" = "$hdr" ] || fail "$fn: file $(jq -r .file <<<"$e"), expected $hdr"
	[ "$(jq -r .reference <<<"$e")" = "$ref" ] || fail "$fn: reference $(jq -r .reference <<<"$e"), expected $ref"
	[ "$(jq -r '.chain[0]' <<<"$e")" = "$fn" ] && [ "$(jq -r '.chain[-1]' <<<"$e")" = "$sym" ] ||
		fail "$fn: chain $(jq -c .chain <<<"$e")"
	src=$common/$hdr
	[ -f "$src" ] || fail "$hdr is not in the kernel's headers"
	line=$(header_def_line "$src" "$fn")
	[ -n "$line" ] || fail "$fn is not defined in $hdr"
	[ "$(jq -r .line <<<"$e")" = "$line" ] || fail "$fn: line $(jq -r .line <<<"$e"), the header defines it at $line"
	body=$(header_body "$src" "$fn")
	grep -qw -- "$sym" <<<"$body" || fail "$fn's body in $hdr does not name $sym"
	grep -qE "^0x[0-9a-f]+	$sym	vmlinux	EXPORT_SYMBOL_GPL" "$SYMVERS" || fail "$sym is not EXPORT_SYMBOL_GPL in Module.symvers"
	echo "$fn() $hdr:$line -> $sym ($ref): as the header defines it, $sym GPL-only; $(jq -r '"\(.modules) module(s), evidence \(.evidence)"' <<<"$e")"
}
case_holds kernel_fpu_begin kernel_fpu_begin_mask arch/x86/include/asm/fpu/api.h call
case_holds sched_smt_active sched_smt_present include/linux/sched/smt.h static-key
case_holds rcu_read_lock __rcu_read_lock include/linux/rcupdate.h call
grep -q '^CONFIG_PREEMPT_RCU=y' "$HEADERS/.config" || fail "this 6.1 kernel is not PREEMPT_RCU: the rcu case lost its point"

# put_page(): used, and not a leak.
[ "$(jq '[.leaks[] | select(.function == "put_page")] | length' "$TMP/index.json")" = 0 ] ||
	fail "put_page is in the index: $(jq -c '.leaks[] | select(.function == "put_page")' "$TMP/index.json")"
for s in __put_devmap_managed_page_refs devmap_managed_key; do
	grep -qE "^0x[0-9a-f]+	$s	vmlinux	EXPORT_SYMBOL	" "$SYMVERS" || fail "$s is not a plain EXPORT_SYMBOL"
done
"$MODLINK" explain --format json "$DEBUG/lib/modules/$REL/kernel/drivers/mtd/devices/block2mtd.ko" __put_devmap_managed_page_refs >"$TMP/b2m.json" ||
	fail "explain block2mtd: exit $?"
jq -e '[.modules[0].symbols[0].groups[].chain[].function] | index("put_page")' "$TMP/b2m.json" >/dev/null ||
	fail "block2mtd does not reach __put_devmap_managed_page_refs through put_page: the negative case lost its point"
[ "$(jq '[.functions[] | select(.function == "put_page" and .file == "include/linux/mm.h")] | length' "$TMP/index.json")" = 1 ] ||
	fail "put_page is not among the header functions used (seen clean)"
echo "put_page(): inlined by block2mtd, its devmap exports plain: seen clean, not a leak"

# Spot checks: explain on the evidence module shows the entry's chain.
leaks_spot_check "$TMP/index.json" "$DEBUG/lib/modules/$REL" 20

# check --explain --leaks on our Proprietary test module: rcu_read_lock()
# leaks __rcu_read_lock in this kernel, the only one indexed.
ko=$CACHE/testmods/bookworm-amd64/gpl_inline/gpl_inline.ko
[ -f "$ko" ] || fail "$ko missing (scripts/build-test-modules bookworm-amd64)"
rc=0
"$MODLINK" check --explain --leaks "$TMP/index.json" --kernel "$HEADERS" "$ko" >"$TMP/check.txt" || rc=$?
[ "$rc" = 1 ] || fail "check --explain --leaks: exit $rc"
grep -qxF "  note: leak index: \`rcu_read_lock()\` pulls in __rcu_read_lock since $REL, the oldest kernel indexed" "$TMP/check.txt" ||
	fail "check --explain --leaks: $(grep 'leak index' "$TMP/check.txt" || echo 'no leak index note')"
echo "check --explain --leaks: $(grep -m1 'leak index' "$TMP/check.txt" | sed 's/^ *note: //')"

# Text: the same entries, most-used first.
"$MODLINK" leaks --kernel "$HEADERS" --debug-dir "$DEBUG" >"$TMP/index.txt"
used=$(jq '.functions | length' "$TMP/index.json")
head -n 1 "$TMP/index.txt" | grep -q "^Leak index of $REL: $n header function/GPL-only symbol pairs, from $read_n modules with DWARF, which use $used header functions$" ||
	fail "text heading: $(head -n 1 "$TMP/index.txt")"
[ "$(grep -c '^[^ ]' "$TMP/index.txt")" = $((n + 1)) ] || fail "text has another number of entries than JSON"
jq -r '.leaks[].modules' "$TMP/index.json" | sort -n -r -c || fail "entries are not most-used first"

# Errors: one line, exit 2, nothing written.
err_case() { # LABEL EXPECTED ARGS...
	local label=$1 want=$2 rc=0
	shift 2
	"$MODLINK" leaks "$@" >"$TMP/err.out" 2>"$TMP/err" || rc=$?
	[ "$rc" = 2 ] || fail "$label: exit $rc"
	[ "$(wc -l <"$TMP/err")" = 1 ] && grep -qF -- "$want" "$TMP/err" || fail "$label: $(cat "$TMP/err")"
	[ ! -s "$TMP/err.out" ] || fail "$label: printed on stdout"
	echo "$label: $(cat "$TMP/err")"
}
err_case "no --debug-dir" "no --debug-dir" --kernel "$HEADERS"
err_case "a missing debug directory" "$TMP/nowhere" --kernel "$HEADERS" --debug-dir "$TMP/nowhere"
mkdir "$TMP/empty"
err_case "a debug directory without modules" "$TMP/empty" --kernel "$HEADERS" --debug-dir "$TMP/empty"
err_case "an unwritable output" "$TMP/no/dir/index.json: cannot write: no directory" --kernel "$HEADERS" --debug-dir "$DEBUG" -o "$TMP/no/dir/index.json"
[ ! -e "$TMP/no" ] || fail "an output directory was made"
