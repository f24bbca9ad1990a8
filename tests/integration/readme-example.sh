#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's main-job command runs and shows the findings upstream modpost
# reported for the same module (see kbuild-modules-vs-modpost.sh).
source "$(dirname "$0")/lib.sh"
"$REPO/scripts/example" >"$TMP/out" 2>&1 || { cat "$TMP/out" >&2; fail "scripts/example failed"; }
for sym in __rcu_read_lock __rcu_read_unlock sched_smt_present; do
	grep -q "^ERROR: modlink: GPL-incompatible module gpl_inline.ko uses GPL-only symbol '$sym'\$" "$TMP/out" ||
		{ cat "$TMP/out" >&2; fail "no finding for $sym"; }
done
grep -q '^(exit status 1: ' "$TMP/out" || fail "exit status not 1"
echo "scripts/example shows the three GPL-only findings"
