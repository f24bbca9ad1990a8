#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What users really have (issue: "Check what users really have"):
#  1. one unreadable module never hides the rest: check, audit and exports
#     report every readable module, an error line (JSON/SARIF: an
#     unreadable-module finding) for the bad one in its place, and exit 2;
#     the oracle for the good module is upstream modpost's own three errors;
#  2. /lib/modules/REL holding only the build and source links (what
#     installing linux-headers-REL alone leaves) is the kernel its build
#     link names, for check and query alike;
#  3. a vmlinuz, System.map or config from Debian's own image packages
#     (amd64, arm64, s390x), an initramfs, a module and an unbuilt source
#     tree given as --kernel each get one line saying what they are, exit 2,
#     from every command that takes a kernel.
# Run with the ASan+UBSan build, so a memory error fails it too.
source "$(dirname "$0")/lib.sh"
bin=${MODLINK_ASAN:-$MODLINK}
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1
use_set bookworm-amd64
good=$CACHE/testmods/bookworm-amd64/gpl_inline/gpl_inline.ko
upstream=$CACHE/testmods/bookworm-amd64/gpl_inline/modpost.stderr
[ "$(grep -c 'uses GPL-only symbol' "$upstream")" = 3 ] || fail "upstream modpost no longer names 3 GPL-only symbols"

mkdir -p "$TMP/dir"
head -c 3000 "$good" >"$TMP/dir/a_truncated.ko"
cp "$good" "$TMP/dir/gpl_inline.ko"
printf 'not a module\n' | zstd -q >"$TMP/dir/z_text.ko.zst"

# 1. check: the good module's findings are upstream's, the two bad ones are
# one error line each on stderr, in input order, then a count; exit 2.
rc=0
"$bin" check --kernel "$HEADERS" "$TMP/dir" /nonexistent/x.ko >"$TMP/out" 2>"$TMP/err" || rc=$?
[ "$rc" = 2 ] || fail "check with unreadable modules: exit $rc, expected 2"
sed -n "s/^ERROR: modlink: \(GPL-incompatible module .* uses GPL-only symbol .*\)/\1/p" "$TMP/out" | sort >"$TMP/ours"
sed -n "s/^ERROR: modpost: //p" "$upstream" | sort >"$TMP/theirs"
diff "$TMP/theirs" "$TMP/ours" >&2 || fail "the readable module's findings differ from upstream modpost's"
cat >"$TMP/expected-err" <<EOF
modlink: error: $TMP/dir/a_truncated.ko: section header table (offset $(od -An -t u8 -j 40 -N 8 "$good" | tr -d ' '), $(od -An -t u2 -j 60 -N 2 "$good" | tr -d ' ') entries) lies outside the file of 3000 bytes
modlink: error: $TMP/dir/z_text.ko.zst: not an ELF file: its zstd data decompresses to something else
modlink: error: /nonexistent/x.ko: no such file or directory
modlink: error: 3 of 4 modules could not be read; 1 was checked
EOF
diff "$TMP/expected-err" "$TMP/err" >&2 || fail "check's error lines"
echo "check: gpl_inline.ko's 3 GPL-only errors as upstream's, 3 unreadable modules named in order, exit 2"

# JSON and SARIF: an unreadable-module finding of its own, in its place,
# and the head counts it; both validate against their schemas.
"$bin" check --kernel "$HEADERS" --format json "$TMP/dir" >"$TMP/check.json" 2>/dev/null || rc=$?
[ "$(jq -r '[.findings[].kind] | join(" ")' "$TMP/check.json")" = \
	"unreadable-module gpl-only-symbol gpl-only-symbol gpl-only-symbol unreadable-module" ] ||
	fail "JSON findings not in input order: $(jq -c '[.findings[].kind]' "$TMP/check.json")"
[ "$(jq -c '[.modules_checked, .modules_unreadable, .errors]' "$TMP/check.json")" = "[1,2,5]" ] ||
	fail "JSON head counts: $(jq -c '[.modules_checked, .modules_unreadable, .errors]' "$TMP/check.json")"
