#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A header inline compiled out of line into a module: testdata/explain/
# out_of_line takes the address of kernel_fpu_begin(), built with Kbuild
# against bookworm's 6.1 headers. The reference to the GPL-only
# kernel_fpu_begin_mask is then in the module's own copy of the header
# function, with no frame of the module's source around it: explain must
# say it is pulled in by that header function, not "called directly" at a
# header line (it did, before). Oracles: upstream modpost refuses both
# symbols; nm and readelf show the local kernel_fpu_begin and the
# relocation inside it; the kernel's own api.h gives the line.
source "$(dirname "$0")/lib.sh"
use_set bookworm-amd64
src=$TMP/out_of_line
cp -a "$REPO/testdata/explain/out_of_line" "$src"
make -C "$HEADERS" M="$src" modules >"$TMP/build.log" 2>&1 || true  # refused by modpost
o=$src/out_of_line.o
[ -f "$o" ] || { cat "$TMP/build.log" >&2; fail "Kbuild did not compile out_of_line.o"; }
for sym in kernel_fpu_begin_mask kernel_fpu_end; do
	grep -q "^ERROR: modpost: GPL-incompatible module out_of_line.ko uses GPL-only symbol '$sym'\$" "$TMP/build.log" ||
		{ cat "$TMP/build.log" >&2; fail "upstream modpost does not refuse $sym"; }
done
# The out-of-line copy: a local function, and the call inside its bytes.
read -r start size < <(nm -S "$o" | awk '$4 == "kernel_fpu_begin" && $3 == "t" { print $1, $2 }')
[ -n "${start:-}" ] || fail "no local kernel_fpu_begin in out_of_line.o (the compiler inlined it after all)"
# (awk reads to the end: an early exit would end readelf with SIGPIPE,
# which pipefail and set -e turn into a silent failure of the test.)
off=$(readelf -rW "$o" | awk '/^Relocation section .\.rela\.text. / { on = 1; next } /^Relocation section/ { on = 0 } on && $5 ~ /^kernel_fpu_begin_mask/ && !found { print $1; found = 1 }')
[ -n "$off" ] && (( 16#$off >= 16#$start && 16#$off < 16#$start + 16#$size )) ||
	fail "the call to kernel_fpu_begin_mask (.text+0x$off) is not inside kernel_fpu_begin (0x$start, 0x$size bytes)"
apis=("$ROOT"/usr/src/linux-headers-*-common/arch/x86/include/asm/fpu/api.h)
api=${apis[0]}
[ -f "$api" ] || fail "no asm/fpu/api.h in the 6.1 -common headers"
# kernel_fpu_begin()'s call on x86-64 (the other branch is 32-bit's).
line=$(grep -n 'kernel_fpu_begin_mask(KFPU_MXCSR);' "$api" | cut -d: -f1)
[ "$(echo "$line" | wc -l)" = 1 ] || fail "$api: not one 64-bit call to kernel_fpu_begin_mask: $line"
[ -n "$line" ] || fail "no call to kernel_fpu_begin_mask in $api"
own=$(grep -n 'kernel_fpu_end(); /\* the module' "$src/out_of_line.c" | cut -d: -f1)

rc=0
"$MODLINK" explain --kernel "$HEADERS" "$o" >"$TMP/explain.txt" || rc=$?
[ "$rc" = 1 ] || fail "explain exited $rc, want 1"
want="  note: pulled in by kernel function \`kernel_fpu_begin()\` (arch/x86/include/asm/fpu/api.h:$line), a header function compiled out of line into the module"
grep -qxF "$want" "$TMP/explain.txt" || { cat "$TMP/explain.txt" >&2; fail "kernel_fpu_begin_mask: not pulled in by the out-of-line kernel_fpu_begin()"; }
grep -qxF "  note: called directly at out_of_line.c:$own" "$TMP/explain.txt" ||
	{ cat "$TMP/explain.txt" >&2; fail "kernel_fpu_end: not called directly at out_of_line.c:$own"; }
! grep -q "called directly at arch/" "$TMP/explain.txt" || fail "a header line is called a direct call"
printf "kernel_fpu_begin_mask: pulled in by the out-of-line kernel_fpu_begin() (api.h:%s; its call at .text+0x%x, inside 0x%x..0x%x); kernel_fpu_end: called directly at out_of_line.c:%s\n" "$line" "$((16#$off))" "$((16#$start))" "$((16#$start + 16#$size))" "$own"
