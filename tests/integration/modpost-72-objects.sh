#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: the real modpost of every era since 7.2 (sid's 7.2, trixie-backports' 7.3; modpost.real-lsb-64 under the set's loader)
# on objects assembled here from testdata/modpost/v72: an exporter with
# GPL-only, plain, data, namespaced, module:-namespaced
# (EXPORT_SYMBOL_GPL_FOR_MODULES) and 56-character exports, with CRCs in its
# .cmd file; a module the namespace lists by name, one its glob lists, one
# it does not list, and one that imports the module: namespace
# explicitly. Run as kbuild 7.x runs an M= build, in the module directory
# (`-M -o Module.symvers -T modules.order -i <headers>/Module.symvers -e`),
# with each modversions setting (-m, -b, -x and their mixes) and -N, -W,
# -a; the headers are a copy of sid's kernel.release with a Module.symvers
# that has CRCs and module_layout, as a MODVERSIONS build of the tree would
# (sid's own has neither). modlink picks 7.2 from that tree. Then in-tree
# runs (`-M [-t [-u list]] -o Module.symvers -T modules.order vmlinux.o`,
# with and without -w) on a vmlinux.o with exports, a .no_trim_symbol
# section and built-in modules' device tables, and a module that uses
# __start_/__stop_ section bounds; and a module of distributed-ThinLTO
# objects (X.thinlto-native.o), whose CRCs are in .X.o.cmd. Each run is made in two copies of the
# directory; stderr, exit status and every file left behind must be
# identical.
source "$(dirname "$0")/lib.sh"
once_per_era "$0" 7.2
real=$(dirname "$MODPOST")/modpost.real-lsb-64
[ -x "$real" ] || fail "no $real"
src=$REPO/testdata/modpost/v72

hdr=$TMP/headers
mkdir -p "$hdr/include/config"
cp "$HEADERS/include/config/kernel.release" "$hdr/include/config/"
# sid's exports, each with a made-up CRC, and module_layout.
awk -F'\t' 'BEGIN { OFS = "\t"; printf "0x13572468\tmodule_layout\tvmlinux\tEXPORT_SYMBOL\t\n" }
	{ $1 = sprintf("0x%08x", (NR * 2654435761) % 4294967296); print }' "$SYMVERS" >"$hdr/Module.symvers"

M=$TMP/mod
mkdir -p "$M/drv"
for s in ns_exporter ns_user ns_glob_match ns_user2 drv/ns_explicit; do
	gcc -c -I "$src" -x assembler-with-cpp "$src/${s##*/}.S" -o "$M/$s.o" || fail "cannot assemble $s"
	echo "$s.o" >"$M/$s.mod"
	: >"$(dirname "$M/$s")/.${s##*/}.o.cmd"
done
cp "$src/ns_exporter.symver" "$M/.ns_exporter.o.cmd"
printf '%s\n' ns_exporter.o ns_user.o ns_glob_match.o >"$M/good.order"
printf '%s\n' ns_exporter.o ns_user.o ns_glob_match.o ns_user2.o drv/ns_explicit.o >"$M/modules.order"

runs=0
for order in good.order modules.order; do
	for mv in "" "-m" "-m -b" "-m -x" "-m -b -x" "-b" "-x" "-b -x"; do
		for extra in "" "-N" "-W -a"; do
			rm -rf "$TMP/real" "$TMP/modlink"
			cp -a "$M" "$TMP/real"
			cp -a "$M" "$TMP/modlink"
			# shellcheck disable=SC2086
			args=(-M $mv $extra -o Module.symvers -T "$order" -i "$hdr/Module.symvers" -e)
			rc_real=0 rc_ml=0
			(cd "$TMP/real" && "$real" "${args[@]}") 2>"$TMP/real.err" || rc_real=$?
			(cd "$TMP/modlink" && "$MODLINK" "${args[@]}") 2>"$TMP/modlink.err" || rc_ml=$?
			what="${args[*]}"
			[ "$rc_real" = "$rc_ml" ] || fail "$what: exit status $rc_ml, real $rc_real"
			diff "$TMP/real.err" "$TMP/modlink.err" >&2 || fail "$what: messages differ"
			diff -r "$TMP/real" "$TMP/modlink" >&2 || fail "$what: files differ"
			runs=$((runs + 1))
		done
	done
done
# The runs must have shown what they are about.
(cd "$TMP/real" && "$real" -M -m -b -x -o Module.symvers -T good.order -i "$hdr/Module.symvers" -e) 2>/dev/null ||
	fail "the allowed modules do not pass sid's modpost"
grep -q '____version_ext_names' "$TMP/real/ns_user.mod.c" || fail "no extended modversions in ns_user.mod.c"
grep -q 'SYMBOL_FLAGS(ns_for_users, 0x01);' "$TMP/real/ns_exporter.mod.c" || fail "no SYMBOL_FLAGS line"
# (7.2's words, then 7.3's.)
grep -Eq "explicitly importing namespace (\"module:ns_user\"|'module:ns_user')" "$TMP/real.err" || fail "no explicit-import error"
grep -Eq "(module ns_user2 uses symbol ns_for_users from namespace module:|ns_user2.ko: module uses symbol 'ns_for_users' from namespace 'module:)" "$TMP/real.err" ||
	fail "no refusal"
