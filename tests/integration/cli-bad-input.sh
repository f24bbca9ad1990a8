#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bad input gets one clear error line naming the file, exit status 2, no
# output on stdout, and never a crash. Run with the ASan+UBSan build, so a
# memory error fails the test even where the message looks right.
source "$(dirname "$0")/lib.sh"
bin=${MODLINK_ASAN:-$MODLINK}
[ -x "$bin" ] || fail "no binary $bin"
use_set bookworm-amd64
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1

good=$(find -L "$MODULES" -name 'fat.ko' -type f | head -1)
size=$(stat -c %s "$good")
head -c $((size / 2)) "$good" >"$TMP/truncated.ko"
head -c 40 "$good" >"$TMP/header-only.ko"
printf 'this is not a module\n' >"$TMP/text.ko"
: >"$TMP/empty.ko"
cp "$good" "$TMP/bad-shoff.ko"
printf '\xff\xff\xff\x7f' | dd of="$TMP/bad-shoff.ko" bs=1 seek=40 conv=notrunc status=none
head -c 3000 "$SYMVERS" >"$TMP/cut.symvers"                # a line cut in the middle
printf '0x1\tfoo\tvmlinux\tEXPORT_SYMBOL_MAYBE\t\n' >"$TMP/badtype.symvers"
head -c 1000 "$(find -L "$CACHE/trixie-amd64/root/lib/modules" -name 'fat.ko.xz' | head -1)" >"$TMP/cut.ko.xz"

# expect_error "expected stderr line (a grep -E pattern)" args...
expect_error() {
	local pattern=$1 rc=0
	shift
	"$bin" "$@" >"$TMP/stdout" 2>"$TMP/stderr" || rc=$?
	[ "$rc" = 2 ] || fail "modlink $*: exit $rc, expected 2 ($(head -3 "$TMP/stderr"))"
	[ ! -s "$TMP/stdout" ] || fail "modlink $*: wrote to stdout"
	[ "$(wc -l <"$TMP/stderr")" = 1 ] || { cat "$TMP/stderr" >&2; fail "modlink $*: not exactly one line on stderr"; }
	grep -Eq "^modlink: error: $pattern\$" "$TMP/stderr" || fail "modlink $*: got '$(cat "$TMP/stderr")', expected '$pattern'"
	echo "ok: $(cat "$TMP/stderr")"
}

expect_error "$TMP/truncated.ko: section header table .* lies outside the file of [0-9]+ bytes" check --kernel "$SYMVERS" "$TMP/truncated.ko"
expect_error "$TMP/header-only.ko: truncated ELF header" check --kernel "$SYMVERS" "$TMP/header-only.ko"
expect_error "$TMP/text.ko: not an ELF file" check --kernel "$SYMVERS" "$TMP/text.ko"
expect_error "$TMP/empty.ko: empty file" check --kernel "$SYMVERS" "$TMP/empty.ko"
expect_error "$TMP/bad-shoff.ko: section header table .* lies outside the file of [0-9]+ bytes" check --kernel "$SYMVERS" "$TMP/bad-shoff.ko"
expect_error "$TMP/cut.ko.xz: truncated xz data" check --kernel "$SYMVERS" "$TMP/cut.ko.xz"
expect_error "$TMP/cut.symvers:[0-9]+: expected 5 tab-separated fields .*" check --kernel "$TMP/cut.symvers" "$good"
expect_error "$TMP/badtype.symvers:1: unknown export type 'EXPORT_SYMBOL_MAYBE'" check --kernel "$SYMVERS" --symvers "$TMP/badtype.symvers" "$good"
expect_error "$TMP/missing.ko: no such file or directory" check --kernel "$SYMVERS" "$TMP/missing.ko"
expect_error "$TMP/no-kernel: no such file or directory" check --kernel "$TMP/no-kernel" "$good"
expect_error "$TMP: not a kernel: .*" check --kernel "$TMP" "$good"
expect_error "unknown option --frobnicate \(see --help\)" check --frobnicate
expect_error "unknown format 'xml' \(text, json or sarif\)" check --format xml "$good"
expect_error "bad job count '0' \(expected 1 to 1024\)" check -j 0 "$good"
expect_error "unknown command 'frob' \(see modlink --help\)" frob
# A directory without modules is named, not silently "ok".
mkdir "$TMP/no-modules"
expect_error "$TMP/no-modules: no modules here \(\*\.ko, \*\.ko\.zst, \*\.ko\.xz or \*\.ko\.gz\)" check --kernel "$SYMVERS" "$TMP/no-modules"
expect_error "$TMP/no-modules: no modules here .*" exports "$TMP/no-modules"
expect_error "$TMP/no-modules: no modules here .*" audit --kernel "$SYMVERS" "$TMP/no-modules"
expect_error "no kernel given \(see modlink audit --help\)" audit "$good"
expect_error "audit writes text or json, not sarif" audit --kernel "$SYMVERS" --format sarif "$good"
# A module tree without its build tree knows no vmlinux export: every
# kernel symbol would be "undefined", so say what is missing instead.
mkdir -p "$TMP/bare-tree/kernel"
cp "$good" "$TMP/bare-tree/kernel/"
echo kernel/fat.ko >"$TMP/bare-tree/modules.order"
expect_error "$TMP/bare-tree: no exports of vmlinux found: .*" check --kernel "$TMP/bare-tree" "$good"
# Output that cannot be written (a full disk) is an error, however large.
rc=0
"$bin" diff "$SYMVERS" "$CACHE/trixie-amd64/root/usr/src/linux-headers-"*-amd64/Module.symvers >/dev/full 2>"$TMP/stderr" || rc=$?
[ "$rc" = 2 ] && grep -q '^modlink: error: cannot write output: No space left on device$' "$TMP/stderr" ||
	fail "diff > /dev/full: exit $rc, $(cat "$TMP/stderr")"
echo "ok: $(cat "$TMP/stderr")"
# Nothing to check at all: a module tree without modules.
mkdir -p "$TMP/empty-tree/kernel"
: >"$TMP/empty-tree/modules.order"
ln -s "$HEADERS" "$TMP/empty-tree/build"
expect_error "$TMP/empty-tree: no modules given, and this kernel's module tree holds none" check --kernel "$TMP/empty-tree"
expect_error "diff takes two kernels, OLD and NEW \(see modlink diff --help\)" diff "$SYMVERS"
expect_error "$TMP/cut.symvers:[0-9]+: .*" diff "$SYMVERS" "$TMP/cut.symvers"
