#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: the real 6.1, 6.12 and 7.2 modpost on __ex_table entries, which 6.1
# reports through a handler of its own and 6.12 through the common one. Per architecture (x86-64 and arm64: RELA;
# i386 and ARM: REL), one object whose exception table points, as fault
# address and as fixup, into text sections on the authorized list, into
# executable sections not on it, into non-executable sections (data,
# rodata, bss, init data, a text-named section without "x"), at functions,
# objects, untyped labels and nowhere near a symbol, from entries with and
# without a symbol of their own, and at an undefined symbol: messages (with
# no flag, -E and -w) and exit status must be identical. Then, per
# architecture, .altinstr_replacement as the target (a fatal error; also
# after another object's messages, and with -E), executable or not.
source "$(dirname "$0")/lib.sh"
# Once per era: 6.1 (bookworm's kbuild), 6.12 and 7.2 (trixie's and sid's,
# under their own loaders, with -M); modlink picks the era from the -i
# dump's tree.
once_per_era "$0"
bindir=$(dirname "$MODPOST")
cd "$TMP"

# Target sections: name and flags.
targets=".text:ax .text.foo:ax .init.text:ax .meminit.text:ax .exit.text:ax .memexit.text:ax .ref.text:ax
.fixup:ax .sched.text:ax .noinstr.text:ax .entry.text:ax .foo:ax .data:aw .rodata:a .bss:aw .init.data:aw
.text.bar:a .foo_a:a"

# source ARCH-WORD-DIRECTIVE REF-SUFFIX: the non-fatal object. ${ref} is
# how the table refers to an address: "X - ." (relative) or "X".
table_source() {
	local word=$1 suffix=$2 i=0 t name flags k
	printf '.section .modinfo,"a"\n.asciz "license=GPL"\n'
	for t in $targets; do
		i=$((i + 1))
		name=${t%%:*} flags=${t#*:}
		if [ "$name" = .bss ]; then
			printf '.section .bss,"aw",%%nobits\n.Ls%d:\n.type t%d_fn, %%function\nt%d_fn: .zero 30\n' "$i" "$i" "$i"
			printf '.type t%d_obj, %%object\nt%d_obj: .zero 30\nt%d_nt: .zero 100\n' "$i" "$i" "$i"
			continue
		fi
		printf '.section %s,"%s"\n.Ls%d:\n.type t%d_fn, %%function\nt%d_fn: .fill 30\n' "$name" "$flags" "$i" "$i" "$i"
		printf '.type t%d_obj, %%object\nt%d_obj: .fill 30\nt%d_nt: .fill 100\n' "$i" "$i" "$i"
	done
	printf '.section __ex_table,"a"\n'
	i=0
	for t in $targets; do
		i=$((i + 1))
		# A symbol of the entry's own part way through, as a macro might leave.
		[ "$i" = 7 ] && printf '.type ex_obj, %%object\nex_obj:\n'
		[ "$i" = 14 ] && printf '.type ex_fn, %%function\nex_fn:\n'
		for k in 0 4 35 65 130; do
			# Fault address in the target, fixup in .text; then the reverse.
			printf '%s .Ls%d+%d%s\n%s .Ls1+8%s\n%s 0\n' "$word" "$i" "$k" "$suffix" "$word" "$suffix" "$word"
			printf '%s .Ls1+8%s\n%s .Ls%d+%d%s\n%s 0\n' "$word" "$suffix" "$word" "$i" "$k" "$suffix" "$word"
		done
		# By name.
		printf '%s t%d_fn%s\n%s t%d_obj%s\n' "$word" "$i" "$suffix" "$word" "$i" "$suffix"
	done
	printf '%s undefined_target%s\n%s .Ls1%s\n' "$word" "$suffix" "$word" "$suffix"
}

fatal_source() { # WORD SUFFIX FLAGS
	printf '.section .modinfo,"a"\n.asciz "license=GPL"\n.text\n.Lt: .fill 16\n'
	printf '.section .altinstr_replacement,"%s"\n.La: .fill 8\nalt_nt: .fill 8\n' "$3"
	printf '.section __ex_table,"a"\n.type ex_obj, %%object\nex_obj:\n'
	printf '%s .Lt%s\n%s .Lt+4%s\n%s .La+10%s\n' "$1" "$2" "$1" "$2" "$1" "$2"
}

compare() { # LABEL REAL FLAGS LIST
	local label=$1 real=$2 flags=$3 list=$4 rc_real=0 rc_ml=0
	# shellcheck disable=SC2086
	"$real" $ERA_FLAGS $flags -i "$SYMVERS" -T "$list" 2>real.err || rc_real=$?
	# shellcheck disable=SC2086
	"$MODLINK" $ERA_FLAGS $flags -i "$SYMVERS" -T "$list" 2>modlink.err || rc_ml=$?
	[ "$rc_real" = "$rc_ml" ] || fail "$label${flags:+ $flags}: exit status $rc_ml, real $rc_real"
	if ! cmp -s real.err modlink.err; then
		diff real.err modlink.err | head -20 >&2 || true
		fail "$label${flags:+ $flags}: messages differ from the real modpost"
	fi
	last_rc=$rc_real
}

check() { # ARCH ASSEMBLER REAL-SUFFIX WORD SUFFIX
	local arch=$1 asm=$2 real=$bindir/modpost.real-$3 word=$4 suffix=$5 flags
	[ -x "$real" ] || fail "no $real"
	table_source "$word" "$suffix" >"$arch.s"
	# shellcheck disable=SC2086
	$asm "$arch.s" -o "$arch.o" || fail "$arch: assembler failed"
	echo "$arch.o" >"$arch.list"
	for flags in "" "-E" "-w"; do compare "$arch" "$real" "$flags" "$arch.list"; done
	local warnings advice errors
	warnings=$(grep -c 'Section mismatch in reference from the\|section mismatch in reference:' real.err || true)
	advice=$(grep -c 'not in the list of' real.err || true)
	errors=$(grep -c 'references non-executable section' real.err || true)
	[ "$warnings" -gt 0 ] && [ "$advice" -gt 0 ] && [ "$errors" -gt 0 ] ||
		fail "$arch: the real modpost gave $warnings/$advice/$errors; the test lost its point"
	local fatals=0 x
	for x in ax a; do
		fatal_source "$word" "$suffix" "$x" >"$arch-alt-$x.s"
		# shellcheck disable=SC2086
		$asm "$arch-alt-$x.s" -o "$arch-alt-$x.o" || fail "$arch: assembler failed"
		echo "$arch-alt-$x.o" >"$arch-alt.list"
		printf '%s\n' "$arch.o" "$arch-alt-$x.o" "$arch.o" >"$arch-both.list"
		for flags in "" "-E"; do
			compare "$arch .altinstr_replacement \"$x\"" "$real" "$flags" "$arch-alt.list"
			grep -q 'which is black-listed' real.err || fail "$arch: no black-listed fatal from the real modpost"
			fatals=$((fatals + 1))
			compare "$arch .altinstr_replacement \"$x\" after other messages" "$real" "$flags" "$arch-both.list"
			[ "$last_rc" = 1 ] || fail "$arch: the real modpost did not fail"
		done
	done
	echo "$arch __ex_table: $warnings mismatches ($advice unauthorized executable, $errors non-executable), $fatals black-listed fatals, identical (no flag, -E, -w)"
}

check x86_64 "as --64" lsb-64 .long " - ."
check i386 "as --32" lsb-32 .long " - ."
check arm64 aarch64-linux-gnu-as lsb-64 .long " - ."
check arm arm-linux-gnueabihf-as lsb-32 .long ""
own_era_only "$ERA"
