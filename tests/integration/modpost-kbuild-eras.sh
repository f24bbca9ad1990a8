#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: the own modpost of every era since 6.12 in real Kbuild builds,
# native in that release's chroot (scripts/make-chroot), with the compiler
# that built its kernel: trixie's 6.12 (gcc-14, trixie's
# linux-headers-amd64), sid's 7.2 (gcc-16, sid's), trixie-backports' 7.3
# (gcc-14, linux-headers-amd64/trixie-backports). (6.1's Kbuild builds run
# on the bookworm host: modpost-kbuild-testmods and -exports.) Each module
# is built twice in the same directory, first with kbuild's modpost, then,
# from a fresh copy of the source, with MODPOST=modlink; make's exit status,
# its stdout and stderr and every .mod.c, Module.symvers and .ko must be
# identical, and the drop-in must run each era as its own (no hand-over).
# Cases, every era:
#   - the test modules of testdata/kmod (GPL-only through an inline, direct
#     and data; namespaces; undefined, more than 10 undefined; a clean one),
#     the section-mismatch module, and the exporter/consumer pair of
#     testdata/modpost/kmod with KBUILD_EXTRA_SYMBOLS (exports of each kind,
#     CRCs, device tables, srcversion);
#   - gpl_inline again with MODLINK_EXPLAIN=1: kbuild's lines, each GPL-only
#     error followed by the inline chain.
# Since 7.2 also:
#   - testdata/modpost/kmod72/modns_*: EXPORT_SYMBOL_FOR_MODULES ("module:"
#     namespaces) with a listed, a globbed and an unlisted consumer, and an
#     explicit MODULE_IMPORT_NS("module:...");
#   - testdata/modpost/kmod72/longname: a 71-character export and its user
#     under extended modversions. sid's kernel has MODVERSIONS off, so the
#     build uses a copy of the headers with MODVERSIONS, BASIC_ and
#     EXTENDED_MODVERSIONS turned on in auto.conf and autoconf.h (kbuild
#     then runs genksyms and passes modpost -m -b -x); a kernel built so
#     exports module_layout, which every versioned module needs: the copy's
#     Module.symvers gets that line (CRC 0, like the rest);
#   - vma_flags and fpu_inline with MODLINK_EXPLAIN=1, the two real breaks
#     that still happen: vm_flags_set() pulling __vma_start_write (NVIDIA,
#     6.15) and kernel_fpu_begin() pulling kernel_fpu_begin_mask.
# KBUILD_ERA=E runs one era. An era whose headers the archive no longer has
# makes the test a skip, never a pass.
source "$(dirname "$0")/lib.sh"
if [ -z "${KBUILD_ERA:-}" ]; then
	skipped= passed=0
	for era in $(eras_since 6.12); do
		rc=0
		KBUILD_ERA=$era bash "$0" >"$TMP/era.out" 2>&1 || rc=$?
		cat "$TMP/era.out"
		if [ "$rc" = 77 ]; then skipped+=" $(tail -n 1 "$TMP/era.out" | sed 's/^skipped: //')"; continue; fi
		[ "$rc" = 0 ] || exit 1
		passed=$((passed + 1))
	done
	[ -z "$skipped" ] || skip "no oracle:$skipped ($passed other era(s) passed)"
	exit 0
fi
[ -n "${ERA_CHROOT[$KBUILD_ERA]:-}" ] || fail "era $KBUILD_ERA has no chroot and headers (ERA_CHROOT in tests/integration/lib.sh)"
# shellcheck disable=SC2086
kbuild_setup ${ERA_CHROOT[$KBUILD_ERA]}
since_72=no
[ "$(printf '%s\n' 7.2 "$KBUILD_ERA" | sort -V | head -1)" = 7.2 ] && since_72=yes
[ $since_72 = yes ] && kbuild_modversions_headers

