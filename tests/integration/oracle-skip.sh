#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# When the archive no longer has an era's kernel, that era's oracle tests
# are skipped, never passed: scripts/fetch-kernels, pointed at a suite list
# without the era (FETCH_KERNELS_SUITES=bookworm for sid-amd64's 7.2),
# records the set as absent and goes on (exit 0); an oracle test of that
# era then exits 77 with one "skipped:" line, which scripts/test counts as
# skipped. The real cache's set is not touched.
source "$(dirname "$0")/lib.sh"
use_set sid-amd64
real_env=$(cat "$CACHE/sid-amd64/env")
c=$TMP/cache
mkdir -p "$c"
ln -s "$CACHE/apt" "$c/apt"   # the package lists already fetched
ln -s "$CACHE/debs" "$c/debs"
MODLINK_CACHE=$c FETCH_KERNELS_SUITES=bookworm "$REPO/scripts/fetch-kernels" sid-amd64 2>"$TMP/fetch.err" ||
	{ cat "$TMP/fetch.err" >&2; fail "fetch-kernels failed where the kernel is only absent"; }
grep -q "no package matching .*7\\\\.2.* in bookworm" "$c/sid-amd64/absent" || fail "no absent marker: $(cat "$TMP/fetch.err")"
[ ! -f "$c/sid-amd64/env" ] || fail "an absent set got an env"
rc=0
CACHE=$c MODPOST_ERA_SETS=sid-amd64 bash "$REPO/tests/integration/modpost-srcversion.sh" >"$TMP/out" 2>&1 || rc=$?
[ "$rc" = 77 ] || { cat "$TMP/out" >&2; fail "the 7.2 oracle test exited $rc, not 77 (skipped)"; }
tail -n 1 "$TMP/out" | grep -q '^skipped: .*sid-amd64.*no package matching' || fail "no skip line naming the set: $(tail -n 1 "$TMP/out")"
[ "$(cat "$CACHE/sid-amd64/env")" = "$real_env" ] || fail "the real cache's sid-amd64 set changed"
echo "sid-amd64 against bookworm: recorded absent, fetch-kernels exit 0; modpost-srcversion for 7.2 skipped (exit 77): $(tail -n 1 "$TMP/out")"