# Distributed ThinLTO: CRCs of X.thinlto-native.o come from .X.o.cmd; then
# the same with one of those files missing.
T=$TMP/thin
mkdir -p "$T/lib"
gcc -c -I "$src" -x assembler-with-cpp "$src/thin_exporter.S" -o "$T/thin_exporter.o" || fail "cannot assemble thin_exporter"
printf '%s\n' thin_part.thinlto-native.o lib/thin_lib.thinlto-native.o >"$T/thin_exporter.mod"
printf 'cmd\n#SYMVER thin_a 0x0000aaaa\n' >"$T/.thin_part.o.cmd"
printf 'cmd\n#SYMVER thin_b 0x0000bbbb\n' >"$T/lib/.thin_lib.o.cmd"
echo thin_exporter.o >"$T/modules.order"
for step in all-cmd-files one-missing; do
	[ $step = one-missing ] && rm "$T/lib/.thin_lib.o.cmd"
	rm -rf "$TMP/real" "$TMP/modlink"
	cp -a "$T" "$TMP/real"
	cp -a "$T" "$TMP/modlink"
	args=(-M -m -b -x -o Module.symvers -T modules.order -i "$hdr/Module.symvers" -e)
	rc_real=0 rc_ml=0
	(cd "$TMP/real" && "$real" "${args[@]}") 2>"$TMP/real.err" || rc_real=$?
	(cd "$TMP/modlink" && "$MODLINK" "${args[@]}") 2>"$TMP/modlink.err" || rc_ml=$?
	[ "$rc_real" = "$rc_ml" ] || fail "ThinLTO $step: exit status $rc_ml, real $rc_real"
	diff "$TMP/real.err" "$TMP/modlink.err" >&2 || fail "ThinLTO $step: messages differ"
	diff -r "$TMP/real" "$TMP/modlink" >&2 || fail "ThinLTO $step: files differ"
	if [ $step = all-cmd-files ]; then
		grep -q 'SYMBOL_CRC(thin_b, 0x0000bbbb);' "$TMP/real/thin_exporter.mod.c" || fail "ThinLTO: no CRC from lib/.thin_lib.o.cmd"
	fi
	runs=$((runs + 1))
done

# In-tree: the tree is the working directory (kernel.release, as kbuild's).
I=$TMP/intree
mkdir -p "$I/include/config" "$I/drivers"
cp "$HEADERS/include/config/kernel.release" "$I/include/config/"
gcc -c -I "$src" -x assembler-with-cpp "$src/intree_vmlinux.S" -o "$I/vmlinux.o" || fail "cannot assemble vmlinux.o"
gcc -c -I "$src" -x assembler-with-cpp "$src/intree_user.S" -o "$I/drivers/intree_user.o" || fail "cannot assemble intree_user.o"
echo drivers/intree_user.o >"$I/drivers/intree_user.mod"
echo drivers/intree_user.o >"$I/modules.order"
echo vbar >"$I/keep.list"
intree_runs=0
for trim in "" "-t" "-t -u keep.list"; do
	for w in "" "-w"; do
		rm -rf "$TMP/real" "$TMP/modlink"
		cp -a "$I" "$TMP/real"
		cp -a "$I" "$TMP/modlink"
		# shellcheck disable=SC2086
		args=(-M $trim $w -o Module.symvers -T modules.order vmlinux.o)
		rc_real=0 rc_ml=0
		(cd "$TMP/real" && "$real" "${args[@]}") 2>"$TMP/real.err" || rc_real=$?
		(cd "$TMP/modlink" && "$MODLINK" "${args[@]}") 2>"$TMP/modlink.err" || rc_ml=$?
		what="in-tree ${args[*]}"
		[ "$rc_real" = "$rc_ml" ] || fail "$what: exit status $rc_ml, real $rc_real"
		diff "$TMP/real.err" "$TMP/modlink.err" >&2 || fail "$what: messages differ"
		diff -r "$TMP/real" "$TMP/modlink" >&2 || fail "$what: files differ"
		intree_runs=$((intree_runs + 1))
	done
done
grep -q 'MODULE_INFO(bar.alias, "virtio:d00000005v00000006\*");' "$TMP/real/.vmlinux.export.c" ||
	fail "no built-in alias in .vmlinux.export.c"
grep -q 'KSYMTAB_FUNC(vkeep, "");' "$TMP/real/.vmlinux.export.c" || fail ".no_trim_symbol kept nothing"
grep -q '__startled' "$TMP/real.err" || fail "__startled was not an import"
! grep -q '__start_my_section' "$TMP/real.err" || fail "__start_my_section was an import"

own_era_only "$ERA"
echo "$ERA objects: $runs runs (modversions -m/-b/-x, module: namespaces allowed, globbed, refused, imported; ThinLTO CRCs) and $intree_runs in-tree runs (trimming, .no_trim_symbol, built-in aliases, section bounds), identical"
