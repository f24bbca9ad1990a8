#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Same bytes on every run and for any thread count, on a run with many
# findings (the 6.1 tree against the oldest 6.1 ABI: tens of thousands),
# in every output format.
source "$(dirname "$0")/lib.sh"
use_set bookworm-amd64-oldabi
old=$SYMVERS
use_set bookworm-amd64
for fmt in text json sarif; do
	for j in 1 2 3 8; do
		"$MODLINK" check -j "$j" --format "$fmt" --kernel "$old" "$MODULES" >"$TMP/$fmt.$j" || true
	done
	"$MODLINK" check --format "$fmt" --kernel "$old" "$MODULES" >"$TMP/$fmt.default" || true
	[ -s "$TMP/$fmt.1" ] || fail "$fmt: no output"
	for other in 2 3 8 default; do
		cmp -s "$TMP/$fmt.1" "$TMP/$fmt.$other" || fail "$fmt: -j 1 and -j $other differ"
	done
	echo "$fmt: $(wc -c <"$TMP/$fmt.1") bytes, identical for -j 1, 2, 3, 8 and the default"
done
