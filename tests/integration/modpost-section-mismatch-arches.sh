#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: Debian's real 6.1, 6.12 and 7.2 modpost (modpost.real-{lsb,msb}-{32,64}, the
# binary its wrapper would pick) on the relocations of every Debian
# architecture, and big-endian MIPS: how each relocation type names the
# target of a section mismatch. Per architecture, one object assembled now:
# functions in .text referring into .init.text (and .exit.text) through
# each relocation type the assembler makes from code and data, at a sweep of
# offsets from the section symbol (a named symbol exactly at, within 20
# bytes of, and beyond 20 bytes of the target; ties; negative addends),
# by name, and through a nameless non-section symbol (is its value added?);
# then the i386 object relabelled as machines whose SHT_REL addends modpost
# does not decode. stderr and exit status (with and without -E) must be
# identical.
source "$(dirname "$0")/lib.sh"
# Once per era: 6.1 (bookworm's kbuild), 6.12 and 7.2 (trixie's and sid's,
# under their own loaders, with -M); modlink picks the era from the -i
# dump's tree.
once_per_era "$0"
bindir=$(dirname "$MODPOST")
cd "$TMP"

# Offsets from .Lt (the start of .init.text); its named symbols sit at 0,
# 100, 200, 300/310 (a tie at 305) and 400/410 (410 first in the symbol
# table, a tie at 405).
offsets="-24 -20 -19 -4 -1 0 1 2 4 8 12 16 19 20 21 24 40 60 76 80 81 84 88 92 96 99 100 101 104 108 112
116 119 120 121 124 128 180 184 196 200 216 219 220 221 224 296 300 304 305 306 308 396 400 404 405 406
420 432 480 500"

# zero_name OBJECT SYMBOL: make a symbol nameless (st_name = 0), so that a
# reference to it is named by address, as one to a section symbol is.
zero_name() {
	local off ent idx
	read -r off ent < <(readelf -SW "$1" | sed -n 's/^.*\] \.symtab *SYMTAB *[0-9a-f]* \([0-9a-f]*\) [0-9a-f]* \([0-9a-f]*\) .*/\1 \2/p')
	idx=$(readelf -sW "$1" | awk -v s="$2" '$8 == s && !found { sub(":", "", $1); print $1; found = 1 }')
	[ -n "$off" ] && [ -n "$idx" ] || fail "$1: no symbol $2 to make nameless"
	printf '\0\0\0\0' | dd of="$1" bs=1 seek=$((0x$off + idx * 0x$ent)) conv=notrunc status=none
}

