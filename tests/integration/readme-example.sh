#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README runs as written: its main-job command shows the findings
# upstream modpost reported for the same module (see
# kbuild-modules-vs-modpost.sh), and every ```sh block of its "Commands"
# section runs, in order, in one shell started in a copy of the clone's
# layout (build/, scripts/ and testdata/ linked), each command with the exit status
# its "# exit N" comment gives (0 without one).
source "$(dirname "$0")/lib.sh"
"$REPO/scripts/example" >"$TMP/out" 2>&1 || { cat "$TMP/out" >&2; fail "scripts/example failed"; }
for sym in __rcu_read_lock __rcu_read_unlock sched_smt_present; do
	grep -q "^ERROR: modlink: GPL-incompatible module gpl_inline.ko uses GPL-only symbol '$sym'\$" "$TMP/out" ||
		{ cat "$TMP/out" >&2; fail "no finding for $sym"; }
done
grep -q '^(exit status 1: ' "$TMP/out" || fail "exit status not 1"
echo "scripts/example shows the three GPL-only findings"

# The README's commands, one per logical line (backslash continuations
# joined), with the exit status each expects.
awk '
	/^```sh$/ { on = 1; next }
	/^```$/ { on = 0; next }
	on {
		line = line $0
		if (line ~ /\\$/) { sub(/\\$/, "", line); next }
		print line
		line = ""
	}' "$REPO/README.md" >"$TMP/commands"
n=$(wc -l <"$TMP/commands")
[ "$n" -ge 15 ] || fail "only $n commands found in the README's sh blocks"
mkdir -p "$TMP/clone"
ln -s "$REPO/build" "$TMP/clone/build"
ln -s "$REPO/testdata" "$TMP/clone/testdata"
ln -s "$REPO/scripts" "$TMP/clone/scripts"
{
	echo 'set -u'
	echo "cd '$TMP/clone'"
	i=0
	while IFS= read -r cmd; do
		i=$((i + 1))
		want=0
		[[ $cmd =~ \#\ exit\ ([0-9]+) ]] && want=${BASH_REMATCH[1]}
		printf 'rc=0; { %s\n} >%q 2>&1 || rc=$?\n' "$cmd" "$TMP/out.$i"
		printf '[ "$rc" = %s ] || { echo "README command %s exited $rc, expected %s: %s"; cat %q; exit 1; }\n' \
			"$want" "$i" "$want" "${cmd//\"/\\\"}" "$TMP/out.$i"
	done <"$TMP/commands"
} >"$TMP/run.sh"
bash "$TMP/run.sh" || fail "a README command failed"
# What the examples say they show, from their own output.
grep -c "uses GPL-only symbol" "$TMP/out.5" | grep -qx 3 || fail "README check example: not three GPL-only symbols"
# (grep reads the files itself: grep -q ending a pipe early would kill cat
# with SIGPIPE, which pipefail turns into a failure.)
grep -qh '^sched_smt_active() include/linux/sched/smt.h:10 -> sched_smt_present (static-key): ' "$TMP"/out.* ||
	fail "README leaks example: no sched_smt_active entry"
grep -qh '^  vm_flags_set() include/linux/mm.h:[0-9]* -> __vma_start_write (call): ' "$TMP"/out.* ||
	fail "README leaks --diff example: vm_flags_set is not in the headline"
echo "the README's $n commands ran as written, each with its documented exit status"
