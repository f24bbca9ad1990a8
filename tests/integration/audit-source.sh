#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modlink audit --source: our test modules (testdata/kmod, one source tree)
# built with Kbuild against bookworm's 6.1 amd64 and rt-amd64 headers, modlink
# as modpost in keep-going mode. Oracle: the real Kbuild builds with
# upstream's modpost that scripts/build-test-modules made of each module on
# each kernel: every module's verdict (modpost's exit status) and ERROR lines
# must be the same. gpl_inline leaks migrate_disable/migrate_enable only on
# rt, explained through kmap_atomic(). build-failed: trixie's 6.12 headers
# name gcc-14, which this machine does not have; and --cc naming a missing
# compiler. The JSON validates against doc/schema/.
source "$(dirname "$0")/lib.sh"
# Headers as an installed package has them: the flavour Makefile includes
# the -common tree by absolute path and reaches kbuild by symlinks, which the
# cache's extracted packages have under ROOT; copies made absolute.
installed_like() { # SET -> path of a usable copy of its headers
	local REL='' ROOT='' HEADERS='' hdr l
	# shellcheck disable=SC1090
	. "$CACHE/$1/env"
	hdr=$TMP/headers-$1
	cp -a "$HEADERS" "$hdr"
	sed -i "s|^include /usr/src/|include $ROOT/usr/src/|" "$hdr/Makefile"
	for l in "$hdr"/*; do
		[ -L "$l" ] && ln -sfn "$(readlink -f "$HEADERS/$(basename "$l")")" "$l"
	done
	echo "$hdr"
}
amd64=$(installed_like bookworm-amd64)
rt=$(installed_like bookworm-rt-amd64)
src=$TMP/src
mkdir -p "$src"
cases=()
for d in "$REPO"/testdata/kmod/*/; do
	c=$(basename "$d")
	cp -a "$d" "$src/$c"
	echo "obj-m += $c/" >>"$src/Kbuild"
	cases+=("$c")
done
rc=0
"$MODLINK" audit --source "$src" --kernel "$amd64" --kernel "$rt" -j 2 --format json >"$TMP/a.json" || rc=$?
[ "$rc" = 1 ] || fail "audit --source exited $rc, want 1 (some modules are refused)"
schema_valid 7 "$REPO/doc/schema/modlink.schema.json" "$TMP/a.json" || fail "the JSON does not match doc/schema/modlink.schema.json"
k=0
for set in bookworm-amd64 bookworm-rt-amd64; do
	[ "$(jq -r ".kernels[$k].build_failed" "$TMP/a.json")" = false ] || fail "$set: build failed: $(jq -r ".kernels[$k].failure" "$TMP/a.json")"
	for c in "${cases[@]}"; do
		up=$CACHE/testmods/$set/$c
		[ -f "$up/modpost.status" ] || fail "no upstream build of $c for $set (scripts/build-test-modules $set)"
		want=false
		[ "$(cat "$up/modpost.status")" = 0 ] || want=true
		# Every module of the case (multi_license is one module of several objects).
		got=$(jq -r --arg c "$c/" ".kernels[$k].modules[] | select(.module | startswith(\$c)) | .refused" "$TMP/a.json" | sort -u)
		[ "$got" = "$want" ] || fail "$set: $c refused=$got, upstream's Kbuild build says $want"
		# The ERROR lines, the build directory taken out of paths.
		grep '^ERROR: ' "$up/modpost.stderr" | sed "s|$up/src/||g; s|\[[^]]*/\([^/]*\.ko\)\]|[\1]|g" | sort >"$TMP/up.err" || true
		jq -r --arg c "$c/" ".kernels[$k].modules[] | select(.module | startswith(\$c)) | .modpost[]" "$TMP/a.json" |
			grep '^ERROR: ' | sed "s|\[[^]]*/\([^/]*\.ko\)\]|[\1]|g" | sort >"$TMP/ml.err" || true
		diff "$TMP/up.err" "$TMP/ml.err" >&2 || fail "$set: $c: ERROR lines differ from upstream's build"
	done
	k=$((k + 1))
done
syms() { jq -r ".kernels[$1].modules[] | select(.module == \"gpl_inline/gpl_inline\") | .findings[].symbol" "$TMP/a.json" | sort -u | paste -sd' '; }
case " $(syms 0) " in *" migrate_disable "*) fail "migrate_disable on amd64" ;; esac
case " $(syms 1) " in *" migrate_disable migrate_enable "*) ;; *) fail "rt: gpl_inline does not leak migrate_disable/migrate_enable: $(syms 1)" ;; esac
jq -r '.kernels[1].modules[] | select(.module == "gpl_inline/gpl_inline") | .findings[] | select(.symbol == "migrate_disable") | .notes[]' \
	"$TMP/a.json" | grep -q "pulled in by kernel inline \`kmap_atomic()\`" || fail "rt: migrate_disable not explained through kmap_atomic()"
