#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The drop-in's MODLINK_EXPLAIN=1: the same lines as upstream modpost 6.1
# (the oracle: the real build's modpost.stderr) with indented note: lines
# after each error saying which header inline pulled the symbol in; without
# it, not one byte more.
source "$(dirname "$0")/lib.sh"
export MODLINK_ERA_LOG=$TMP/era.log  # own_era_only, at the end
use_set bookworm-amd64
case_dir=$CACHE/testmods/bookworm-amd64/gpl_inline
[ -f "$case_dir/src/gpl_inline.o" ] || fail "gpl_inline not built (scripts/build-test-modules bookworm-amd64)"
cp -r "$case_dir/src" "$TMP/src"
run() { # the exact modpost command Kbuild 6.1 runs for M= (see modpost.args)
	(cd "$HEADERS" && echo "$TMP/src/gpl_inline.o" |
		"$MODLINK" modpost -m -o "$TMP/src/Module.symvers" -e -i Module.symvers -T - 2>"$1") || echo $? >"$1.status"
}
run "$TMP/plain"
MODLINK_EXPLAIN=1 run "$TMP/explained"
[ "$(cat "$TMP/plain.status")" = 1 ] && [ "$(cat "$TMP/explained.status")" = 1 ] || fail "exit status is not modpost's 1"
cmp -s "$TMP/plain" "$case_dir/modpost.stderr" || { diff "$case_dir/modpost.stderr" "$TMP/plain" >&2; fail "default output differs from upstream's"; }
grep -v '^  note: ' "$TMP/explained" >"$TMP/stripped"
cmp -s "$TMP/stripped" "$case_dir/modpost.stderr" || fail "MODLINK_EXPLAIN changed modpost's own lines"
# Each error is followed by its verdict.
expect_after() { # error symbol, verdict text
	awk -v s="'$1'" -v v="$2" 'index($0, "uses GPL-only symbol " s) {want = 1; next}
		want && /^  note: / && index($0, v) {found = 1}
		!/^  note: / {want = 0}
		END {exit !found}' "$TMP/explained" || { cat "$TMP/explained" >&2; fail "no note '$2' after $1"; }
}
expect_after __rcu_read_lock 'pulled in by kernel inline `rcu_read_lock()` (include/linux/rcupdate.h:789) used at gpl_inline.c:30'
expect_after __rcu_read_unlock 'pulled in by kernel inline `rcu_read_unlock()` (include/linux/rcupdate.h:823) used at gpl_inline.c:32'
expect_after sched_smt_present 'static key used by `sched_smt_active()` (include/linux/sched/smt.h:12) at gpl_inline.c:43'
echo "MODLINK_EXPLAIN=1: upstream's $(wc -l <"$TMP/stripped") lines, each explained; default output byte-identical"
own_era_only 6.1
