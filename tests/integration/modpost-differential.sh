#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The drop-in refuses what upstream refuses (issue #11, item 5): hostile
# objects and dumps of the shapes the differential fuzz target
# (tests/fuzz/fuzz_modpost_differential.cpp) found, run through Debian's 6.1
# modpost and the drop-in in the same place: exit status, stderr, .mod.c and
# Module.symvers identical. Each case failed before its fix:
#   - kstrtabns-undefined: an undefined __kstrtabns_ symbol with no export:
#     upstream reads its "namespace" at the start of the file and says
#     `Could not update namespace(\177ELF\2\1\1) for symbol modlink_gone`;
#   - strtab0: an undefined symbol with name offset 0 when .strtab does not
#     start with NUL: its name is the string at offset 0, not "";
#   - shoffsets: section 0 and the last section claim offsets past the end
#     of the file: upstream does not walk section 0, and names the last;
#   - relatail: a RELA section one byte longer than its entries: libelf
#     refuses it, upstream reads one more entry from the bytes that follow
#     (the gpl_inline object, whose relocations make section mismatches);
#   - devtable-past-section: an OF table whose size runs past its section
#     into .modinfo's bytes: "struct of_device_id is not terminated with a
#     NULL entry!" (the drop-in skipped such a table);
#   - namepast: an undefined symbol whose name offset points past .strtab,
#     into .shstrtab: upstream reads the name there (libelf refuses it);
#   - symvers-dot: a dump line whose symbol starts with a dot: 6.1 looks it
#     up as the name without the dot (PPC64's rule) to set its namespace,
#     finds nothing and says `Could not update namespace(NS) for symbol .X`;
#   - symvers-nul: a NUL byte in Module.symvers ends the file for upstream,
#     which reads it as one C string: the line it cuts is a parse error;
#   - notrel: an ET_EXEC whose section table lies past the end of the file:
#     the type is judged first, "not relocatable object.";
#   - symtabtail: .symtab 7 bytes short of whole entries: libelf refuses it,
#     upstream reads the last entry whole;
#   - compressed: SHF_COMPRESSED on .symtab and .modinfo, which upstream
#     reads as they are (the drop-in inflated them);
#   - shnum64: e_shnum 0 and a section count with high bits set: upstream
#     keeps the low 32 bits (libelf refused the whole count); with the low
#     bits 0 it is "has no symtab?";
#   - shndxlink: a SYMTAB_SHNDX section linked to section 0;
#   - relapast-debug: a relocation of .rela.debug_info naming a symbol past
#     the file: upstream skips the section (white-listed), so must we (a
#     control, which passed before the next case's fix too);
#   - relapast-mcount: the same in .rela__mcount_loc, which no rule checks:
#     upstream still reads the symbol and faults; the drop-in gives one FATAL;
#   - shentsize: e_shentsize 39: upstream steps by its own entry size (the
#     drop-in refused the object);
#   - twosymtabs: an empty symbol table before .symtab: upstream keeps the
#     last (the drop-in refused the object);
#   - tablepast: the section table moved 9 bytes before the end of a file of
#     whole pages, e_shentsize 0: upstream rewrites entries past its mapping
#     (whatever memory follows, or a fault); the drop-in gives one FATAL (it
#     said "has no symtab?", as if those entries were zeros).
source "$(dirname "$0")/lib.sh"
export MODLINK_ERA_LOG=$TMP/era.log  # own_era_only, at the end
use_set bookworm-amd64
real=$(dirname "$MODPOST")/modpost.real-lsb-64
repro=$REPO/testdata/repro
clean=$CACHE/testmods/bookworm-amd64/clean/src/clean.o
[ -f "$clean" ] || fail "no 6.1 build of the clean test module (scripts/build-test-modules bookworm-amd64)"
as --64 "$repro/kstrtabns-undefined.s" -o "$TMP/kstrtabns.o"
python3 "$repro/make-repro.py" strtab0 "$clean" "$TMP/strtab0.o"
python3 "$repro/make-repro.py" shoffsets "$clean" "$TMP/shoffsets.o"
python3 "$repro/make-repro.py" relatail "$CACHE/testmods/bookworm-amd64/gpl_inline/src/gpl_inline.o" "$TMP/relatail.o"
as --64 "$repro/devtable-past-section.s" -o "$TMP/devtable.o"
python3 "$repro/make-repro.py" namepast "$clean" "$TMP/namepast.o"
python3 "$repro/make-repro.py" symvers-nul "$SYMVERS" "$TMP/nul.symvers" 1000
python3 "$repro/make-repro.py" notrel "$clean" "$TMP/notrel.o"
python3 "$repro/make-repro.py" symtabtail "$clean" "$TMP/symtabtail.o"
python3 "$repro/make-repro.py" compressed "$clean" "$TMP/compressed.o"
python3 "$repro/make-repro.py" shnum64 "$clean" "$TMP/shnum64.o" 0x100000000
python3 "$repro/make-repro.py" shnum64 "$clean" "$TMP/shnum64-0.o" 0x10000000000 bare
python3 "$repro/make-repro.py" shndxlink "$clean" "$TMP/shndxlink.o"
python3 "$repro/make-repro.py" shentsize "$clean" "$TMP/shentsize.o" 39
python3 "$repro/make-repro.py" twosymtabs "$clean" "$TMP/twosymtabs.o"
python3 "$repro/make-repro.py" tablepast "$clean" "$TMP/tablepast.o"
python3 "$repro/make-repro.py" relapast "$clean" "$TMP/relapast-debug.o" .rela.debug_info
python3 "$repro/make-repro.py" relapast "$clean" "$TMP/relapast-mcount.o" .rela__mcount_loc