echo "audit --source: ${#cases[@]} test modules on 6.1 amd64 and rt: every verdict and ERROR line as upstream's Kbuild builds; rt adds migrate_disable/migrate_enable through kmap_atomic()"
"$MODLINK" audit --source "$src" --kernel "$amd64" --kernel "$rt" --format markdown >"$TMP/a.md" || true
grep -q '^| `gpl_inline/gpl_inline` | \*\*3 errors\*\* | \*\*5 errors\*\* |$' "$TMP/a.md" || { cat "$TMP/a.md" >&2; fail "markdown matrix"; }
"$MODLINK" audit --source "$src" --kernel "$amd64" --kernel "$rt" --format sarif >"$TMP/a.sarif" || true
[ "$(jq '.runs | length' "$TMP/a.sarif")" = 2 ] || fail "SARIF: not one run per kernel"
sarif_valid "$TMP/a.sarif" || fail "audit --source SARIF does not match the SARIF 2.1.0 schema"

# build-failed: a tree whose compiler is not installed, and a missing --cc.
trixie=$(installed_like trixie-amd64)
cc_text=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ ]*\).*/\1/p' "$trixie/.config")
if command -v "$cc_text" >/dev/null; then
	echo "($cc_text is installed here: the missing-compiler case is not run)"
else
	rc=0
	"$MODLINK" audit --source "$src" --kernel "$amd64" --kernel "$trixie" --format json >"$TMP/b.json" || rc=$?
	[ "$rc" = 1 ] || fail "missing compiler: exit $rc"
	[ "$(jq -r '.kernels[1].build_failed' "$TMP/b.json")" = true ] && jq -r '.kernels[1].failure' "$TMP/b.json" | grep -q "built with $cc_text" ||
		fail "trixie: not build-failed naming $cc_text"
	[ "$(jq -r '.modules[] | select(.module == "clean/clean") | .verdicts | join(" ")' "$TMP/b.json")" = "ok build-failed" ] ||
		fail "clean/clean should be ok on 6.1 and build-failed on 6.12"
	echo "build-failed: trixie's headers name $cc_text, not installed here: $(jq -r '.kernels[1].failure' "$TMP/b.json" | cut -c1-80)"
fi
rc=0
"$MODLINK" audit --source "$src" --kernel "$amd64" --cc /nonexistent/gcc --format json >"$TMP/c.json" || rc=$?
[ "$rc" = 1 ] && [ "$(jq -r '.kernels[0].build_failed' "$TMP/c.json")" = true ] || fail "--cc /nonexistent/gcc: not build-failed"
echo "build-failed with --cc /nonexistent/gcc: $(jq -r '.kernels[0].failure' "$TMP/c.json" | cut -c1-100)"

# 6.12 natively, as its users build: trixie's headers inside the trixie
# chroot (scripts/make-chroot trixie, gcc-14), with --root. Oracle: each test
# module built there by Kbuild with trixie's own modpost.
T=$("$REPO/scripts/make-chroot" trixie) || fail "cannot make the trixie chroot"
H=/usr/src/$(cd "$T/usr/src" && ls -d linux-headers-6.12.*-amd64 | sort -V | tail -1)
up=/modlink-audit-oracle
rm -rf "${T:?}$up"
mkdir -p "$T$up"
trap 'rm -rf "$TMP" "${T:?}$up"' EXIT
for c in "${cases[@]}"; do
	cp -a "$REPO/testdata/kmod/$c" "$T$up/$c"
	st=0
	"$REPO/scripts/make-chroot" --run trixie make -C "$H" M="$up/$c" modules >"$T$up/$c.out" 2>"$T$up/$c.err" || st=$?
	echo "$st" >"$T$up/$c.status"
