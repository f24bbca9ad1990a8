#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modlink leaks on whole kernels: every module of Debian's 6.1 amd64 (two
# ABIs), 6.1 rt-amd64, 6.12 (trixie) and 7.2 (sid) -dbg packages (the
# BASE-dbgtree sets of scripts/fetch-kernels, 5-7 GB unpacked each).
#  - Every module read, none without DWARF; 6.1 gives the same bytes at
#    -j 1 and -j 2.
#  - Oracle each kernel's own headers and Module.symvers (read here):
#      6.1: rcu_read_lock() -> __rcu_read_lock (PREEMPT_RCU),
#           sched_smt_active() -> sched_smt_present (static key),
#           kernel_fpu_begin() -> kernel_fpu_begin_mask; put_page() used
#           and not a leak (its devmap exports are plain);
#      6.12 -> 7.2: vm_flags_set/clear/mod() -> __vma_start_write in the
#           headline (6.12 exports no __vma_start_write);
#      6.1 -> 6.1 rt: kmap_atomic() -> migrate_disable new, the header
#           path include/linux/highmem-internal.h although the rt DWARF
#           says debian/build/source_rt/include/...; the rt .config has
#           PREEMPT_RT, the amd64 one not.
#  - 20 entries of each index re-derived by explain on their evidence.
#  - The diff of two 6.1 ABIs (6.1.0-47 -> 6.1.0-57): every line explained
#    by the two kernels' headers, Module.symvers and debug modules.
#  - Printed for the record: times, the headline's length (entries and
#    causes) and its top 20 causes and entries of 6.12 -> 7.2.
source "$REPO/tests/integration/lib.sh"
command -v jq >/dev/null || fail "jq is needed"
sets=(bookworm-amd64 bookworm-amd64-oldabi bookworm-rt-amd64 trixie-amd64 sid-amd64)
"$REPO/scripts/fetch-kernels" "${sets[@]/%/-dbgtree}" >&2 || fail "scripts/fetch-kernels of the -dbg trees failed"

declare -A index
for s in "${sets[@]}"; do
	use_set "$s-dbgtree"
	n=$(find "$DEBUG/lib/modules/$REL" -name '*.ko' | wc -l)
	start=$(date +%s%N)
	"$MODLINK" leaks --kernel "$HEADERS" --debug-dir "$DEBUG" --format json -o "$TMP/$s.json" || fail "$s: leaks failed"
	ms=$((($(date +%s%N) - start) / 1000000))
	[ "$(jq .modules_read "$TMP/$s.json")" = "$n" ] || fail "$s: read $(jq .modules_read "$TMP/$s.json") of $n modules"
	[ "$(jq .modules_without_dwarf "$TMP/$s.json")" = 0 ] || fail "$s: modules without DWARF"
	echo "$REL: $n modules in $ms ms, $(jq '.leaks | length' "$TMP/$s.json") entries, $(jq '.functions | length' "$TMP/$s.json") header functions used"
	index[$s]=$TMP/$s.json
	leaks_spot_check "$TMP/$s.json" "$DEBUG/lib/modules/$REL" 20
done

use_set bookworm-amd64-dbgtree
"$MODLINK" leaks --kernel "$HEADERS" --debug-dir "$DEBUG" --format json -j 1 -o "$TMP/j1.json"
cmp "$TMP/j1.json" "${index[bookworm-amd64]}" || fail "6.1: -j 1 and -j 2 differ"
echo "6.1: the same bytes at -j 1 and -j 2"