cases=0
for prog in "" /opt/modlink/modlink; do
	for dir in "$REPO"/testdata/kmod/*/ "$REPO"/testdata/modpost/kmod/mismatch/; do
		case=$(basename "$dir")
		kbuild_build "$case" "$dir" "$prog"
		if [ -z "$prog" ]; then kbuild_save "$case"; else kbuild_compare "$case"; cases=$((cases + 1)); fi
	done
	kbuild_build exporter "$REPO/testdata/modpost/kmod/exporter" "$prog"
	kbuild_build consumer "$REPO/testdata/modpost/kmod/consumer" "$prog" KBUILD_EXTRA_SYMBOLS="$KB_ROOT/exporter/Module.symvers"
	pairs="exporter consumer"
	if [ $since_72 = yes ]; then
		kbuild_build modns_exporter "$REPO/testdata/modpost/kmod72/modns_exporter" "$prog"
		kbuild_build modns_consumers "$REPO/testdata/modpost/kmod72/modns_consumers" "$prog" \
			KBUILD_EXTRA_SYMBOLS="$KB_ROOT/modns_exporter/Module.symvers"
		headers=$KB_HEADERS KB_HEADERS=$MODV
		kbuild_build longname "$REPO/testdata/modpost/kmod72/longname" "$prog" V=1
		KB_HEADERS=$headers
		pairs+=" modns_exporter modns_consumers longname"
	fi
	for case in $pairs; do
		if [ -z "$prog" ]; then kbuild_save $case; else
			# V=1 echoes the modpost command: the program is the one thing swapped.
			[ $since_72 = yes ] && sed -i "s|/opt/modlink/modlink |/usr/src/$MODV/scripts/mod/modpost |" "$CHROOT$KB_ROOT/$case.out"
			kbuild_compare $case
			cases=$((cases + 1))
		fi
	done
done

# MODLINK_EXPLAIN=1: kbuild's messages, each GPL-only one followed by the
# inline chain that pulled the symbol in; nothing else changes.
explain_case() { # CASE WANTED-NOTE...
	local case=$1 want explained
	shift
	kbuild_build "$case" "$REPO/testdata/kmod/$case" /opt/modlink/modlink MODLINK_EXPLAIN=1
	explained=$CHROOT$KB_ROOT/$case.err
	diff "$TMP/real/$case/$case.status" "$CHROOT$KB_ROOT/$case.status" >/dev/null || fail "$case: MODLINK_EXPLAIN changed make's exit status"
	grep -v '^  note: ' "$explained" | diff "$TMP/real/$case/$case.err" - >"$TMP/diff" ||
		{ cat "$TMP/diff" >&2; fail "$case: MODLINK_EXPLAIN changed kbuild's own lines"; }
	for want in "$@"; do
		grep -qF "$want" "$explained" || { cat "$explained" >&2; fail "$case: no note '$want'"; }
	done
	echo "$case with MODLINK_EXPLAIN=1: kbuild's $(grep -vc '^  note: ' "$explained") lines, $(grep -c '^  note: ' "$explained") notes naming the inlines"
}
explain_case gpl_inline 'pulled in by kernel inline `rcu_read_lock()` (include/linux/rcupdate.h:' \
	'static key used by `sched_smt_active()` (include/linux/sched/smt.h:'
r=$TMP/real
if [ $since_72 = yes ]; then
	grep -q "GPL-only symbol '__vma_start_write'" "$r/vma_flags/vma_flags.err" || fail "$KBUILD_ERA's modpost did not refuse vma_flags for __vma_start_write"
	explain_case vma_flags 'pulled in by kernel inline `vm_flags_set()` (include/linux/mm.h:' \
		'vma_start_write() at include/linux/mmap_lock.h:'
	grep -q "GPL-only symbol 'kernel_fpu_begin_mask'" "$r/fpu_inline/fpu_inline.err" || fail "$KBUILD_ERA's modpost did not refuse fpu_inline"
	explain_case fpu_inline 'pulled in by kernel inline `kernel_fpu_begin()` (arch/x86/include/asm/fpu/api.h:' \
		'called directly at fpu_inline.c:'
fi

# The cases keep their point: what the era's own modpost said and wrote.
grep -q 'KSYMTAB_FUNC(mlx_in_ns, ' "$r/exporter/tree/mlx_exporter.mod.c" || fail "the exporter's .mod.c has no KSYMTAB line for its namespaced export"
grep -q 'section mismatch' "$r/mismatch/mismatch.err" || fail "no section mismatch reported: the test lost its point"
grep -q 'GPL-only symbol' "$r/gpl_inline/gpl_inline.err" || fail "gpl_inline was not refused: the test lost its point"
if [ $since_72 = yes ]; then
	grep -q 'module:modns_friend,modns_pal\*' "$r/modns_exporter/tree/Module.symvers" || fail "no module: namespace in the exporter's Module.symvers"
	# (Each check takes 7.2's words or 7.3's.)
	ns_err=$r/modns_consumers/modns_consumers.err
	grep -Eq "(modns_stranger uses symbol modns_for_friends from namespace module:|modns_stranger.ko: module uses symbol 'modns_for_friends' from namespace 'module:)" "$ns_err" ||
		fail "the unlisted consumer was not refused: $(cat "$ns_err")"
	grep -Eq "(modns_pal_one uses symbol modns_for_one from namespace module:|modns_pal_one.ko: module uses symbol 'modns_for_one' from namespace 'module:)" "$ns_err" ||
		fail "the globbed consumer was not refused the export that does not list it"
	grep -Eq "explicitly importing namespace (\"module:modns_importer\"|'module:modns_importer') is not allowed" "$ns_err" ||
		fail "the explicit module: import was not refused"
	! grep -Eq 'modns_friend( uses|.ko: module uses)' "$ns_err" || fail "the listed consumer was refused"
	grep -Eq 'missing MODULE_DESCRIPTION\(\) in modns_stranger|modns_stranger.ko: missing MODULE_DESCRIPTION\(\)' "$ns_err" || fail "no MODULE_DESCRIPTION warning"
	grep -qE 'modpost -M -m -b -x ' "$r/longname/longname.out" || fail "kbuild did not pass -m -b -x with the headers copy: $(grep modpost "$r/longname/longname.out")"
	mc=$r/longname/tree/longname_consumer.mod.c
	grep -q '____version_ext_names' "$mc" || fail "no extended modversions tables in longname_consumer.mod.c"
	grep -q 'modlink_an_exported_function_whose_name_is_longer_than_fifty_six_bytes' "$mc" || fail "the long name is not in longname_consumer.mod.c"
	sed -n '/____versions\[\]/,/^};/p' "$mc" | grep -q 'longer_than_fifty' && fail "the long name is in the basic ____versions table"
	grep -q '0x[0-9a-f]\{8\}.*longname_short' "$r/longname/tree/Module.symvers" || fail "no CRC for longname_short"
	grep '^0x00000000' "$r/longname/tree/Module.symvers" && fail "genksyms gave a zero CRC: MODVERSIONS did not take"
fi
[ "$cases" -ge 11 ] || fail "only $cases cases"
MODLINK_ERA_LOG=$CHROOT$KB_ROOT/era.log own_era_only "$KBUILD_ERA"
echo "$KBUILD_ERA: $cases Kbuild builds in $CHROOT_RELEASE ($KB_HEADERS${MODV:+, and $MODV for extended modversions}): identical with MODPOST=modlink"