"$bin" check --kernel "$HEADERS" --format sarif "$TMP/dir" >"$TMP/check.sarif" 2>/dev/null || true
[ "$(jq '[.runs[0].results[] | select(.ruleId == "unreadable-module")] | length' "$TMP/check.sarif")" = 2 ] ||
	fail "SARIF: no unreadable-module results"
schema_valid 7 "$REPO/doc/schema/modlink.schema.json" "$TMP/check.json"
sarif_valid "$TMP/check.sarif"

# audit: the unreadable rows say so on every kernel; the good row is as alone.
rc=0
"$bin" audit -k "$HEADERS" -k "$SYMVERS" "$TMP/dir" >"$TMP/audit.txt" 2>"$TMP/audit.err" || rc=$?
[ "$rc" = 2 ] || fail "audit with unreadable modules: exit $rc"
grep -Eq '^a_truncated +unreadable +unreadable$' "$TMP/audit.txt" || fail "audit row of the truncated module"
grep -Eq '^gpl_inline +3 errors +3 errors$' "$TMP/audit.txt" || fail "audit row of gpl_inline: $(cat "$TMP/audit.txt")"
grep -qx '0 of 3 modules load on all 2 kernels (2 could not be read)' "$TMP/audit.txt" || fail "audit summary"
[ "$(grep -c '^modlink: error: ' "$TMP/audit.err")" = 3 ] || fail "audit: expected 2 error lines and a count"
"$bin" audit -k "$HEADERS" --format json "$TMP/dir" >"$TMP/audit.json" 2>/dev/null || true
[ "$(jq -c '[.modules_unreadable, [.modules[].verdicts[0]]]' "$TMP/audit.json")" = '[2,["unreadable","error","unreadable"]]' ] ||
	fail "audit JSON verdicts: $(jq -c '[.modules_unreadable, [.modules[].verdicts[0]]]' "$TMP/audit.json")"
schema_valid 7 "$REPO/doc/schema/modlink.schema.json" "$TMP/audit.json"
echo "audit: unreadable rows, gpl_inline's 3 errors on both kernels, exit 2"

# exports: every readable module's lines, the errors on stderr, exit 2.
mkdir -p "$TMP/exp"
cp "$(find -L "$MODULES" -name 'fat.ko' | head -1)" "$TMP/exp/fat.ko"
head -c 100 "$TMP/exp/fat.ko" >"$TMP/exp/broken.ko"
rc=0
"$bin" exports "$TMP/exp" >"$TMP/exports" 2>"$TMP/exports.err" || rc=$?
[ "$rc" = 2 ] || fail "exports with an unreadable module: exit $rc"
[ "$(wc -l <"$TMP/exports")" = "$(awk -F'\t' '$3 == "fs/fat/fat"' "$SYMVERS" | wc -l)" ] ||
	fail "exports: fat.ko's lines are not all there (Module.symvers is the oracle)"
grep -q "^modlink: error: $TMP/exp/broken.ko: " "$TMP/exports.err" || fail "exports: no error for broken.ko"
echo "exports: fat.ko's $(wc -l <"$TMP/exports") exports as Module.symvers lists them, broken.ko named, exit 2"

# 2. A headers-only /lib/modules/REL inside a root, as the package leaves it.
root=$TMP/root
mkdir -p "$root/lib/modules/$REL" "$root/usr/src"
ln -s "$HEADERS" "$root/usr/src/linux-headers-$REL"
ln -s "/usr/src/linux-headers-$REL" "$root/lib/modules/$REL/build"
ln -s "/usr/src/linux-headers-$REL" "$root/lib/modules/$REL/source"
"$bin" check --kernel "$HEADERS" --format json "$good" | jq -c '.findings' >"$TMP/via-headers" || true
"$bin" check --kernel "$root/lib/modules/$REL" --format json "$good" | jq -c '.findings' >"$TMP/via-tree" || true
[ -s "$TMP/via-tree" ] && cmp -s "$TMP/via-headers" "$TMP/via-tree" ||
	fail "a headers-only module tree is not read as its build tree"
