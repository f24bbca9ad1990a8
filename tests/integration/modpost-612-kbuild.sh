#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: trixie's own modpost 6.12 in real Kbuild builds, native in a
# trixie chroot (gcc-14, trixie's linux-headers-amd64; scripts/make-chroot).
# Each module is built twice in the same directory, first with kbuild's
# modpost, then, from a fresh copy of the source, with MODPOST=modlink;
# make's exit status, its stdout and stderr, and every file modpost writes
# (*.mod.c, Module.symvers) must be identical, and so must the final .ko
# files. Cases: every test module of testdata/kmod (GPL-only through an
# inline, direct and data; namespaces; undefined, more than 10 undefined;
# a clean one), the exporter/consumer pair of testdata/modpost/kmod with
# KBUILD_EXTRA_SYMBOLS (exports of each kind, CRCs, device tables,
# srcversion) and the section-mismatch module.
source "$(dirname "$0")/lib.sh"
CHROOT_RELEASE=trixie
use_chroot trixie
headers=$(cd "$CHROOT/usr/src" && ls -d linux-headers-6.12.*-amd64 | sort -V | tail -1)
[ -n "$headers" ] || fail "no 6.12 amd64 headers in $CHROOT/usr/src"
root=/modlink-test
rm -rf "${CHROOT:?}$root"
mkdir -p "$CHROOT$root"
trap 'rm -rf "$TMP"; rm -rf "${CHROOT:?}$root"' EXIT

# build CASE SRC PROGRAM [MAKE-ARGS...]: a clean copy of SRC at $root/CASE,
# built by make with PROGRAM as modpost ("" for kbuild's own); status and
# output in $CHROOT$root/CASE.{status,out,err}.
build() {
	local case=$1 src=$2 prog=$3 st=0
	shift 3
	rm -rf "${CHROOT:?}$root/$case"
	cp -r "$src" "$CHROOT$root/$case"
	local -a extra=()
	[ -n "$prog" ] && extra=(MODPOST="$prog")
	in_chroot make -C "/usr/src/$headers" M="$root/$case" "${extra[@]}" "$@" modules \
		>"$CHROOT$root/$case.out" 2>"$CHROOT$root/$case.err" </dev/null || st=$?
	echo "$st" >"$CHROOT$root/$case.status"
}

# save CASE: the outputs of a build, before the next build of CASE.
save() {
	local case=$1 d=$TMP/real/$1
	mkdir -p "$d"
	cp "$CHROOT$root/$case".{status,out,err} "$d/"
	(cd "$CHROOT$root/$case" && find . -name '*.mod.c' -o -name Module.symvers -o -name '*.ko' | LC_ALL=C sort) >"$d/files"
	mkdir -p "$d/tree"
	(cd "$CHROOT$root/$case" && xargs -r cp --parents -t "$d/tree" <"$d/files")
}

compare() {
	local case=$1 d=$TMP/real/$1 f
	diff "$d/$case.status" "$CHROOT$root/$case.status" >/dev/null ||
		fail "$case: make exited $(cat "$CHROOT$root/$case.status"), with kbuild's modpost $(cat "$d/$case.status")"
	diff "$d/$case.err" "$CHROOT$root/$case.err" >"$TMP/diff" || { head -20 "$TMP/diff" >&2; fail "$case: make's stderr differs"; }
	diff "$d/$case.out" "$CHROOT$root/$case.out" >"$TMP/diff" || { head -20 "$TMP/diff" >&2; fail "$case: make's stdout differs"; }
	(cd "$CHROOT$root/$case" && find . -name '*.mod.c' -o -name Module.symvers -o -name '*.ko' | LC_ALL=C sort) >"$TMP/files"
	diff "$d/files" "$TMP/files" >"$TMP/diff" || { cat "$TMP/diff" >&2; fail "$case: not the same files written"; }
	while read -r f; do
		cmp -s "$d/tree/$f" "$CHROOT$root/$case/$f" || { diff "$d/tree/$f" "$CHROOT$root/$case/$f" | head -20 >&2; fail "$case: $f differs"; }
	done <"$d/files"
	echo "$case: make exit $(cat "$d/$case.status"), $(wc -l <"$d/files") files, stdout and stderr identical to kbuild's modpost"
}

cases=0
for prog in "" /opt/modlink/modlink; do
	for dir in "$REPO"/testdata/kmod/*/ "$REPO"/testdata/modpost/kmod/mismatch/; do
		case=$(basename "$dir")
		build "$case" "$dir" "$prog"
		if [ -z "$prog" ]; then save "$case"; else compare "$case"; cases=$((cases + 1)); fi
	done
	build exporter "$REPO/testdata/modpost/kmod/exporter" "$prog"
	build consumer "$REPO/testdata/modpost/kmod/consumer" "$prog" KBUILD_EXTRA_SYMBOLS="$root/exporter/Module.symvers"
	if [ -z "$prog" ]; then save exporter; save consumer; else compare exporter; compare consumer; cases=$((cases + 2)); fi
done
# MODLINK_EXPLAIN=1: kbuild's messages, each GPL-only one followed by the
# inline chain that pulled the symbol in; nothing else changes.
build gpl_inline "$REPO/testdata/kmod/gpl_inline" /opt/modlink/modlink MODLINK_EXPLAIN=1
explained=$CHROOT$root/gpl_inline.err
diff "$TMP/real/gpl_inline/gpl_inline.status" "$CHROOT$root/gpl_inline.status" >/dev/null || fail "gpl_inline: MODLINK_EXPLAIN changed make's exit status"
grep -v '^  note: ' "$explained" | diff "$TMP/real/gpl_inline/gpl_inline.err" - >"$TMP/diff" ||
	{ cat "$TMP/diff" >&2; fail "gpl_inline: MODLINK_EXPLAIN changed kbuild's own lines"; }
for want in 'pulled in by kernel inline `rcu_read_lock()` (include/linux/rcupdate.h:' \
	'static key used by `sched_smt_active()` (include/linux/sched/smt.h:'; do
	grep -qF "$want" "$explained" || { cat "$explained" >&2; fail "gpl_inline: no note '$want'"; }
done
echo "gpl_inline with MODLINK_EXPLAIN=1: kbuild's $(grep -vc '^  note: ' "$explained") lines, $(grep -c '^  note: ' "$explained") notes naming the inlines"
grep -q 'KSYMTAB_FUNC' "$TMP/real/exporter/tree/mlx_exporter.mod.c" || fail "the exporter's .mod.c has no KSYMTAB lines: the test lost its point"
grep -q 'section mismatch' "$TMP/real/mismatch/mismatch.err" || fail "kbuild's modpost reported no section mismatch: the test lost its point"
grep -q 'GPL-only symbol' "$TMP/real/gpl_inline/gpl_inline.err" || fail "gpl_inline was not refused: the test lost its point"
[ "$cases" -ge 11 ] || fail "only $cases cases"
echo "$cases Kbuild builds in trixie ($headers): identical with MODPOST=modlink"
