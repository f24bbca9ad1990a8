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
kmod_source_tree "$src"
rc=0
"$MODLINK" audit --source "$src" --kernel "$amd64" --kernel "$rt" -j 2 --format json >"$TMP/a.json" || rc=$?
[ "$rc" = 1 ] || fail "audit --source exited $rc, want 1 (some modules are refused)"
schema_valid 7 "$REPO/doc/schema/modlink.schema.json" "$TMP/a.json" || fail "the JSON does not match doc/schema/modlink.schema.json"
# The same bytes from a second run with another thread count: the scratch
# copy's paths (new each run) never show.
"$MODLINK" audit --source "$src" --kernel "$amd64" --kernel "$rt" -j 1 --format json >"$TMP/a1.json" || true
cmp -s "$TMP/a.json" "$TMP/a1.json" || { diff "$TMP/a.json" "$TMP/a1.json" | head -5 >&2; fail "a second run (-j 1) printed other bytes"; }
! grep -q "modlink-audit\." "$TMP/a.json" || fail "the scratch directory shows in the report"
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

# Every era since 6.12 natively, as its users build: the era's headers in
# its release's chroot (ERA_CHROOT: trixie's gcc-14 for 6.12 and for
# trixie-backports' 7.3, sid's gcc-16 for 7.2), each with --root, all in one
# audit beside bookworm's 6.1. Oracle: each test module built in that
# chroot by Kbuild with the era's own modpost.
up=/modlink-audit-oracle
kernels=(--kernel "$amd64")
eras=(6.1) oracles=("") roots=()
trap 'rm -rf "$TMP"; for r in "${roots[@]}"; do rm -rf "${r:?}$up"; done' EXIT
for era in $(eras_since 6.12); do
	read -r rel glob extra <<<"${ERA_CHROOT[$era]}"
	# shellcheck disable=SC2086
	R=$("$REPO/scripts/make-chroot" "$rel" $extra) || fail "cannot make the $rel chroot"
	H=$(cd "$R/usr/src" && ls -d $glob 2>/dev/null | sort -V | tail -1)
	[ -n "$H" ] || skip "no $glob in the $rel chroot (the archive moved on)"
	H=/usr/src/$H
	roots+=("$R")
	rm -rf "${R:?}$up/$era"
	mkdir -p "$R$up/$era"
	for c in "${cases[@]}"; do
		cp -a "$REPO/testdata/kmod/$c" "$R$up/$era/$c"
		st=0
		"$REPO/scripts/make-chroot" --run "$rel" make -C "$H" M="$up/$era/$c" modules >"$R$up/$era/$c.out" 2>"$R$up/$era/$c.err" || st=$?
		echo "$st" >"$R$up/$era/$c.status"
	done
	kernels+=(--kernel "$H" --root "$R")
	eras+=("$era") oracles+=("$R$up/$era")
done
rc=0
"$MODLINK" audit --source "$src" "${kernels[@]}" -j 2 --format json >"$TMP/e.json" || rc=$?
[ "$rc" = 1 ] || fail "${eras[*]}: exit $rc"
schema_valid 7 "$REPO/doc/schema/modlink.schema.json" "$TMP/e.json" || fail "the audit's JSON does not match the schema"
for ((k = 1; k < ${#eras[@]}; k++)); do
	era=${eras[$k]} o=${oracles[$k]}
	[ "$(jq -r ".kernels[$k].build_failed" "$TMP/e.json")" = false ] || fail "$era: build failed: $(jq -r ".kernels[$k].failure" "$TMP/e.json")"
	[ "$(jq -r ".kernels[$k].era" "$TMP/e.json")" = "$era" ] || fail "$era: the drop-in's era was $(jq -r ".kernels[$k].era" "$TMP/e.json")"
	for c in "${cases[@]}"; do
		same_as_own_build "$era" "$TMP/e.json" "$k" "$c" "$(cat "$o/$c.status")" "$o/$c.err" "$up/$era/$c"
	done
done
verdicts() { jq -r --arg m "$1" '.modules[] | select(.module == $m) | .verdicts | join(" ")' "$TMP/e.json"; }
# vm_flags_set() pulls the GPL-only __vma_start_write since 6.15.
want_vma=$(for era in "${eras[@]}"; do case $era in 6.1 | 6.12) echo ok ;; *) echo error ;; esac; done | paste -sd' ')
[ "$(verdicts vma_flags/vma_flags)" = "$want_vma" ] || fail "vma_flags: $(verdicts vma_flags/vma_flags), want $want_vma"
jq -r '.kernels[-1].modules[] | select(.module == "vma_flags/vma_flags") | .findings[] | .notes[]' "$TMP/e.json" |
	grep -q 'pulled in by kernel inline `vm_flags_set()`' || fail "${eras[-1]}: __vma_start_write not explained through vm_flags_set()"
echo "audit --source with --root chroots: ${#cases[@]} test modules on ${eras[*]}, every verdict and ERROR line as each kernel's own Kbuild build; vma_flags: $(verdicts vma_flags/vma_flags)"
"$MODLINK" audit --source "$src" --kernel "$amd64" --kernel "$rt" "${kernels[@]:2}" -j 2 >"$TMP/matrix.txt" || true
sed -n '1,/^$/p' "$TMP/matrix.txt"

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
"$MODLINK" audit --source "$bare" "${kernels[@]}" --format json >"$TMP/bare.json" || rc=$?
[ "$rc" = 1 ] || fail "bare MODULE_IMPORT_NS: exit $rc"
want_failed=$(for era in "${eras[@]}"; do case $era in 6.1 | 6.12) echo false ;; *) echo true ;; esac; done | paste -sd' ')
[ "$(jq -r '[.kernels[].build_failed] | join(" ")' "$TMP/bare.json")" = "$want_failed" ] ||
	fail "bare MODULE_IMPORT_NS: build_failed $(jq -r '[.kernels[].build_failed] | join(" ")' "$TMP/bare.json"), want $want_failed"
jq -r '.kernels[-1].failure' "$TMP/bare.json" | grep -q 'error:' || fail "${eras[-1]}'s failure does not quote the compiler's error: $(jq -r '.kernels[-1].failure' "$TMP/bare.json")"
echo "bare MODULE_IMPORT_NS(DMA_BUF) on ${eras[*]}: build_failed $want_failed: $(jq -r '.kernels[-1].failure' "$TMP/bare.json" | cut -c1-120)"