# 6.1's cases against its headers.
common=$(dirname "$HEADERS")/linux-headers-${REL%-amd64}-common
for c in "rcu_read_lock __rcu_read_lock include/linux/rcupdate.h" \
	"sched_smt_active sched_smt_present include/linux/sched/smt.h" \
	"kernel_fpu_begin kernel_fpu_begin_mask arch/x86/include/asm/fpu/api.h"; do
	set -- $c
	e=$(jq -c --arg f "$1" --arg s "$2" '.leaks[] | select(.function == $f and .symbol == $s)' "${index[bookworm-amd64]}")
	[ -n "$e" ] || fail "6.1: $1 -> $2 is not in the index"
	[ "$(jq -r .file <<<"$e")" = "$3" ] && [ "$(jq -r .line <<<"$e")" = "$(header_def_line "$common/$3" "$1")" ] ||
		fail "6.1: $1 at $(jq -r '"\(.file):\(.line)"' <<<"$e"), the header: $3:$(header_def_line "$common/$3" "$1")"
	header_body "$common/$3" "$1" | grep -qw "$2" || fail "6.1: $1's body does not name $2"
	grep -qE "^0x[0-9a-f]+	$2	vmlinux	EXPORT_SYMBOL_GPL" "$SYMVERS" || fail "6.1: $2 is not GPL-only"
	echo "6.1: $1() -> $2 in $(jq -r .modules <<<"$e") modules"
done
grep -q '^CONFIG_PREEMPT_RCU=y' "$HEADERS/.config" || fail "6.1 is not PREEMPT_RCU"
[ "$(jq '[.leaks[] | select(.function == "put_page")] | length' "${index[bookworm-amd64]}")" = 0 ] || fail "6.1: put_page leaks"
used=$(jq '[.functions[] | select(.function == "put_page")][0].modules' "${index[bookworm-amd64]}")
[ "$used" -gt 0 ] || fail "6.1: put_page is not used"
echo "6.1: put_page() used by $used modules, not a leak"
# The exporter uses its own header inlines too: in 6.1.0-47 only
# nf_conntrack.ko, which exports nf_ct_unlink_expect_report, holds
# nf_ct_unlink_expect(); its use is a leak entry, not "used clean" (else
# 6.1.0-57's nf_conntrack_sip.ko, its first importer, made a false headline).
use_set bookworm-amd64-oldabi-dbgtree
grep -qE "^0x[0-9a-f]+	nf_ct_unlink_expect_report	net/netfilter/nf_conntrack	EXPORT_SYMBOL_GPL" "$SYMVERS" ||
	fail "6.1.0-47: nf_conntrack does not export nf_ct_unlink_expect_report GPL-only"
[ "$(jq -r '.leaks[] | select(.function == "nf_ct_unlink_expect" and .symbol == "nf_ct_unlink_expect_report") | .evidence' "${index[bookworm-amd64-oldabi]}")" = \
	kernel/net/netfilter/nf_conntrack.ko ] || fail "6.1.0-47: nf_ct_unlink_expect() -> nf_ct_unlink_expect_report is not shown by its exporter"
echo "6.1.0-47: nf_ct_unlink_expect() -> nf_ct_unlink_expect_report shown by its exporter, nf_conntrack.ko"
use_set bookworm-amd64-dbgtree
# iowarrior.ko's release function, inlined into kref_put(), calls
# usb_put_intf: the module's own code, not kref_put()'s.
[ "$(jq '[.leaks[] | select(.function == "kref_put" and .symbol == "usb_put_intf")] | length' "${index[bookworm-amd64]}")" = 0 ] ||
	fail "6.1: kref_put -> usb_put_intf (through the module's own release function) is in the index"

# 6.12 -> 7.2.
rc=0
"$MODLINK" leaks --diff "${index[trixie-amd64]}" "${index[sid-amd64]}" --format json -o "$TMP/d72.json" || rc=$?
[ "$rc" = 4 ] || fail "6.12 -> 7.2: exit $rc"
use_set sid-amd64-dbgtree
grep -qE "^0x[0-9a-f]+	__vma_start_write	vmlinux	EXPORT_SYMBOL_GPL" "$SYMVERS" || fail "7.2: __vma_start_write is not GPL-only"
use_set trixie-amd64-dbgtree
! grep -qE "	__vma_start_write	" "$SYMVERS" || fail "6.12 exports __vma_start_write"
for fn in vm_flags_set vm_flags_clear vm_flags_mod; do
	jq -e --arg f "$fn" '[.broken[] | select(.function == $f and .symbol == "__vma_start_write")] | length == 1' "$TMP/d72.json" >/dev/null ||
		fail "6.12 -> 7.2: $fn -> __vma_start_write is not in the headline"
