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
kbuild_setup trixie "linux-headers-6.12.*-amd64"

cases=0
for prog in "" /opt/modlink/modlink; do
	for dir in "$REPO"/testdata/kmod/*/ "$REPO"/testdata/modpost/kmod/mismatch/; do
		case=$(basename "$dir")
		kbuild_build "$case" "$dir" "$prog"
		if [ -z "$prog" ]; then kbuild_save "$case"; else kbuild_compare "$case"; cases=$((cases + 1)); fi
	done
	kbuild_build exporter "$REPO/testdata/modpost/kmod/exporter" "$prog"
	kbuild_build consumer "$REPO/testdata/modpost/kmod/consumer" "$prog" KBUILD_EXTRA_SYMBOLS="$KB_ROOT/exporter/Module.symvers"
	if [ -z "$prog" ]; then kbuild_save exporter; kbuild_save consumer; else kbuild_compare exporter; kbuild_compare consumer; cases=$((cases + 2)); fi
done
# MODLINK_EXPLAIN=1: kbuild's messages, each GPL-only one followed by the
# inline chain that pulled the symbol in; nothing else changes.
kbuild_build gpl_inline "$REPO/testdata/kmod/gpl_inline" /opt/modlink/modlink MODLINK_EXPLAIN=1
explained=$CHROOT$KB_ROOT/gpl_inline.err
diff "$TMP/real/gpl_inline/gpl_inline.status" "$CHROOT$KB_ROOT/gpl_inline.status" >/dev/null || fail "gpl_inline: MODLINK_EXPLAIN changed make's exit status"
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
echo "$cases Kbuild builds in trixie ($KB_HEADERS): identical with MODPOST=modlink"
MODLINK_ERA_LOG=$CHROOT$KB_ROOT/era.log own_era_only 6.12
