#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The vermagic modlink composes from a headers tree (.config + utsrelease.h)
# must be the one the kernel's real modules carry: checking a real module
# against the headers alone must not report a vermagic mismatch, and a
# module whose vermagic words differ must be reported.
source "$(dirname "$0")/lib.sh"
sets=(bookworm-amd64 trixie-amd64 sid-amd64 bookworm-arm64 bookworm-s390x)
# 32-bit x86 (its CPU family word, "686 ") when the optional set is fetched.
[ -f "$CACHE/bookworm-i386/env" ] && sets+=(bookworm-i386)
for set in "${sets[@]}"; do
	use_set "$set"
	ko=$(find -L "$MODULES" -name 'fat.ko*' -type f | head -1)
	[ -n "$ko" ] || fail "$set: no fat module"
	rc=0
	"$MODLINK" check -v --kernel "$HEADERS" "$ko" >"$TMP/out" 2>"$TMP/log" || rc=$?
	[ "$rc" = 0 ] || { cat "$TMP/out" >&2; fail "$set: $ko against its headers: exit $rc"; }
	# Composed, not merely unknown (an unknown vermagic is not checked).
	grep -q "vermagic '$REL " "$TMP/log" || fail "$set: no vermagic composed from the headers"
	echo "$set: fat module matches the headers' vermagic"
	# A kernel path with a trailing slash ("/lib/modules/REL/", as shells
	# complete it) names the same kernel: same release, same verdict.
	for kernel in "$HEADERS/" "$MODULES/"; do
		rc=0
		"$MODLINK" check --format json --kernel "$kernel" "$ko" >"$TMP/out" || rc=$?
		[ "$rc" = 0 ] || { cat "$TMP/out" >&2; fail "$set: $ko against $kernel: exit $rc"; }
		grep -q "\"release\": \"$REL\"" "$TMP/out" || fail "$set: $kernel: release is not $REL"
	done
	# "--kernel ." from inside the module tree names it too.
	(cd "$MODULES" && "$MODLINK" check --format json --kernel . "$ko") >"$TMP/out" || fail "$set: --kernel . : exit $?"
	grep -q "\"release\": \"$REL\"" "$TMP/out" || fail "$set: --kernel . : release is not $REL"
done
# The rt flavour's headers describe another vermagic ("preempt_rt"): the
# generic amd64 module must be refused by it.
use_set bookworm-amd64
ko=$(find -L "$MODULES" -name 'fat.ko*' -type f | head -1)
use_set bookworm-rt-amd64
rc=0
"$MODLINK" check --kernel "$HEADERS" "$ko" >"$TMP/out" || rc=$?
grep -q "version magic '.* SMP preempt mod_unload modversions ' should be '.* SMP preempt_rt mod_unload modversions '" "$TMP/out" ||
	{ cat "$TMP/out" >&2; fail "rt headers: no vermagic mismatch for the generic module"; }
[ "$rc" = 1 ] || fail "rt headers: exit $rc"
echo "rt headers refuse the generic module's vermagic"
