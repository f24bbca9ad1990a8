#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: upstream modpost 6.1 in a real Kbuild build. Our test modules
# (testdata/kmod, built by scripts/build-test-modules) were built against
# the 6.1 headers with the real modpost; modlink check on the final .ko
# (from the forced build) must name the same symbols with the same kinds.
source "$(dirname "$0")/lib.sh"
use_set bookworm-amd64
mods=$CACHE/testmods/bookworm-amd64
[ -d "$mods" ] || fail "test modules not built (scripts/build-test-modules bookworm-amd64)"
cases=0
for dir in "$REPO"/testdata/kmod/*/; do
	case=$(basename "$dir")
	out=$mods/$case
	ko=$(ls "$out"/*.ko 2>/dev/null | head -1 || true)
	[ -n "$ko" ] && [ -f "$out/modpost.stderr" ] || fail "$case: no build output in $out"
	# modpost's messages as "symbol<TAB>kind".
	sed -n 's/^ERROR: modpost: "\(.*\)" \[.*\] undefined!$/\1\tunresolved-symbol/p
		s/^ERROR: modpost: GPL-incompatible module .* uses GPL-only symbol '"'"'\(.*\)'"'"'$/\1\tgpl-only-symbol/p
		s/^ERROR: modpost: module .* uses symbol \(.*\) from namespace .*, but does not import it\.$/\1\tmissing-namespace-import/p' \
		"$out/modpost.stderr" | sort >"$TMP/expected"
	suppressed=$(sed -n 's/^WARNING: modpost: suppressed \([0-9]*\) unresolved symbol warnings.*/\1/p' "$out/modpost.stderr")
	rc=0
	"$MODLINK" check --kernel "$HEADERS" "$ko" --format json >"$TMP/out.json" || rc=$?
	findings_tsv "$TMP/out.json" | cut -f2,3 | sort >"$TMP/actual"
	if [ -n "$suppressed" ]; then
		# modpost prints 10 and counts the rest: ours must include those 10 and be as many in all.
		comm -23 "$TMP/expected" "$TMP/actual" | grep -q . && fail "$case: modpost's symbols missing from modlink's"
		[ "$(wc -l <"$TMP/actual")" = $(($(wc -l <"$TMP/expected") + suppressed)) ] || fail "$case: count differs"
	elif ! diff -q "$TMP/expected" "$TMP/actual" >/dev/null; then
		diff "$TMP/expected" "$TMP/actual" >&2
		fail "$case: modlink's findings differ from modpost's"
	fi
	status=$(cat "$out/modpost.status")
	# Exit status: modpost's, except where the loader's first-license rule
	# accepts what modpost refuses (then modlink warns and exits 0).
	if grep -q '"severity": "warning"' "$TMP/out.json"; then
		[ "$rc" = 0 ] && [ "$status" != 0 ] || fail "$case: exit $rc (modpost $status)"
	else
		[ $((rc != 0)) = $((status != 0)) ] || fail "$case: exit $rc but modpost's build exited $status"
	fi
	echo "$case: $(wc -l <"$TMP/actual") findings match modpost (exit $rc)"
	cases=$((cases + 1))
done
[ "$cases" -ge 6 ] || fail "only $cases test modules"