# same CASE OBJECT DUMP: both programs on OBJECT with dump DUMP (as -i),
# and the ASan+UBSan build with leak checking, which must say the same (the
# raw reads these cases take once made libelf leak).
same() {
	local case=$1 obj=$2 dump=$3 who rc
	for who in real modlink; do
		local d=$TMP/$case/$who
		mkdir -p "$d"
		cp "$obj" "$d/m.o"
		: >"$d/m.mod"
		echo m.o >"$d/list"
		local prog=$real
		[ $who = modlink ] && prog=$MODLINK
		rc=0
		(cd "$d" && "$prog" -m -e -i "$dump" -T list -o Module.symvers 2>err) || rc=$?
		echo "$rc" >"$d/rc"
	done
	local r=$TMP/$case/real m=$TMP/$case/modlink f
	diff "$r/rc" "$m/rc" >/dev/null || fail "$case: the drop-in exited $(cat "$m/rc"), upstream $(cat "$r/rc")"
	cmp -s "$r/err" "$m/err" || { diff <(cat -A "$r/err") <(cat -A "$m/err") | head >&2; fail "$case: stderr differs"; }
	for f in m.mod.c Module.symvers; do
		[ -e "$r/$f" ] || [ -e "$m/$f" ] || continue
		cmp -s "$r/$f" "$m/$f" || fail "$case: $f differs"
	done
	if [ -x "${MODLINK_ASAN:-}" ]; then
		rc=0
		(cd "$m" && ASAN_OPTIONS=detect_leaks=1 "$MODLINK_ASAN" -m -e -i "$dump" -T list -o Module.symvers 2>asan.err) || rc=$?
		[ "$rc" = "$(cat "$r/rc")" ] && cmp -s "$r/err" "$m/asan.err" || { head -20 "$m/asan.err" >&2; fail "$case: the ASan build differs (exit $rc)"; }
	fi
	echo "$case: exit $(cat "$r/rc"), $(head -c 100 "$r/err" | head -1 | cat -v)"
}
same kstrtabns-undefined "$TMP/kstrtabns.o" "$SYMVERS"
grep -q 'Could not update namespace(.ELF' "$TMP/kstrtabns-undefined/real/err" || fail "kstrtabns-undefined: upstream no longer says so: the test lost its point"
same strtab0 "$TMP/strtab0.o" "$SYMVERS"
grep -q '"Q' "$TMP/strtab0/real/err" || fail "strtab0: upstream does not name the Q symbol: the test lost its point"
same shoffsets "$TMP/shoffsets.o" "$SYMVERS"
grep -q 'is truncated. sechdrs\[i\].sh_offset=2199023255552 ' "$TMP/shoffsets/real/err" || fail "shoffsets: upstream named another section: the test lost its point"
same relatail "$TMP/relatail.o" "$SYMVERS"
same devtable-past-section "$TMP/devtable.o" "$SYMVERS"
grep -q 'not terminated with a NULL entry' "$TMP/devtable-past-section/real/err" || fail "devtable-past-section: upstream accepted the table: the test lost its point"
same namepast "$TMP/namepast.o" "$SYMVERS"
{ cat "$SYMVERS"; printf '0x12345678\t.modlink_dot\tvmlinux\tEXPORT_SYMBOL\tMODLINK_NS\n'; } >"$TMP/dot.symvers"
same symvers-dot "$clean" "$TMP/dot.symvers"
grep -q 'Could not update namespace(MODLINK_NS) for symbol .modlink_dot' "$TMP/symvers-dot/real/err" || fail "symvers-dot: upstream no longer says so: the test lost its point"
same symvers-nul "$clean" "$TMP/nul.symvers"
grep -q 'parse error in symbol dump file' "$TMP/symvers-nul/real/err" || fail "symvers-nul: upstream did not stop: the test lost its point"
same notrel "$TMP/notrel.o" "$SYMVERS"
grep -q 'm.o: not relocatable object.$' "$TMP/notrel/real/err" || fail "notrel: upstream judged something else first: the test lost its point"
same symtabtail "$TMP/symtabtail.o" "$SYMVERS"
same compressed "$TMP/compressed.o" "$SYMVERS"
same shnum64 "$TMP/shnum64.o" "$SYMVERS"
[ "$(cat "$TMP/shnum64/real/rc")" = 0 ] || fail "shnum64: upstream refused the object: the test lost its point"
same shnum64-0 "$TMP/shnum64-0.o" "$SYMVERS"
grep -q 'has no symtab?' "$TMP/shnum64-0/real/err" || fail "shnum64-0: upstream no longer says so: the test lost its point"
same shndxlink "$TMP/shndxlink.o" "$SYMVERS"
grep -q 'SYMTAB_SHNDX has bad sh_link: 0!=' "$TMP/shndxlink/real/err" || fail "shndxlink: upstream no longer says so: the test lost its point"
same shentsize "$TMP/shentsize.o" "$SYMVERS"
same twosymtabs "$TMP/twosymtabs.o" "$SYMVERS"
same relapast-debug "$TMP/relapast-debug.o" "$SYMVERS"

