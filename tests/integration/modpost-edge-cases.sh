#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: the real 6.1, 6.12 and 7.2 modpost programs (Debian's
# modpost.real-lsb-64, which the kbuild wrapper runs for x86-64 objects;
# 6.12's and 7.2's under trixie's and sid's loaders, with -M) on small
# objects assembled
# here: exports of every kind and namespaces, exported twice, exported
# without definition, weak and missing imports past the cap of ten, missing
# licenses, COMMON symbols, #SYMVER CRCs (first line, decimal, trailing
# junk), staging modules, srcversion, dump parse errors, missing inputs,
# and every flag (-e -w -N -n -a -d -E -o, in-tree and external). Each
# scenario runs in two copies of the same directory; stderr, exit status
# and every file left behind must be identical. Exports are each era's own
# markers (6.1: ___ksymtab+ sections; 6.12, 7.2: .export_symbol records), and
# 6.12 and 7.2 add their own cases: bad .export_symbol records, init/exit exports,
# the -W description warning and trimming with -t/-u.
source "$(dirname "$0")/lib.sh"
once_per_era "$0"
era=$ERA M=$ERA_FLAGS era_env=
[ "$ERA" = 6.1 ] || era_env=$ERA
real=$(dirname "$MODPOST")/modpost.real-lsb-64
[ -x "$real" ] || fail "no $real"
if [ $era = 7.2 ]; then
	# sid's kernel has no MODVERSIONS (no CRCs, no module_layout): the -m
	# scenarios get its exports with made-up CRCs and module_layout, as a
	# MODVERSIONS build of the same tree would have.
	awk -F'\t' 'BEGIN { OFS = "\t"; printf "0x13572468\tmodule_layout\tvmlinux\tEXPORT_SYMBOL\t\n" }
		{ $1 = sprintf("0x%08x", (NR * 2654435761) % 4294967296); print }' "$SYMVERS" >"$TMP/modversions.symvers"
	SYMVERS=$TMP/modversions.symvers
fi

obj() { # obj NAME: assemble stdin into NAME.o with NAME.mod and .NAME.o.cmd
	local d=${1%/*} b=${1##*/}
	[ "$d" = "$1" ] && d=.
	mkdir -p "$d"
	gcc -c -x assembler - -o "$1.o" || fail "assembler failed for $1"
	echo "$1.o" >"$1.mod"
	[ -f "$d/.$b.o.cmd" ] || : >"$d/.$b.o.cmd"
}
export_sym() { # NAME gpl|"" NAMESPACE
	if [ $era != 6.1 ]; then
		printf '.text\n.globl %s\n.type %s,@function\n%s: ret\n' "$1" "$1" "$1"
		export_record "$1" "${2:+GPL}" "$3" "$1"
		return
	fi
	local sec="___ksymtab+$1"
	[ "$2" = gpl ] && sec="___ksymtab_gpl+$1"
	printf '.text\n.globl %s\n.type %s,@function\n%s: ret\n' "$1" "$1" "$1"
	printf '.section "%s","a"\n__ksymtab_%s: .quad %s, __kstrtab_%s, __kstrtabns_%s\n' "$sec" "$1" "$1" "$1" "$1"
	printf '.section __ksymtab_strings,"aMS",@progbits,1\n__kstrtab_%s: .asciz "%s"\n__kstrtabns_%s: .asciz "%s"\n' "$1" "$1" "$1" "$3"
}
export_record() { # LABEL-SUFFIX LICENSE NAMESPACE TARGET: a 6.5+ .export_symbol record
	printf '.section .export_symbol,"a"\n__export_symbol_%s:\n.asciz "%s"\n.asciz "%s"\n.balign 8\n.quad %s\n' "$@"
}
calls() { echo .text; for s; do echo "call $s"; done; }
modinfo() { echo '.section .modinfo,"a"'; for t; do echo ".asciz \"$t\""; done; }