done
rc=0
"$MODLINK" audit --source "$src" --kernel "$amd64" --kernel "$H" --root "$T" -j 2 --format json >"$TMP/t.json" || rc=$?
[ "$rc" = 1 ] || fail "6.1 + 6.12: exit $rc"
schema_valid 7 "$REPO/doc/schema/modlink.schema.json" "$TMP/t.json" || fail "the 6.12 audit's JSON does not match the schema"
[ "$(jq -r '.kernels[1].build_failed' "$TMP/t.json")" = false ] || fail "6.12 in the chroot: build failed: $(jq -r '.kernels[1].failure' "$TMP/t.json")"
[ "$(jq -r '.kernels[1].era' "$TMP/t.json")" = 6.12 ] || fail "6.12: the drop-in's era was $(jq -r '.kernels[1].era' "$TMP/t.json")"
for c in "${cases[@]}"; do
	want=false
	[ "$(cat "$T$up/$c.status")" = 0 ] || want=true
	got=$(jq -r --arg c "$c/" '.kernels[1].modules[] | select(.module | startswith($c)) | .refused' "$TMP/t.json" | sort -u)
	[ "$got" = "$want" ] || fail "6.12: $c refused=$got, trixie's Kbuild build says $want"
	grep '^ERROR: ' "$T$up/$c.err" | grep -v 'Error [0-9]' | sed "s|$up/$c/||g; s|\[[^]]*/\([^/]*\.ko\)\]|[\1]|g" | sort >"$TMP/up.err" || true
	jq -r --arg c "$c/" '.kernels[1].modules[] | select(.module | startswith($c)) | .modpost[]' "$TMP/t.json" |
		grep '^ERROR: ' | sed "s|\[[^]]*/\([^/]*\.ko\)\]|[\1]|g" | sort >"$TMP/ml.err" || true
	diff "$TMP/up.err" "$TMP/ml.err" >&2 || fail "6.12: $c: ERROR lines differ from trixie's Kbuild build"
done
echo "audit --source --root trixie: ${#cases[@]} test modules on 6.12, every verdict and ERROR line as trixie's own Kbuild builds"
"$MODLINK" audit --source "$src" --kernel "$amd64" --kernel "$rt" --kernel "$H" --root "$T" -j 2 >"$TMP/matrix.txt" || true
sed -n '1,/^$/p' "$TMP/matrix.txt"

# 7.2 natively in the sid chroot (gcc-16), the third era: every test module
# as sid's own Kbuild build says, in one audit across 6.1, 6.12 and 7.2.
S=$("$REPO/scripts/make-chroot" sid) || fail "cannot make the sid chroot"
SH=/usr/src/$(cd "$S/usr/src" && ls -d linux-headers-7.2.*-amd64 | sort -V | tail -1)
rm -rf "${S:?}$up"
mkdir -p "$S$up"
trap 'rm -rf "$TMP" "${T:?}$up" "${S:?}$up"' EXIT
for c in "${cases[@]}"; do
	cp -a "$REPO/testdata/kmod/$c" "$S$up/$c"
	st=0
	"$REPO/scripts/make-chroot" --run sid make -C "$SH" M="$up/$c" modules >"$S$up/$c.out" 2>"$S$up/$c.err" || st=$?
	echo "$st" >"$S$up/$c.status"
done
rc=0
"$MODLINK" audit --source "$src" --kernel "$amd64" --kernel "$H" --root "$T" --kernel "$SH" --root "$S" -j 2 --format json >"$TMP/s.json" || rc=$?
[ "$rc" = 1 ] || fail "6.1 + 6.12 + 7.2: exit $rc"
schema_valid 7 "$REPO/doc/schema/modlink.schema.json" "$TMP/s.json" || fail "the 7.2 audit's JSON does not match the schema"
for k in 0 1 2; do
	[ "$(jq -r ".kernels[$k].build_failed" "$TMP/s.json")" = false ] || fail "6.1 + 6.12 + 7.2: kernel $k's build failed: $(jq -r ".kernels[$k].failure" "$TMP/s.json")"