# Templates: "ALIGN:LINE[;;LINE...]"; @K@ is the offset, @PC24@ an ARM
# branch word for it, @LO16@/@J26@ MIPS instruction words with the offset
# in place. One function per template, so each has its own fromsym.
expand() { # template offset
	local align=${1%%:*} body=${1#*:} k=$2
	[ $((k % align)) = 0 ] || return 0
	body=${body//@K@/($k)}
	body=${body//@PC24@/$(((0xeb000000 | (((k - 8) >> 2) & 0xffffff))))}
	body=${body//@LO16@/$((0x24420000 | (k & 0xffff)))}
	body=${body//@J26@/$((0x0c000000 | ((k >> 2) & 0x3ffffff)))}
	printf '%s\n' "${body//;;/$'\n'}"
}

# source ARCH HEADER NOP TEMPLATES...: the object's assembler source.
source_for() {
	local arch=$1 header=$2 nop=$3 n=0 t k
	shift 3
	printf '%s\n.section .modinfo,"a"\n.asciz "license=GPL"\n.text\n' "${header//;;/$'\n'}"
	# A reference before any named symbol: fromsym unknown.
	expand "${1}" 0 | sed "s/\.Lt/.Le/g"
	for t in "$@"; do
		n=$((n + 1))
		printf '.type f%d, %%function\nf%d: %s\n' "$n" "$n" "$nop"
		for k in $offsets; do expand "$t" "$k"; done
		# By name, and into .exit.text.
		expand "$t" 0 | sed 's/\.Lt+(0)/s100/; s/\.Lt/s100/g'
		expand "$t" 8 | sed 's/\.Lt/.Le/g'
	done
	printf '.data\n.type tbl, %%object\ntbl: .long 0\n'
	# Data tables pointing into init code (DATA -> INIT), also far away:
	# upstream measures distances in 32 bits whatever the ELF class.
	for k in 0 20 100 119 121 200 $wide; do expand "${1}" "$k"; done
	printf '.section .init.text,"ax"\n.Lt:\nzz: .fill 100\n.type s100, %%function\n.globl s100\ns100: .fill 100\n'
	printf '.type s200, %%object\ns200: .fill 100\ns300: .fill 10\ns310: .fill 90\n.set s410, .Lt+410\ns400: .fill 50\n'
	printf 'nameless: .fill 5\nn455: .fill 145\n.section .exit.text,"ax"\n.Le:\nex0: .fill 64\n'
}

# check ARCH ASSEMBLER REAL NOP HEADER NAMELESS TEMPLATES...: NAMELESS is
# lines referring to the symbol "nameless" (at 450 in .init.text, 5 bytes
# below n455), which loses its name.
total=0
wide32="2147483647 2147483648 2147483664 4294967295"
wide64="$wide32 4294967296 4294967301 -4294967301"
check() {
	local arch=$1 asm=$2 real=$bindir/modpost.real-$3 nop=$4 header=$5 nameless=$6
	shift 6
	[ -x "$real" ] || fail "no $real"
	{
		source_for "$arch" "$header" "$nop" "$@"
		printf '.text\n.type fnl, %%function\nfnl: %s\n%s\n' "$nop" "${nameless//;;/$'\n'}"
	} >"$arch.s"
	# shellcheck disable=SC2086
	$asm "$arch.s" -o "$arch.o" 2>"$arch.as.err" || { cat "$arch.as.err" >&2; fail "$arch: assembler failed"; }
	zero_name "$arch.o" nameless
	compare "$arch" "$arch.o" "$real"
}

# compare LABEL OBJECT REAL: run both on the object, with and without -E.
compare() {
	local arch=$1 obj=$2 real=$3 flags rc_real rc_ml types
	echo "$obj" >"$arch.list"
	types=$(readelf -rW "$obj" | awk '/^[0-9a-f]+ / { print $3 }' | sort -u | tr '\n' ' ')
	for flags in "" "-E"; do
		rc_real=0 rc_ml=0
		# shellcheck disable=SC2086
		"$real" $ERA_FLAGS $flags -i "$SYMVERS" -T "$arch.list" 2>"$arch.real.err" || rc_real=$?
		# shellcheck disable=SC2086
		"$MODLINK" $ERA_FLAGS $flags -i "$SYMVERS" -T "$arch.list" 2>"$arch.modlink.err" || rc_ml=$?
		[ "$rc_real" = "$rc_ml" ] || fail "$arch${flags:+ $flags}: exit status $rc_ml, real $rc_real"
		if ! cmp -s "$arch.real.err" "$arch.modlink.err"; then
			diff "$arch.real.err" "$arch.modlink.err" | head -20 >&2 || true
			fail "$arch${flags:+ $flags}: messages differ from the real modpost"
		fi
	done
	local relocs warnings
	relocs=$(readelf -rW "$obj" | grep -c '^[0-9a-f]\+ ')
	warnings=$(grep -c 'section mismatch in reference' "$arch.real.err" || true)
	if [ "$warnings" = 0 ] && grep -q 'Please add code to calculate addend for this architecture' "$arch.real.err"; then
		# 6.5+ cannot work out SHT_REL targets on this machine and stops.
		[ "$rc_real" = 1 ] || fail "$arch: the real modpost's fatal error did not fail the run"
		echo "$arch: $relocs relocations ($types), the era's fatal error for REL on this machine, identical"
		return
	fi
	[ "$warnings" -gt 0 ] || fail "$arch: the real modpost found no mismatch; the test lost its point"
	total=$((total + warnings))
	echo "$arch: $relocs relocations ($types), $warnings mismatches, identical with and without -E"
}

wide=$wide32
check i386 "as --32" lsb-32 nop "" \
	".reloc ., R_386_32, nameless;;.long 5;;.reloc ., R_386_PC32, nameless;;.long 1" \
	"1:.long .Lt+@K@" "1:call .Lt+@K@" "1:.long .Lt+@K@ - ." "1:.word .Lt+@K@" \
	"1:.reloc ., R_386_GOTOFF, .init.text;;.long @K@" "1:.reloc ., R_386_PLT32, .init.text;;.long @K@" \
	"1:.reloc ., R_386_PC32, .init.text;;.long @K@"

arm_nameless=".reloc ., R_ARM_ABS32, nameless;;.word 5;;.reloc ., R_ARM_CALL, nameless;;.word 0xebfffffe"
check arm arm-linux-gnueabihf-as lsb-32 nop ".syntax unified;;.arm" "$arm_nameless" \
	"1:.word .Lt+@K@" "1:.word .Lt+@K@ - ." "1:movw r0, #:lower16:.Lt+@K@" "1:movt r0, #:upper16:.Lt+@K@" \
	"4:bl .Lt+@K@" "4:b .Lt+@K@" "4:blne .Lt+@K@" "1:.reloc ., R_ARM_PC24, .init.text;;.word @PC24@" \
	"1:.reloc ., R_ARM_ABS16, .init.text;;.word @K@" "1:.reloc ., R_ARM_PREL31, .init.text;;.word @K@" \
	"1:.reloc ., R_ARM_TARGET1, .init.text;;.word @K@"
check thumb arm-linux-gnueabihf-as lsb-32 nop ".syntax unified;;.thumb" \
	".reloc ., R_ARM_THM_CALL, nameless;;.short 0xf7ff, 0xfffe" \
	"1:.align 2;;.word .Lt+@K@" "2:bl .Lt+@K@" "2:b.w .Lt+@K@" "2:beq.w .Lt+@K@" \
	"1:movw r0, #:lower16:.Lt+@K@" "1:movt r0, #:upper16:.Lt+@K@"

wide=$wide64
check aarch64 aarch64-linux-gnu-as lsb-64 nop "" ".reloc ., R_AARCH64_ABS64, nameless+5;;.xword 0" \
	"1:.xword .Lt+@K@" "4:bl .Lt+@K@" "4:b .Lt+@K@" "4:b.eq .Lt+@K@" "4:tbz x0, #0, .Lt+@K@" \
	"4:ldr x0, .Lt+@K@" "1:adrp x0, .Lt+@K@" "1:add x0, x0, :lo12:.Lt+@K@" "1:adr x0, .Lt+@K@" \
	"1:.word .Lt+@K@ - ."

wide=$wide32
mips_templates=("1:.word .Lt+@K@" "4:jal .Lt+@K@" "1:lui \$2, %hi(.Lt+@K@)" "1:addiu \$2, \$2, %lo(.Lt+@K@)"
	"1:la \$2, .Lt+@K@" "4:b .Lt+@K@" "1:.reloc ., R_MIPS_LO16, .init.text;;.word @LO16@"
	"1:.reloc ., R_MIPS_26, .init.text;;.word @J26@" "1:.reloc ., R_MIPS_GPREL32, .init.text;;.word @K@"
	"1:.reloc ., R_MIPS_REL32, .init.text;;.word @K@")
mips_nameless=".reloc ., R_MIPS_32, nameless;;.word 5;;.reloc ., R_MIPS_26, nameless;;.word 1;;.reloc ., R_MIPS_LO16, nameless;;.word 5"
check mipsel "mipsel-linux-gnu-as -non_shared -mno-pdr" lsb-32 nop ".set noreorder" "$mips_nameless" \
	"${mips_templates[@]}"
check mips "mips-linux-gnu-as -non_shared -mno-pdr" msb-32 nop ".set noreorder" "$mips_nameless" \
	"${mips_templates[@]}"
wide=$wide64
check mips64el "mips64el-linux-gnuabi64-as -mabi=64 -non_shared -mno-pdr" lsb-64 nop ".set noreorder" \
	".reloc ., R_MIPS_64, nameless+5;;.dword 0" \
	"1:.dword .Lt+@K@" "4:jal .Lt+@K@" "1:lui \$2, %highest(.Lt+@K@)" "1:daddiu \$2, \$2, %higher(.Lt+@K@)" \
	"1:lui \$3, %hi(.Lt+@K@)" "1:daddiu \$3, \$3, %lo(.Lt+@K@)" "1:dla \$2, .Lt+@K@" "1:.word .Lt+@K@" \
	"4:b .Lt+@K@"

check ppc64el powerpc64le-linux-gnu-as lsb-64 nop "" ".reloc ., R_PPC64_ADDR64, nameless+5;;.quad 0" \
	"1:.quad .Lt+@K@" "4:bl .Lt+@K@" "4:b .Lt+@K@" "4:beq .Lt+@K@" "1:lis 3, (.Lt+@K@)@ha" \
	"1:addi 3, 3, (.Lt+@K@)@l" "1:.long .Lt+@K@ - ."

check s390x s390x-linux-gnu-as msb-64 nopr "" ".reloc ., R_390_64, nameless+5;;.quad 0" \
	"1:.quad .Lt+@K@" "2:brasl %r14, .Lt+@K@" "2:larl %r1, .Lt+@K@" "2:jg .Lt+@K@" "1:.long .Lt+@K@" \
	"1:.long .Lt+@K@ - ."

# SHT_REL on a machine whose addends modpost does not decode: the i386
# object relabelled (e_machine) as SPARC, PowerPC and S/390.
for machine in 2 20 22; do
	cp i386.o "rel-machine-$machine.o"
	printf "$(printf '\\x%02x' "$machine")" | dd of="rel-machine-$machine.o" bs=1 seek=18 conv=notrunc status=none
	compare "i386 relabelled as e_machine $machine" "rel-machine-$machine.o" "$bindir/modpost.real-lsb-32"
done

echo "section mismatch on every architecture: $total mismatches, each identical to the real modpost"
own_era_only "$ERA"