"$bin" query --kernel "$root/lib/modules/$REL" __rcu_read_lock | grep -q $'\tEXPORT_SYMBOL_GPL' ||
	fail "query on a headers-only module tree"
echo "a headers-only /lib/modules/$REL is its build link's kernel (check, query)"

# 3. What is not a kernel says what it is, from every command.
mkdir -p "$TMP/src/include/linux" "$TMP/src/kernel"
: >"$TMP/src/Kconfig"
: >"$TMP/src/Makefile"
printf '070701%0104d' 0 >"$TMP/initrd.img"
zstd -q "$TMP/initrd.img" -o "$TMP/initrd.img.zst"
lookalike() { # PATH PATTERN
	local cmd rc
	for cmd in "check --kernel $1 $good" "query --kernel $1 foo" "audit --kernel $1 $good" "diff $1 $SYMVERS" \
		"explain --kernel $1 $good"; do
		rc=0
		# shellcheck disable=SC2086
		"$bin" $cmd >"$TMP/out" 2>"$TMP/err" || rc=$?
		[ "$rc" = 2 ] && [ ! -s "$TMP/out" ] && [ "$(wc -l <"$TMP/err")" = 1 ] ||
			fail "modlink $cmd: exit $rc, $(head -2 "$TMP/err")"
		grep -Eq "^modlink: error: $1: $2" "$TMP/err" || fail "modlink $cmd: $(cat "$TMP/err")"
	done
	echo "$(basename "$1"): $(cut -d: -f4- "$TMP/err" | cut -c1-90)..."
}
for set in bookworm-amd64 bookworm-arm64 bookworm-s390x; do
	use_set $set
	lookalike "$ROOT/boot/vmlinuz-$REL" 'is a (.*compressed )?(kernel image|binary file)'
	lookalike "$ROOT/boot/System.map-$REL" 'is a System.map'
	lookalike "$ROOT/boot/config-$REL" 'is a kernel configuration'
done
use_set bookworm-amd64
lookalike "$TMP/initrd.img" 'is an initramfs \(cpio archive\)'
lookalike "$TMP/initrd.img.zst" 'is an initramfs \(zstd-compressed cpio archive\)'
lookalike "$good" 'is a kernel module or object file'
lookalike "$TMP/src" 'is a kernel source tree without Module.symvers'

# 4. A decompression bomb: 2 GiB of zeros as a .ko.zst (a few tens of KB)
# ends at the first megabyte, since a module must begin with ELF's magic:
# one error, and well within 1 s and 256 MB (the release build, measured
# by /usr/bin/time; the limits are the issue's, not a benchmark).
head -c $((2 << 30)) /dev/zero | zstd -q -1 >"$TMP/bomb.ko.zst"
rc=0
/usr/bin/time -f '%e %M' -o "$TMP/time" "$MODLINK" check --kernel "$HEADERS" "$TMP/bomb.ko.zst" 2>"$TMP/err" || rc=$?
[ "$rc" = 2 ] || fail "bomb: exit $rc"
grep -qx "modlink: error: $TMP/bomb.ko.zst: not an ELF file: its zstd data decompresses to something else" "$TMP/err" ||
	fail "bomb: $(cat "$TMP/err")"
read -r secs kib < <(tail -n 1 "$TMP/time")
awk -v s="$secs" -v k="$kib" 'BEGIN { exit !(s < 1 && k < 256 * 1024) }' ||
	fail "bomb: $secs s and $kib KiB, over 1 s or 256 MB"
echo "a $(stat -c %s "$TMP/bomb.ko.zst")-byte .ko.zst of 2 GiB of zeros: refused in $secs s, $((kib / 1024)) MB peak RSS"