done
[ "$(jq -r '.kernels[2].era' "$TMP/s.json")" = 7.2 ] || fail "7.2: the drop-in's era was $(jq -r '.kernels[2].era' "$TMP/s.json")"
for c in "${cases[@]}"; do
	want=false
	[ "$(cat "$S$up/$c.status")" = 0 ] || want=true
	got=$(jq -r --arg c "$c/" '.kernels[2].modules[] | select(.module | startswith($c)) | .refused' "$TMP/s.json" | sort -u)
	[ "$got" = "$want" ] || fail "7.2: $c refused=$got, sid's Kbuild build says $want"
	# 7.2 runs modpost in the module directory: its names are already relative.
	grep '^ERROR: ' "$S$up/$c.err" | grep -v 'Error [0-9]' | sed "s|\[[^]]*/\([^/]*\.ko\)\]|[\1]|g" | sort >"$TMP/up.err" || true
	jq -r --arg c "$c/" '.kernels[2].modules[] | select(.module | startswith($c)) | .modpost[]' "$TMP/s.json" |
		grep '^ERROR: ' | sed "s|\[[^]]*/\([^/]*\.ko\)\]|[\1]|g" | sort >"$TMP/ml.err" || true
	diff "$TMP/up.err" "$TMP/ml.err" >&2 || fail "7.2: $c: ERROR lines differ from sid's Kbuild build"
done
verdicts() { jq -r --arg m "$1" '.modules[] | select(.module == $m) | .verdicts | join(" ")' "$TMP/s.json"; }
[ "$(verdicts vma_flags/vma_flags)" = "ok ok error" ] || fail "vma_flags: $(verdicts vma_flags/vma_flags), want ok ok error (vm_flags_set pulls __vma_start_write since 6.15)"
jq -r '.kernels[2].modules[] | select(.module == "vma_flags/vma_flags") | .findings[] | .notes[]' "$TMP/s.json" |
	grep -q 'pulled in by kernel inline `vm_flags_set()`' || fail "7.2: __vma_start_write not explained through vm_flags_set()"
echo "audit --source --root trixie --root sid: ${#cases[@]} test modules on 6.1, 6.12 and 7.2, every verdict and ERROR line as each kernel's own Kbuild build; vma_flags: $(verdicts vma_flags/vma_flags)"
"$MODLINK" audit --source "$src" --kernel "$amd64" --kernel "$rt" --kernel "$H" --root "$T" --kernel "$SH" --root "$S" -j 2 >"$TMP/matrix3.txt" || true
sed -n '1,/^$/p' "$TMP/matrix3.txt"

# build-failed on one kernel: a bare MODULE_IMPORT_NS(DMA_BUF) compiles up
# to 6.12 and not on 7.x, where the namespace is a string.
bare=$TMP/bare-ns
mkdir -p "$bare/dmabuf_user"
cat >"$bare/dmabuf_user/dmabuf_user.c" <<'C'
// SPDX-License-Identifier: MIT
#include <linux/module.h>
#include <linux/dma-buf.h>
static int __init dmabuf_user_init(void) { struct dma_buf *b = dma_buf_get(-1); if (!IS_ERR(b)) dma_buf_put(b); return 0; }
module_init(dmabuf_user_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("modlink test: bare MODULE_IMPORT_NS");
MODULE_IMPORT_NS(DMA_BUF);
C
echo 'obj-m += dmabuf_user.o' >"$bare/dmabuf_user/Kbuild"
echo 'obj-m += dmabuf_user/' >"$bare/Kbuild"
rc=0
"$MODLINK" audit --source "$bare" --kernel "$amd64" --kernel "$H" --root "$T" --kernel "$SH" --root "$S" --format json >"$TMP/bare.json" || rc=$?
[ "$rc" = 1 ] || fail "bare MODULE_IMPORT_NS: exit $rc"
[ "$(jq -r '[.kernels[].build_failed] | join(" ")' "$TMP/bare.json")" = "false false true" ] ||
	fail "bare MODULE_IMPORT_NS: build_failed $(jq -r '[.kernels[].build_failed] | join(" ")' "$TMP/bare.json"), want false false true"
[ "$(jq -r '.modules[0].verdicts | join(" ")' "$TMP/bare.json")" = "ok ok build-failed" ] || fail "bare MODULE_IMPORT_NS verdicts: $(jq -c '.modules' "$TMP/bare.json")"
jq -r '.kernels[2].failure' "$TMP/bare.json" | grep -q 'error:' || fail "7.2's failure does not quote the compiler's error: $(jq -r '.kernels[2].failure' "$TMP/bare.json")"
echo "bare MODULE_IMPORT_NS(DMA_BUF): ok on 6.1 and 6.12, build-failed on 7.2: $(jq -r '.kernels[2].failure' "$TMP/bare.json" | cut -c1-120)"
