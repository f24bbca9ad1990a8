#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The ASan+UBSan build on real inputs: a whole big-endian tree (s390x) and
# an arm64 tree read cleanly and give the release build's answers, and 150
# real modules with seeded corruptions (header fields, section headers,
# symbol tables) are refused or read, never crash.
source "$(dirname "$0")/lib.sh"
bin=${MODLINK_ASAN:?}
[ -x "$bin" ] || fail "no sanitizer build at $bin"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

use_set bookworm-s390x
"$bin" exports "$MODULES" >"$TMP/asan.exports" 2>"$TMP/asan.err" || { head "$TMP/asan.err" >&2; fail "s390x exports under ASan"; }
"$MODLINK" exports "$MODULES" >"$TMP/release.exports"
cmp -s "$TMP/asan.exports" "$TMP/release.exports" || fail "s390x: ASan and release builds differ"
echo "s390x: $(wc -l <"$TMP/asan.exports") exports, identical under ASan"

use_set bookworm-arm64
"$bin" check --kernel "$MODULES" >"$TMP/arm64.out" 2>"$TMP/asan.err" || { head "$TMP/asan.err" >&2; fail "arm64 check under ASan"; }
echo "arm64: whole tree checks clean under ASan"

use_set bookworm-amd64
mapfile -t mods < <(find -L "$MODULES/kernel/drivers/net" -name '*.ko' -type f | sort | head -150)
i=0
for m in "${mods[@]}"; do
	i=$((i + 1))
	f=$TMP/c$i.ko
	cp "$m" "$f"
	size=$(stat -c %s "$f")
	shoff=$(od -An -t u8 -j 40 -N 8 "$f" | tr -d ' ')
	# Three corruptions per file, at positions that depend only on i: the
	# ELF header, the section header table, and anywhere in the file.
	for pos in $((16 + i * 7 % 48)) $((shoff + (i * 131) % (size - shoff))) $(((i * 7919) % size)); do
		printf "\\x$(printf %02x $(((i * 37 + pos) % 256)))" | dd of="$f" bs=1 seek="$pos" conv=notrunc status=none
	done
	rc=0
	"$bin" check --kernel "$SYMVERS" "$f" >/dev/null 2>"$TMP/err" || rc=$?
	[ "$rc" -le 2 ] || { cat "$TMP/err" >&2; fail "$m corrupted: exit $rc"; }
	if grep -q 'Sanitizer' "$TMP/err"; then cat "$TMP/err" >&2; fail "$m corrupted: sanitizer report"; fi
	if [ "$rc" = 2 ]; then
		[ "$(wc -l <"$TMP/err")" = 1 ] && grep -q "^modlink: error: $f: " "$TMP/err" || { cat "$TMP/err" >&2; fail "$m corrupted: bad error output"; }
	fi
done
echo "150 corrupted real modules: no crash, no sanitizer report, one error line each when refused"