# --- the scenario directory -------------------------------------------------
S=$TMP/src
mkdir -p "$S" && cd "$S"
{ modinfo license=GPL; export_sym zed gpl NSZ; export_sym alpha "" ""; export_sym mid "" NS2; calls _printk; } | obj a
printf 'first line\n#SYMVER zed 0x1\n#SYMVER alpha 12\n#SYMVER mid 0x0000abcd \n#SYMVER nothere 0x5\n' >.a.o.cmd
{ modinfo license=GPL version=1.0 import_ns=NS2 import_ns=NSZ; export_sym beta "" ""; calls zed alpha mid; echo '.weak wk'; calls wk; } | obj b
{ modinfo license=GPL version=1.0 import_ns=NS2; calls zed mid; } | obj h
{ modinfo license=GPL; calls beta; } | obj drivers/staging/st
{ modinfo "license=Dual MIT/GPL" "license=Proprietary"; calls zed ktime_get u1 u2 u3 u4 u5 u6; } | obj c
{ calls v1 v2 v3 v4 v5 v6; echo '.comm common_thing,8,8'; } | obj d
{ modinfo license=GPL; printf '.section "___ksymtab+ext","a"\n__ksymtab_ext: .quad ext\n'; calls ext; } | obj e
{ modinfo license=GPL; export_sym _printk "" ""; export_sym alpha "" ""; echo '.section .mynotes,"",@progbits'; echo '.byte 1'; } | obj f
{ modinfo license=GPL; echo '.globl init_module; init_module: ret; .globl cleanup_module; cleanup_module: ret'; calls _printk; } | obj g
# An in-tree build: vmlinux.o exports (CRCs from the .cmd files of the
# objects in .vmlinux.objs) and modules that use them.
{ export_sym vfoo gpl ""; export_sym vbar "" VNS; calls _printk; echo '.section .init.text,"ax"'; echo 'early: ret'; echo '.text'; echo 'call early'; } | obj vmlinux
rm -f vmlinux.mod
mkdir -p kernel && printf 'kernel/a.o\nkernel/b.o\n' >.vmlinux.objs
printf 'cmd\n#SYMVER vfoo 0x1234abcd\n' >kernel/.a.o.cmd
printf 'cmd\n#SYMVER vbar 77\n' >kernel/.b.o.cmd
{ modinfo license=GPL import_ns=VNS; calls vfoo vbar; } | obj drivers/net/intree
printf '%s\n' drivers/net/intree.o >intree.list
# Device tables upstream refuses: not terminated, not whole entries (7.x
# names them __mod_device_table__kmod_<mod>__<type>__<name>).
table_sym() { if [ $era = 7.2 ]; then echo "__mod_device_table__kmod_$1__virtio__t"; else echo __mod_virtio__t_device_table; fi; }
tsym=$(table_sym badtable1)
{ modinfo license=GPL; printf '.section .rodata,"a"\n.type %s,@object\n.globl %s\n%s: .long 1,2,3,4\n.size %s,16\n' $tsym $tsym $tsym $tsym; } | obj badtable1
tsym=$(table_sym badtable2)
{ modinfo license=GPL; printf '.section .rodata,"a"\n.type %s,@object\n.globl %s\n%s: .long 1,2,3\n.size %s,12\n' $tsym $tsym $tsym $tsym; } | obj badtable2
if [ $era != 6.1 ]; then
	# Records 6.12 refuses, and exports of init and exit code.
	{ modinfo license=GPL; echo '.text; .globl good; .type good,@function; good: ret; loc: ret'; echo '.globl other; other: ret'
		echo '.section .export_symbol,"a"'; echo 'odd_label: .asciz ""'; echo '.asciz ""'; echo '.balign 8'; echo '.quad good'
		export_record loc "" "" loc; export_record good "" "" other; export_record other "MIT" "" other
		echo '.section .init.text,"ax"; .globl early_fn; early_fn: ret'; export_record early_fn "" "" early_fn
		echo '.section .exit.text,"ax"; .globl late_fn; late_fn: ret'; export_record late_fn GPL NSX late_fn; } | obj badrec
	{ echo '.section .modinfo,"a"'; echo '.asciz "license=GPL"'; echo '.asciz "description=has one"'; } | obj described
	printf 'zed\nnothere\n' >keep.list
fi
printf '0x11111111\tdumpsym\tsome/mod\tEXPORT_SYMBOL_GPL\tNSD\n0x2\tdumpsym2\tsome/mod\tEXPORT_SYMBOL\t\n' >extra.symvers
printf '0x1\tfoo\tbar\tEXPORT_SYMBOL_X\t\n' >badtype.symvers
printf '0x1\tfoo\tbar\tEXPORT_SYMBOL\t\n\n' >emptyline.symvers
head -c 40 a.o >tiny.o
echo "not an object" >junk.o
cp a.o renamed.c
clean_list=(a.o b.o drivers/staging/st.o g.o)

# Run as `modpost` (a symlink): the name alone selects the drop-in, even
# with no arguments at all.
mkdir -p "$TMP/bin" && ln -s "$(readlink -f "$MODLINK")" "$TMP/bin/modpost"
ml=$TMP/bin/modpost