done
echo "6.12 -> 7.2: vm_flags_set/clear/mod() -> __vma_start_write in the headline of $(jq '.broken | length' "$TMP/d72.json") entries, $(jq '.causes | length' "$TMP/d72.json") causes; $(jq '.added | length' "$TMP/d72.json") added, $(jq '.removed | length' "$TMP/d72.json") removed, $(jq '.incidental | length' "$TMP/d72.json") incidental"
jq -e '[.causes[] | select(.function == "vma_start_write" and .symbol == "__vma_start_write")] | length == 1' "$TMP/d72.json" >/dev/null ||
	fail "6.12 -> 7.2: vma_start_write() -> __vma_start_write is not a cause"
echo "6.12 -> 7.2, the headline's causes (the function that references the symbol):"
jq -r '.causes[] | "  \(.function)() -> \(.symbol): \(.functions | length) function(s), up to \(.modules) module(s)"' "$TMP/d72.json"
echo "6.12 -> 7.2, the top 20 entries of the headline:"
jq -r '.broken[:20][] | "  \(.modules) \(.function)() \(.file):\(.line) -> \(.symbol) (\(.reference))"' "$TMP/d72.json"

# 6.1 -> 6.1 rt.
rc=0
"$MODLINK" leaks --diff "${index[bookworm-amd64]}" "${index[bookworm-rt-amd64]}" --format json -o "$TMP/drt.json" || rc=$?
[ "$rc" = 4 ] || fail "6.1 -> rt: exit $rc"
e=$(jq -c '(.broken + .added)[] | select(.function == "kmap_atomic" and .symbol == "migrate_disable")' "$TMP/drt.json")
[ -n "$e" ] || fail "6.1 -> rt: kmap_atomic -> migrate_disable is not new"
[ "$(jq -r .file <<<"$e")" = include/linux/highmem-internal.h ] || fail "rt: kmap_atomic in $(jq -r .file <<<"$e")"
use_set bookworm-rt-amd64-dbgtree
grep -q '^CONFIG_PREEMPT_RT=y' "$HEADERS/.config" || fail "the rt kernel is not PREEMPT_RT"
use_set bookworm-amd64-dbgtree
! grep -q '^CONFIG_PREEMPT_RT=y' "$HEADERS/.config" || fail "6.1 amd64 is PREEMPT_RT"
echo "6.1 -> rt: kmap_atomic() -> migrate_disable new ($(jq -r .modules <<<"$e") modules); headline $(jq '.broken | length' "$TMP/drt.json")"