# stops_clearly CASE OBJECT PATTERN: where upstream reads past its mapping
# (CRASHED: it must fault; else it may also read whatever memory follows),
# the drop-in exits 1 with one FATAL line matching PATTERN, the same from
# the ASan build.
stops_clearly() {
	local case=$1 obj=$2 pattern=$3 crashed=${4:-} d=$TMP/$1 who up=0 rc=0
	mkdir -p "$d/real" "$d/modlink"
	for who in real modlink; do
		cp "$obj" "$d/$who/m.o" && : >"$d/$who/m.mod" && echo m.o >"$d/$who/list"
	done
	(cd "$d/real" && "$real" -m -e -i "$SYMVERS" -T list -o Module.symvers 2>err) || up=$?
	[ -z "$crashed" ] || [ $up -ge 128 ] || fail "$case: upstream exited $up instead of crashing: the test lost its point"
	(cd "$d/modlink" && "$MODLINK" -m -e -i "$SYMVERS" -T list -o Module.symvers 2>err) || rc=$?
	[ $rc = 1 ] || fail "$case: the drop-in exited $rc where upstream read past its mapping"
	[ "$(grep -c '^FATAL: ' "$d/modlink/err")" = 1 ] && grep -q "^FATAL: modpost: $pattern" "$d/modlink/err" ||
		{ cat "$d/modlink/err" >&2; fail "$case: no single clear FATAL"; }
	if [ -x "${MODLINK_ASAN:-}" ]; then
		rc=0
		(cd "$d/modlink" && ASAN_OPTIONS=detect_leaks=1 "$MODLINK_ASAN" -m -e -i "$SYMVERS" -T list -o Module.symvers 2>asan.err) || rc=$?
		[ $rc = 1 ] && cmp -s "$d/modlink/err" "$d/modlink/asan.err" || { head -20 "$d/modlink/asan.err" >&2; fail "$case: the ASan build differs (exit $rc)"; }
	fi
	echo "$case: upstream's shell status $up, the drop-in: $(grep '^FATAL' "$d/modlink/err")"
}
stops_clearly relapast-mcount "$TMP/relapast-mcount.o" 'm.o: relocation 0 of .rela__mcount_loc names symbol 2147483647 of ' crashed
stops_clearly tablepast "$TMP/tablepast.o" 'm.o: section header table (offset [0-9]*, [0-9]* entries) lies outside the file of '
own_era_only 6.1
