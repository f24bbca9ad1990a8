#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modlink explain on our own Kbuild modules (testdata/kmod, built with DWARF
# against the Debian 6.1 amd64 and rt-amd64 headers by
# scripts/build-test-modules): verdicts, chains, files and lines asserted
# exactly; every chain checked against `addr2line -i -f -j SECTION` on the
# same sites; and the rt kernel's extra leaks asserted as a difference.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || fail "jq is needed (apt-get install jq)"
command -v addr2line >/dev/null || fail "addr2line is needed (binutils)"

# explain_text SET CASE: modlink explain's text output for a test module.
explain_text() {
	local set=$1 case=$2 rc=0
	use_set "$set"
	local ko=$CACHE/testmods/$set/$case/$case.ko
	[ -f "$ko" ] || fail "$ko missing (scripts/build-test-modules $set)"
	"$MODLINK" explain "$ko" --kernel "$HEADERS" >"$TMP/$set.$case.txt" || rc=$?
	[ "$rc" = 1 ] || fail "$set/$case: exit status $rc, expected 1"
}

# expect FILE LINE...: every LINE appears in FILE exactly as given.
expect() {
	local f=$1 l
	shift
	for l in "$@"; do
		grep -Fxq -- "$l" "$f" || { cat "$f" >&2; fail "$(basename "$f"): missing line: $l"; }
	done
}

# --- amd64: a header inline reaching GPL-only functions, a static key, a direct call, data
explain_text bookworm-amd64 gpl_inline
expect "$TMP/bookworm-amd64.gpl_inline.txt" \
	"ERROR: modlink: GPL-incompatible module gpl_inline.ko uses GPL-only symbol '__rcu_read_lock'" \
	"  note: pulled in by kernel inline \`rcu_read_lock()\` (include/linux/rcupdate.h:789) used at gpl_inline.c:30" \
	"  note: 1 site in gpl_inline_read_rcu(): .text.unlikely+0x1c (call, R_X86_64_PLT32)" \
	"  note:   rcu_read_lock() at include/linux/rcupdate.h:789" \
	"  note:   inlined into gpl_inline_read_rcu() at gpl_inline.c:30" \
	"  note: pulled in by kernel inline \`rcu_read_unlock()\` (include/linux/rcupdate.h:823) used at gpl_inline.c:32" \
	"ERROR: modlink: GPL-incompatible module gpl_inline.ko uses GPL-only symbol 'sched_smt_present'" \
	"  note: static key used by \`sched_smt_active()\` (include/linux/sched/smt.h:12) at gpl_inline.c:43" \
	"  note: 1 site in gpl_inline_smt(): __jump_table+0x8 -> .text.unlikely+0x5 (static-key, R_X86_64_PC64)" \
	"  note:   arch_static_branch_jump() at arch/x86/include/asm/jump_label.h:55" \
	"  note:   inlined into sched_smt_active() at include/linux/sched/smt.h:12" \
	"  note:   inlined into gpl_inline_smt() at gpl_inline.c:43"
[ "$(grep -c '^ERROR' "$TMP/bookworm-amd64.gpl_inline.txt")" = 3 ] || fail "gpl_inline (amd64): expected 3 findings"

explain_text bookworm-amd64 gpl_direct
expect "$TMP/bookworm-amd64.gpl_direct.txt" \
	"ERROR: modlink: GPL-incompatible module gpl_direct.ko uses GPL-only symbol 'ktime_get'" \
	"  note: called directly at gpl_direct.c:14" \
	"  note: 1 site in gpl_direct_init(): .init.text+0x6 (call, R_X86_64_PLT32)" \
	"  note:   gpl_direct_init() at gpl_direct.c:14"

explain_text bookworm-amd64 gpl_data
expect "$TMP/bookworm-amd64.gpl_data.txt" \
	"ERROR: modlink: GPL-incompatible module gpl_data.ko uses GPL-only symbol 'kernel_kobj'" \
	"  note: referenced directly at gpl_data.c:13" \
	"  note: 1 site in gpl_data_init(): .init.text+0x8 (reference, R_X86_64_PC32)"

# --- rt-amd64: the same source leaks migrate_disable/migrate_enable through kmap_atomic()
explain_text bookworm-rt-amd64 gpl_inline
expect "$TMP/bookworm-rt-amd64.gpl_inline.txt" \
	"  note: pulled in by kernel inline \`kmap_atomic()\` (include/linux/highmem-internal.h:210) used at gpl_inline.c:57" \
	"  note: pulled in by kernel inline \`__kunmap_atomic()\` (include/linux/highmem-internal.h:234) used at gpl_inline.c:60"
leaks() { sed -n "s/^ERROR: modlink: GPL-incompatible module .* uses GPL-only symbol '\(.*\)'$/\1/p" "$1" | sort; }
leaks "$TMP/bookworm-amd64.gpl_inline.txt" >"$TMP/amd64.leaks"
leaks "$TMP/bookworm-rt-amd64.gpl_inline.txt" >"$TMP/rt.leaks"
comm -13 "$TMP/amd64.leaks" "$TMP/rt.leaks" >"$TMP/rt-only"
comm -23 "$TMP/amd64.leaks" "$TMP/rt.leaks" >"$TMP/amd64-only"
printf '%s\n' migrate_disable migrate_enable | diff - "$TMP/rt-only" >/dev/null ||
	fail "rt-only leaks: $(paste -sd' ' "$TMP/rt-only"), expected migrate_disable migrate_enable"
[ ! -s "$TMP/amd64-only" ] || fail "leaks only on amd64: $(paste -sd' ' "$TMP/amd64-only")"
echo "rt-amd64 leaks what amd64 does plus: $(paste -sd' ' "$TMP/rt-only")"

# --- every chain against addr2line -i -f -j SECTION on the same code sites.
# shellcheck source=../../scripts/test-full
source "$REPO/scripts/test-full"
sites=0
for set in bookworm-amd64 bookworm-rt-amd64; do
	for case in gpl_inline gpl_direct gpl_data ns_missing undefined; do
		ko=$CACHE/testmods/$set/$case/$case.ko
		[ -f "$ko" ] || continue
		# shellcheck disable=SC2046
		"$MODLINK" explain "$ko" $(imports "$ko") --prefix-map /=/ --format json >"$TMP/x.json"
		n=$(compare_with_addr2line "$TMP/x.json" "$ko" "$TMP/cmp") || fail "$set/$case: chains differ from addr2line's"
		sites=$((sites + n))
	done
done
[ "$sites" -ge 30 ] || fail "only $sites sites cross-checked"
echo "explain: verdicts as expected; $sites code sites match addr2line -i -f -j SECTION"
