#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: the real modpost of every era modlink knows (modpost.real-lsb-64
# of each era's set, under its release's loader, with -M since 6.6) on
# section mismatches.
# One small object per (from section, to section) pair over the sections
# the rules name (text, data, init, meminit, exit, PCI fixups, ksymtab,
# head, ...) and, for data/text/rodata into init/exit code and data, one
# per white-listed symbol-name pattern (*_driver, *_ops, __param*,
# *.constprop.*, .L*; 7.x's *_ops.llvm.*). Messages (with and without -E) and exit status must
# be identical. modlink picks each era from the -i dump's tree, and must
# run it itself (MODLINK_ERA_LOG), never hand over.
source "$(dirname "$0")/lib.sh"
once_per_era "$0"
real=$(dirname "$MODPOST")/modpost.real-lsb-64
[ -x "$real" ] || fail "no $real"
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
for flags in "" "-E"; do
	rc_real=0 rc_ml=0
	"$real" $ERA_FLAGS $flags -e -i "$SYMVERS" -T list 2>real.err || rc_real=$?
	"$MODLINK" $ERA_FLAGS $flags -e -i "$SYMVERS" -T list 2>modlink.err || rc_ml=$?
	[ "$rc_real" = "$rc_ml" ] || fail "$ERA, flags '$flags': exit status $rc_ml, real $rc_real"
	diff real.err modlink.err >&2 || fail "$ERA, flags '$flags': messages differ"
	echo "$ERA section mismatch${flags:+ with $flags}: $objects objects, $(grep -c 'mismatch in reference\|init/exit symbol' real.err) warnings, identical (exit $rc_real)"
done
own_era_only "$ERA"
