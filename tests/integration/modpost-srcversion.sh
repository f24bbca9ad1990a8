#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# srcversion against each era's real modpost (6.1, 6.12 and 7.2, -a): a
# module of two objects listed in its .mod as lttng-modules' Kbuild lists
# them (./a.o, ./sub/b.o), each .cmd naming its source and headers in every
# spelling Kbuild writes (./x.h, x.h, sub/../x.h, absolute), and source
# texts that upstream's tokeniser reads its own way: a "\\" literal (whose
# closing quote upstream takes for escaped, so the literal runs on), "/*/"
# (a whole comment to upstream), '"', an unterminated literal or comment.
# sid's lttng-modules 2.16.0 against 7.2.13 gave a different srcversion
# before (upstream 8D33600A6D58F5890C05ADB, modlink 8CA3C4FFE8602F1770DCB2B).
# Every .mod.c must be identical.
source "$(dirname "$0")/lib.sh"
once_per_era "$0"
real=$(dirname "$MODPOST")/modpost.real-lsb-64
[ -x "$real" ] || real=$MODPOST
M=$TMP/mod
mkdir -p "$M/sub" "$M/include" "$M/hdr/include/config"
cp "$HEADERS/include/config/kernel.release" "$M/hdr/include/config/"
cp "$SYMVERS" "$M/hdr/"
cat >"$M/lt.S" <<'ASM'
.section .modinfo,"a"
.asciz "license=GPL"
.asciz "version=1.0"
.asciz "description=srcversion test"
.section .gnu.linkonce.this_module,"aw"
.zero 1024
.text
.globl init_module
init_module: ret
ASM
gcc -c "$M/lt.S" -o "$M/lt.o"
echo '#define A 1' >"$M/a.h"
echo 'int b;' >"$M/sub/b.c"
echo '#define B "\\"  2' >"$M/sub/b.h"
echo '#define X 3' >"$M/include/x.h"
echo '#define Y /*/ 4 */ 5' >"$M/sub/y.h"
printf './a.o\n./sub/b.o\n' >"$M/lt.mod"
printf '%s\n' "savedcmd_a.o := gcc -c a.c" "source_a.o := a.c" "deps_a.o := \\" "  ./a.h \\" "  a.h \\" \
	"  sub/../a.h \\" "  $M/a.h \\" "  include/x.h \\" "  ./include/x.h \\" "" 'a.o: $(deps_a.o)' >"$M/.a.o.cmd"
printf '%s\n' "savedcmd_sub/b.o := gcc -c sub/b.c" "source_sub/b.o := sub/b.c" "deps_sub/b.o := \\" "  ./sub/b.h \\" \
	"  sub/y.h \\" "  ./sub/y.h \\" "  sub/../sub/y.h \\" "  ./sub/../include/x.h \\" "  $M/sub/b.h \\" "" >"$M/sub/.b.o.cmd"
echo lt.o >"$M/modules.order"

n=0
while IFS= read -r text; do
	n=$((n + 1))
	printf '%s\n' "$text" >"$M/a.c"
	rm -rf "$TMP/real" "$TMP/modlink"
	cp -a "$M" "$TMP/real"
	cp -a "$M" "$TMP/modlink"
	args=($ERA_FLAGS -a -o Module.symvers -T modules.order -i hdr/Module.symvers -e)
	rc_real=0 rc_ml=0
	(cd "$TMP/real" && "$real" "${args[@]}") 2>"$TMP/real.err" || rc_real=$?
	(cd "$TMP/modlink" && MODLINK_MODPOST_ERA=$ERA "$MODLINK" "${args[@]}") 2>"$TMP/modlink.err" || rc_ml=$?
	[ "$rc_real" = "$rc_ml" ] || fail "$ERA, text $n: exit $rc_ml, upstream $rc_real"
	diff "$TMP/real.err" "$TMP/modlink.err" >&2 || fail "$ERA, text $n: messages differ"
	grep -q 'MODULE_INFO(srcversion, "' "$TMP/real/lt.mod.c" || fail "$ERA: upstream wrote no srcversion"
	cmp "$TMP/real/lt.mod.c" "$TMP/modlink/lt.mod.c" ||
		fail "$ERA, text $n ($text): $(grep srcversion "$TMP/modlink/lt.mod.c") where upstream has $(grep srcversion "$TMP/real/lt.mod.c")"
done <<'TEXTS'
int a;  /* comment */ char *t = "a  b";
char *s = "\\"; int x; char *t = "a b";
x /*/ y */ z
char c = '"'; int  q;
"abc\"de f" x
"\\\\" a b "c d"
x /*
"unterminated  x
/**/ a /* */ b
// a "line comment" /* with */ things
TEXTS
echo "$ERA: $n source texts, srcversion as upstream's (objects ./a.o and ./sub/b.o, headers in every spelling)"
own_era_only "$ERA"
