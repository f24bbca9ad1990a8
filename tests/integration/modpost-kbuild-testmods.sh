#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: the real 6.1 modpost in a Kbuild build of each test module in
# testdata/kmod (its outputs saved by scripts/build-test-modules). The same
# build with MODPOST=modlink must print the same messages, exit the same
# way and write the same .mod.c and Module.symvers (and nothing where the
# real build wrote nothing).
source "$(dirname "$0")/lib.sh"
export MODLINK_ERA_LOG=$TMP/era.log  # own_era_only, at the end
use_set bookworm-amd64
mods=$CACHE/testmods/bookworm-amd64
[ -d "$mods" ] || fail "test modules not built (scripts/build-test-modules bookworm-amd64)"
make_f=()
[ -f "$mods/headers.mk" ] && make_f=(-f "$mods/headers.mk")
cases=0
for dir in "$REPO"/testdata/kmod/*/; do
	case=$(basename "$dir")
	saved=$mods/$case
	[ -f "$saved/modpost.status" ] || fail "$case: no saved real build in $saved"
	work=$TMP/$case/src
	mkdir -p "$TMP/$case"
	cp -r "$dir" "$work"
	st=0
	make -C "$HEADERS" "${make_f[@]}" M="$work" MODPOST="$MODLINK" modules >"$TMP/$case/log" 2>"$TMP/$case/err" </dev/null || st=$?
	# Our build ran in another directory: name it as the saved build did.
	norm() { sed "s|$work|$saved/src|g" "$1"; }
	[ "$st" = "$(cat "$saved/modpost.status")" ] || fail "$case: make exited $st, with the real modpost $(cat "$saved/modpost.status")"
	if ! diff <(norm "$TMP/$case/err") "$saved/make.stderr" >"$TMP/diff"; then
		cat "$TMP/diff" >&2
		fail "$case: make's messages differ"
	fi
	for f in "$work"/*.mod.c "$work/Module.symvers"; do
		[ -f "$f" ] || continue
		[ -f "$saved/$(basename "$f")" ] || fail "$case: modlink wrote $(basename "$f"), the real build did not"
		diff <(norm "$f") "$saved/$(basename "$f")" >"$TMP/diff" || { cat "$TMP/diff" >&2; fail "$case: $(basename "$f") differs"; }
	done
	for f in "$saved"/*.mod.c "$saved/Module.symvers"; do
		[ -f "$f" ] || continue
		[ -f "$work/$(basename "$f")" ] || fail "$case: the real build wrote $(basename "$f"), modlink did not"
	done
	echo "$case: same messages, exit status $st and outputs as the real modpost"
	cases=$((cases + 1))
done
[ "$cases" -ge 8 ] || fail "only $cases test modules"
own_era_only 6.1
