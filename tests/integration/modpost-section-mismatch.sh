#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: the real modpost of 6.1, of 6.12 and of 7.2 (modpost.real-lsb-64;
# 6.12's and 7.2's under trixie's and sid's loaders, with -M) on section
# mismatches.
# One small object per (from section, to section) pair over the sections
# the rules name (text, data, init, meminit, exit, PCI fixups, ksymtab,
# head, ...) and, for data/text/rodata into init/exit code and data, one
# per white-listed symbol-name pattern (*_driver, *_ops, __param*,
# *.constprop.*, .L*; 7.x's *_ops.llvm.*). Messages (with and without -E) and exit status must
# be identical. modlink picks each era from the -i dump's tree.
source "$(dirname "$0")/lib.sh"
use_set bookworm-amd64
real61=$(dirname "$MODPOST")/modpost.real-lsb-64 sym61=$SYMVERS
use_set trixie-amd64
real612=$(dirname "$MODPOST")/modpost.real-lsb-64 sym612=$SYMVERS
use_set sid-amd64
real72=$(dirname "$MODPOST")/modpost.real-lsb-64 sym72=$SYMVERS
[ -x "$real61" ] && [ -x "$real612" ] && [ -x "$real72" ] || fail "no $real61, $real612 or $real72"
cd "$TMP"
n=0
object() { # object FROMSEC TOSEC FROMSYM
	n=$((n + 1))
	printf '.section .modinfo,"a"\n.asciz "license=GPL"\n.section "%s","aw"\n.quad 0\n%s: .quad 0\n.quad tsym%d\n.section "%s","ax"\n.quad 0\ntsym%d: .quad 0\n' \
		"$1" "$3" "$n" "$2" "$n" | gcc -c -x assembler - -o "m$n.o" 2>/dev/null || return 0
	echo "m$n.o" >>list
}
froms=".text .text.foo .text.unlikely .data .data.rel .data.rel.ro .rodata .init.text .init.data .init.rodata
.meminit.text .meminit.data .exit.text .exit.data .memexit.text .ref.text .pci_fixup_final ___ksymtab+x
.head.text .sched.text .ltext .noinstr.text .other .spinlock.text"
tos=".init.text .init.data .init.rodata .init.setup .meminit.text .meminit.data .exit.text .exit.data
.memexit.text .memexit.data .text .ref.text .altinstr_replacement"
for f in $froms; do for t in $tos; do object "$f" "$t" fsym; done; done
for f in .data .text .rodata; do
	for t in .init.text .init.data .exit.text .meminit.text .exit.data; do
		for s in plain_fn foo_driver foo_ops foo_probe foo_probe_one foo_template foo_timer foo_sht foo_console \
			__param_x __param_ops_x foo.constprop.0 .Lfoo foo_ops.llvm.1234 foo_ops.llvm; do
			object "$f" "$t" "$s"
		done
	done
done
objects=$(wc -l <list)
[ "$objects" -ge 400 ] || fail "only $objects objects assembled"
for era in 6.1 6.12 7.2; do
	case $era in
	6.1) real=$real61 sym=$sym61 eraflags="" ;;
	6.12) real=$real612 sym=$sym612 eraflags="-M" ;;
	7.2) real=$real72 sym=$sym72 eraflags="-M" ;;
	esac
	for flags in "" "-E"; do
		rc_real=0 rc_ml=0
		"$real" $eraflags $flags -e -i "$sym" -T list 2>real.err || rc_real=$?
		"$MODLINK" $eraflags $flags -e -i "$sym" -T list 2>modlink.err || rc_ml=$?
		[ "$rc_real" = "$rc_ml" ] || fail "$era, flags '$flags': exit status $rc_ml, real $rc_real"
		diff real.err modlink.err >&2 || fail "$era, flags '$flags': messages differ"
		echo "$era section mismatch${flags:+ with $flags}: $objects objects, $(grep -c 'mismatch in reference\|init/exit symbol' real.err) warnings, identical (exit $rc_real)"
	done
done