# Two stable ABIs of 6.1: every line of the diff explained by the two
# kernels' own headers, Module.symvers and debug modules (read here, not by
# modlink), each line by the first reason that holds:
#  argument  in fewer than half the function's users, and neither the
#            function's body nor its declaration line names the symbol (an
#            argument computed inside the inline: guard(mutex)(&lock));
#  export    the symbol is GPL-only in the kernel that has the leak and
#            not in the other;
#  new       (added) the function is not in the old headers;
#  header    some link of the chain names the next in one header tree's
#            body and not in the other's;
#  usage     (added) no module of the old kernel names the function in its
#            DWARF; the evidence module does now.
old_abi=bookworm-amd64-oldabi new_abi=bookworm-amd64
rc=0
"$MODLINK" leaks --diff "${index[$old_abi]}" "${index[$new_abi]}" --format json -o "$TMP/dabi.json" || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 4 ] || fail "6.1 ABIs: leaks --diff exit $rc"
use_set "$old_abi-dbgtree"
old_common=$(dirname "$HEADERS")/linux-headers-${REL%-amd64}-common old_symvers=$SYMVERS old_debug=$DEBUG
use_set "$new_abi-dbgtree"
new_common=$(dirname "$HEADERS")/linux-headers-${REL%-amd64}-common new_symvers=$SYMVERS new_debug=$DEBUG new_rel=$REL
def_file() { grep -rlE "^static .*[ *]$2\(" "$1/include" "$1/arch/x86/include" 2>/dev/null | head -n 1; }
body_of() {
	local f
	f=$(def_file "$1" "$2")
	[ -n "$f" ] && header_body "$f" "$2"
}
gpl_export() { grep -qE "^0x[0-9a-f]+	$2	[^	]+	EXPORT_SYMBOL_GPL" "$1"; }
explain_abi_line() {
	local e=$1 change f s file line decl a b asv bsv i
	local -a chain
	change=$(jq -r .change <<<"$e") f=$(jq -r .function <<<"$e") s=$(jq -r .symbol <<<"$e")
	file=$(jq -r .file <<<"$e") line=$(jq -r .line <<<"$e")
	mapfile -t chain < <(jq -r '.chain[]' <<<"$e")
	# a: the kernel without the leak, b: the one with it.
	if [ "$change" = removed ]; then
		a=$new_common b=$old_common asv=$new_symvers bsv=$old_symvers
	else
		a=$old_common b=$new_common asv=$old_symvers bsv=$new_symvers
	fi
	decl=$(sed -n "${line}p" "$b/$file")
	if [ "$(jq -r '.modules * 2 < .users' <<<"$e")" = true ] && ! { body_of "$b" "$f"; echo "$decl"; } | grep -qw "$s"; then
		echo "argument: in $(jq -r '"\(.modules) of \(.users)"' <<<"$e") users; neither $f()'s body nor its line names $s"
		return
	fi
	if gpl_export "$bsv" "$s" && ! gpl_export "$asv" "$s"; then
		echo "export: $s is GPL-only in the kernel with the leak only"
		return
	fi
	if [ "$change" != removed ] && [ -z "$(def_file "$a" "$f")" ] && ! grep -qF -- "$decl" "$a/$file" 2>/dev/null; then
		echo "new: $f() is not in the old headers ($file:$line '$decl')"
		return
	fi
	for ((i = 0; i + 1 < ${#chain[@]}; i++)); do
		if body_of "$b" "${chain[i]}" | grep -qw "${chain[i + 1]}" && ! body_of "$a" "${chain[i]}" | grep -qw "${chain[i + 1]}"; then
			echo "header: ${chain[i]}() names ${chain[i + 1]} in one kernel's header only"
			return
		fi
	done
	# The names are in the modules' plain .debug_str: the evidence module's
	# must show it, else the grep proves nothing (compressed sections).
	if [ "$change" != removed ] && grep -qaw -F -- "$f" "$new_debug/lib/modules/$new_rel/$(jq -r .evidence <<<"$e")" &&
		! grep -rqaw --include='*.ko' -F -- "$f" "$old_debug"; then
		echo "usage: no module of the old kernel names $f(); $(jq -r .evidence <<<"$e") does"
		return
	fi
	return 1
}
echo "6.1, $(jq -r .old.release "$TMP/dabi.json") -> $(jq -r .new.release "$TMP/dabi.json"): $(jq '.broken | length' "$TMP/dabi.json") broken, $(jq '.added | length' "$TMP/dabi.json") added, $(jq '.removed | length' "$TMP/dabi.json") removed, $(jq '.incidental | length' "$TMP/dabi.json") incidental; each line:"
lines=0
while read -r e; do
	why=$(explain_abi_line "$e") || fail "6.1 ABIs: not explained: $e"
	echo "  $(jq -r '"\(.change) \(.function)() -> \(.symbol)"' <<<"$e"): $why"
	lines=$((lines + 1))
done < <(jq -c '(.broken[] | {change: "broken"} + .), (.added[] | {change: "added"} + .), (.removed[] | {change: "removed"} + .), .incidental[]' "$TMP/dabi.json")
[ "$lines" -gt 0 ] || fail "6.1 ABIs: an empty diff (the two indexes were expected to differ by the backports above)"
echo "6.1 ABIs: all $lines lines explained"