scenario() { # scenario NAME [stdin-file] -- modpost arguments
	local name=$1 input=/dev/null
	shift
	if [ "$1" != -- ]; then input=$1; shift; fi
	shift
	local who
	for who in real modlink; do
		rm -rf "$TMP/$who" && cp -a "$S" "$TMP/$who"
		local prog=$real
		[ $who = modlink ] && prog=$ml
		local rc=0
		# A scenario whose -i dumps are not in a kernel tree names the era
		# (6.1 is the drop-in's choice without a tree, 6.12 must be named).
		# shellcheck disable=SC2086
		(cd "$TMP/$who" && MODLINK_MODPOST_ERA=$era_env exec "$prog" $M "$@" <"$input" >"$TMP/$who.out" 2>"$TMP/$who.err") || rc=$?
		echo "$rc" >"$TMP/$who.rc"
	done
	diff "$TMP/real.rc" "$TMP/modlink.rc" >/dev/null || fail "$name: exit status $(cat "$TMP/modlink.rc"), real $(cat "$TMP/real.rc")"
	# getopt names the program as invoked.
	# (6.12's through its loader shim names the program itself.)
	diff <(sed -E "s|^$real:|PROG:|; s|^/[^ ]*/modpost\.real-lsb-64:|PROG:|" "$TMP/real.err") <(sed "s|^$ml:|PROG:|" "$TMP/modlink.err") >&2 ||
		fail "$name: stderr differs"
	diff -r "$TMP/real" "$TMP/modlink" >&2 || fail "$name: outputs differ"
	echo "$name: identical (exit $(cat "$TMP/real.rc"), $(wc -l <"$TMP/real.err") lines of messages, $(find "$TMP/real" -newer "$S/junk.o" -type f | wc -l) files written)"
	scenarios=$((scenarios + 1))
}
scenarios=0
printf '%s\n' "${clean_list[@]}" >clean.list
printf '%s\n' a.o b.o c.o d.o e.o f.o g.o h.o drivers/staging/st.o >all.list
printf '%s\n' a.o missing.o renamed.c tiny.o junk.o b.o >odd.list

scenario clean-external -- -m -e -i "$SYMVERS" -i extra.symvers -o Module.symvers -T clean.list
scenario clean-intree-srcversion-all -- -m -a -i "$SYMVERS" -o Module.symvers -T clean.list
scenario clean-no-modversions -- -e -i "$SYMVERS" -o Module.symvers -T clean.list
scenario stdin-list clean.list -- -m -e -i "$SYMVERS" -o Module.symvers -T -
scenario positional -- -m -e -i "$SYMVERS" -o Module.symvers a.o b.o
scenario all-errors -- -m -e -i "$SYMVERS" -o Module.symvers -T all.list
scenario all-intree -- -m -i "$SYMVERS" -o Module.symvers -T all.list
scenario all-warn-only -- -m -w -N -e -i "$SYMVERS" -o Module.symvers -d modules.nsdeps -T all.list
scenario nsdeps -- -m -w -N -e -i "$SYMVERS" -o Module.symvers -d modules.nsdeps a.o h.o
scenario mismatch-flag -- -m -E -e -i "$SYMVERS" -o Module.symvers -T clean.list
scenario missing-object -- -m -e -i "$SYMVERS" -T odd.list
scenario missing-object-ignored -- -m -n -e -i "$SYMVERS" -T odd.list
scenario missing-list -- -m -e -i "$SYMVERS" -T nolist a.o
scenario missing-dump -- -m -e -i nosuch.symvers a.o
scenario dump-bad-type -- -i badtype.symvers -o out.symvers
scenario dump-empty-line -- -i emptyline.symvers -o out.symvers
scenario unwritable-dump -- -m -e -i "$SYMVERS" -o /nonexistent/dir/Module.symvers a.o
scenario intree-vmlinux intree.list -- -m -a -E -o Module.symvers -T - vmlinux.o
scenario intree-vmlinux-only -- -m -o vmlinux.symvers vmlinux.o
scenario intree-no-vmlinux-objs -- -m -o vmlinux.symvers vmlinux.o kernel/.a.o.cmd
scenario table-unterminated -- -e a.o badtable1.o
scenario table-partial-entry -- -e a.o badtable2.o
scenario bad-option -- -m -z a.o
M= scenario no-arguments --
if [ $era != 6.1 ]; then
	scenario bad-export-records -- -m -e -i "$SYMVERS" -o Module.symvers a.o badrec.o
	scenario description-warning -- -W -m -e -i "$SYMVERS" -o Module.symvers a.o g.o described.o
	scenario trim-external -- -t -m -e -i "$SYMVERS" -o Module.symvers a.o b.o
	scenario trim-whitelist -- -t -u keep.list -m -e -i "$SYMVERS" -o Module.symvers a.o b.o
	scenario no-config-modules -- -m -e -i "$SYMVERS" -o Module.symvers a.o b.o
	M= scenario without-M -- -m -e -i "$SYMVERS" -o Module.symvers a.o b.o badrec.o
fi
echo "$era: $scenarios scenarios identical to the real modpost"
[ "$scenarios" -ge 24 ] || fail "only $scenarios scenarios"
own_era_only "$ERA"
