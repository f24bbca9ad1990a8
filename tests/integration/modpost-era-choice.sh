#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# How the drop-in picks its era, against the real programs: a 6.1 tree gets
# 6.1's files (the same as bookworm's modpost writes), a 6.12 tree 6.12's
# (as trixie's writes), a 7.2 tree 7.2's (as sid's writes, run in the module
# directory with only the -i dump naming the tree; 7.1 and 7.3 trees are
# handed over), MODLINK_MODPOST_ERA overrides the tree, and a tree
# of a version with no verified era (a copy of the 6.1 headers with its
# version edited, by kernel.release or by the Makefile) is handed to that
# tree's own scripts/mod/modpost: the files and messages are that
# program's, plus modlink's notes under MODLINK_EXPLAIN. With no program
# to hand over to, or one that is modlink itself, one line and exit 1.
source "$(dirname "$0")/lib.sh"
use_set bookworm-amd64
h61=$HEADERS sym61=$SYMVERS real61=$MODPOST
use_set trixie-amd64
h612=$HEADERS sym612=$SYMVERS real612=$MODPOST
use_set sid-amd64
h72=$HEADERS sym72=$SYMVERS real72=$MODPOST
use_set trixie-bpo-amd64
sym73=$SYMVERS real73=$MODPOST
mods=$CACHE/testmods/bookworm-amd64
[ -f "$mods/clean/src/clean.o" ] && [ -f "$mods/gpl_inline/src/gpl_inline.o" ] ||
	fail "test modules not built (scripts/build-test-modules bookworm-amd64)"
MOD=clean  # the module run() feeds to modpost: clean writes files, gpl_inline is refused

# run NAME DIR PROGRAM ARGS...: modpost on a fresh copy of $MOD.o, in DIR
# as Kbuild runs it; results in $TMP/NAME.{rc,err,mod.c}.
run() {
	local name=$1 dir=$2 prog=$3 rc=0
	shift 3
	rm -rf "$TMP/$name.src"
	mkdir -p "$TMP/$name.src"
	cp "$mods/$MOD/src/$MOD.o" "$TMP/$name.src/$MOD.o"
	: >"$TMP/$name.src/$MOD.mod"
	(cd "$dir" && "$prog" "$@" -o "$TMP/$name.src/Module.symvers" "$TMP/$name.src/$MOD.o") 2>"$TMP/$name.err" || rc=$?
	echo "$rc" >"$TMP/$name.rc"
	sed "s|$TMP/$name.src|SRC|g" "$TMP/$name.err" >"$TMP/$name.err.n" && mv "$TMP/$name.err.n" "$TMP/$name.err"
	rm -f "$TMP/$name.mod.c"
	[ -f "$TMP/$name.src/$MOD.mod.c" ] && cp "$TMP/$name.src/$MOD.mod.c" "$TMP/$name.mod.c"
	return 0
}
same() { # A B: same exit status, messages and .mod.c (or none)
	diff "$TMP/$1.rc" "$TMP/$2.rc" >/dev/null || fail "$2: exit $(cat "$TMP/$2.rc"), $1 exited $(cat "$TMP/$1.rc")"
	diff "$TMP/$1.err" "$TMP/$2.err" >&2 || fail "$2: messages differ from $1's"
	if [ -f "$TMP/$1.mod.c" ] || [ -f "$TMP/$2.mod.c" ]; then
		diff "$TMP/$1.mod.c" "$TMP/$2.mod.c" >&2 || fail "$2: .mod.c differs from $1's"
	fi
}
one_line_exit1() { # NAME WORDS: exit 1, one "modlink: error:" line naming WORDS, no file
	[ "$(cat "$TMP/$1.rc")" = 1 ] || fail "$1: exit $(cat "$TMP/$1.rc"), expected 1"
	[ "$(wc -l <"$TMP/$1.err")" = 1 ] && grep -q "^modlink: error: .*$2" "$TMP/$1.err" ||
		{ cat "$TMP/$1.err" >&2; fail "$1: not one clear line about '$2'"; }
	[ ! -f "$TMP/$1.mod.c" ] || fail "$1: wrote a .mod.c"
	[ ! -f "$TMP/$1.src/Module.symvers" ] || fail "$1: wrote Module.symvers"
}

# The two verified eras, chosen by the tree modpost runs in.
run real61 "$h61" "$real61" -w -m -e -i Module.symvers
run ml61 "$h61" "$MODLINK" -w -m -e -i Module.symvers
same real61 ml61
grep -q INCLUDE_VERMAGIC "$TMP/ml61.mod.c" || fail "6.1 tree: not 6.1's .mod.c"
run real612 "$h612" "$real612" -w -M -m -e -i Module.symvers
run ml612 "$h612" "$MODLINK" -w -M -m -e -i Module.symvers
same real612 ml612
grep -q INCLUDE_VERMAGIC "$TMP/ml612.mod.c" && fail "6.12 tree: 6.1's .mod.c"
# ... or by the -i dump's tree, run elsewhere (as 6.13+ kbuild runs it).
run ml612i "$TMP" "$MODLINK" -w -M -m -e -i "$sym612"
run real612i "$TMP" "$real612" -w -M -m -e -i "$sym612"
same real612i ml612i
# 7.2: kbuild 7.x runs modpost in the module directory; only the -i dump
# names sid's headers (a Makefile that includes the -common one, and
# kernel.release).
run real72i "$TMP" "$real72" -w -M -e -i "$sym72"
run ml72i "$TMP" "$MODLINK" -w -M -e -i "$sym72"
same real72i ml72i
# (Handed to the headers' own modpost instead, it would fail: sid's
# binary needs sid's loader, which only the fetch's shim gives it.)
run ml72 "$h72" "$MODLINK" -w -M -e -i Module.symvers
run real72 "$h72" "$real72" -w -M -e -i Module.symvers
same real72 ml72
# 7.3 (trixie-backports'), as kbuild runs it, in its own era.
run real73i "$TMP" "$real73" -w -M -e -i "$sym73"
MODLINK_ERA_LOG=$TMP/era73.log run ml73i "$TMP" "$MODLINK" -w -M -e -i "$sym73"
same real73i ml73i
[ "$(cat "$TMP/era73.log")" = 7.3 ] || fail "a 7.3 tree did not get modlink's own 7.3 era"
echo "6.1, 6.12, 7.2 and 7.3 trees: each era's own files and messages"

# Each era covers X.Y.0 to X.Y.z: trees set to the first and to a late
# release of each era's range get that era (MODLINK_ERA_LOG) and the real
# program's files and messages; a release candidate X.Y.0-rc1 is handed
# to the tree's own modpost. A tree here is what choose_era reads beside
# the -i dump: include/config/kernel.release and the dump itself.
for era in $("$MODLINK" modpost --list-eras); do
	use_set "${ERA_SET[$era]}"
	flags=(-w -M -e)
	[ "$era" = 6.1 ] && flags=(-w -m -e)
	run "range-real-$era" "$TMP" "$(dirname "$MODPOST")/modpost.real-lsb-64" "${flags[@]}" -i "$SYMVERS"
	for release in "$era.0" "$era.255+deb99-amd64" "$era.0-rc1"; do
		t=$TMP/range/$release
		mkdir -p "$t/include/config" "$t/scripts/mod"
		cp "$SYMVERS" "$t/Module.symvers"
		echo "$release" >"$t/include/config/kernel.release"
		printf '#!/bin/sh\necho "handed over" >&2\nexec %q "$@"\n' "$(dirname "$MODPOST")/modpost.real-lsb-64" >"$t/scripts/mod/modpost"
		chmod +x "$t/scripts/mod/modpost"
		rm -f "$TMP/range.log"
		MODLINK_ERA_LOG=$TMP/range.log run "range-$release" "$TMP" "$MODLINK" "${flags[@]}" -i "$t/Module.symvers"
		case $release in
		*-rc1)
			[ "$(cat "$TMP/range.log")" = "handover $release" ] || fail "$release: not handed over ($(cat "$TMP/range.log"))"
			grep -q '^handed over$' "$TMP/range-$release.err" || fail "$release: the tree's modpost did not run"
			sed -i '/^handed over$/d' "$TMP/range-$release.err"
			;;
		*) [ "$(cat "$TMP/range.log")" = "$era" ] || fail "$release: era $(cat "$TMP/range.log"), not $era" ;;
		esac
		# The dump's path is in no message of a clean module: the outputs compare as they are.
		same "range-real-$era" "range-$release"
	done
done
echo "each era from X.Y.0 to X.Y.255 (its own), X.Y.0-rc1 handed over: $("$MODLINK" modpost --list-eras | tr '\n' ' ')"

# 7.1 and 7.4 have no verified era: a copy of sid's headers with its
# version edited is handed to the tree's own modpost (here a script that
# runs sid's, which needs sid's loader), never rounded to a neighbour.
for v in 7.1.0-fake 7.4.0-rc1; do
	fake7=$TMP/linux-headers-$v
	cp -a "$h72" "$fake7"
	rm "$fake7/scripts"
	mkdir -p "$fake7/scripts/mod"
	printf '#!/bin/sh\necho "handed over" >&2\nexec %q "$@"\n' "$real72" >"$fake7/scripts/mod/modpost"
	chmod +x "$fake7/scripts/mod/modpost"
	echo "$v" >"$fake7/include/config/kernel.release"
	run "handed-$v" "$TMP" "$MODLINK" -w -M -e -i "$fake7/Module.symvers"
	grep -q '^handed over$' "$TMP/handed-$v.err" || { cat "$TMP/handed-$v.err" >&2; fail "$v tree: not handed to its own modpost"; }
	sed -i '/^handed over$/d' "$TMP/handed-$v.err"
	same real72i "handed-$v"
done
echo "7.1 and 7.4 trees: handed to their own modpost"
# A 7.4 tree whose modpost speaks 7.3's words (here 7.3's binary): the
# hand-over's MODLINK_EXPLAIN notes still find each refused symbol.
fake74=$TMP/linux-headers-7.4.0-words
cp -a "$h72" "$fake74"
rm "$fake74/scripts"
mkdir -p "$fake74/scripts/mod"
printf '#!/bin/sh
exec %q "$@"
' "$real73" >"$fake74/scripts/mod/modpost"
chmod +x "$fake74/scripts/mod/modpost"
echo 7.4.0-rc1 >"$fake74/include/config/kernel.release"
cp "$sym73" "$fake74/Module.symvers"
MOD=gpl_inline
run real73_gpl "$TMP" "$real73" -w -M -e -i "$fake74/Module.symvers"
MODLINK_EXPLAIN=1 run handed74_explain "$TMP" "$MODLINK" -w -M -e -i "$fake74/Module.symvers"
MOD=clean
grep -q "gpl_inline.ko: GPL-incompatible module uses GPL-only symbol '__rcu_read_lock'" "$TMP/real73_gpl.err" ||
	fail "7.3's binary did not refuse gpl_inline in its words: the test lost its point"
grep -v '^  note: ' "$TMP/handed74_explain.err" | diff "$TMP/real73_gpl.err" - >&2 || fail "7.4 hand-over with MODLINK_EXPLAIN changed the lines"
grep -qF 'pulled in by kernel inline `rcu_read_lock()`' "$TMP/handed74_explain.err" ||
	{ cat "$TMP/handed74_explain.err" >&2; fail "7.4 hand-over with MODLINK_EXPLAIN: no notes under 7.3's words"; }
echo "a 7.4 tree speaking 7.3's words: handed over, with MODLINK_EXPLAIN's notes"

# The override wins over the tree.
MODLINK_MODPOST_ERA=6.12 run over612 "$h61" "$MODLINK" -w -M -m -e -i Module.symvers
grep -q INCLUDE_VERMAGIC "$TMP/over612.mod.c" && fail "MODLINK_MODPOST_ERA=6.12 in a 6.1 tree: 6.1's .mod.c"
MODLINK_MODPOST_ERA=6.1 run over61 "$h612" "$MODLINK" -w -m -e -i Module.symvers
grep -q INCLUDE_VERMAGIC "$TMP/over61.mod.c" || fail "MODLINK_MODPOST_ERA=6.1 in a 6.12 tree: not 6.1's .mod.c"
MODLINK_MODPOST_ERA=5.4 run over54 "$h61" "$MODLINK" -w -m -e -i Module.symvers
one_line_exit1 over54 "MODLINK_MODPOST_ERA=5.4"
echo "MODLINK_MODPOST_ERA: 6.12 and 6.1 override the tree; an unknown name is one error line"

# A tree of a version with no verified era: a copy of the 6.1 headers,
# its kbuild programs reached by an absolute link, its version edited.
fake=$TMP/linux-headers-6.8.0-fake
cp -a "$h61" "$fake"
rm "$fake/scripts"
ln -s "$(cd "$h61/scripts" && pwd -P)" "$fake/scripts"
echo 6.8.0-31-generic >"$fake/include/config/kernel.release"
run delegated "$fake" "$MODLINK" -w -m -e -i Module.symvers
run real_in_fake "$fake" "$fake/scripts/mod/modpost" -w -m -e -i Module.symvers
same real_in_fake delegated
same real61 delegated
MOD=gpl_inline
run real_in_fake_gpl "$fake" "$fake/scripts/mod/modpost" -w -m -e -i Module.symvers
MODLINK_EXPLAIN=1 run delegated_explain "$fake" "$MODLINK" -w -m -e -i Module.symvers
MOD=clean
grep -q "GPL-only symbol '__rcu_read_lock'" "$TMP/real_in_fake_gpl.err" || fail "gpl_inline was not refused: the test lost its point"
grep -v '^  note: ' "$TMP/delegated_explain.err" | diff "$TMP/real_in_fake_gpl.err" - >&2 || fail "hand-over with MODLINK_EXPLAIN changed the tree's modpost's lines"
diff "$TMP/real_in_fake_gpl.rc" "$TMP/delegated_explain.rc" >/dev/null || fail "hand-over with MODLINK_EXPLAIN changed the exit status"
grep -qF 'pulled in by kernel inline `rcu_read_lock()`' "$TMP/delegated_explain.err" ||
	{ cat "$TMP/delegated_explain.err" >&2; fail "hand-over with MODLINK_EXPLAIN: no notes"; }
# A namespace message names only the module's base name: its object is
# found among the run's arguments.
MOD=ns_missing
run real_in_fake_ns "$fake" "$fake/scripts/mod/modpost" -w -m -e -i Module.symvers
MODLINK_EXPLAIN=1 run delegated_ns "$fake" "$MODLINK" -w -m -e -i Module.symvers
MOD=clean
grep -q "from namespace DMA_BUF, but does not import it" "$TMP/real_in_fake_ns.err" || fail "ns_missing: no namespace error: the test lost its point"
grep -v '^  note: ' "$TMP/delegated_ns.err" | diff "$TMP/real_in_fake_ns.err" - >&2 || fail "hand-over with MODLINK_EXPLAIN changed the namespace lines"
awk '/from namespace DMA_BUF/ {want = 1; next} want && /^  note: .*called directly/ {found = 1} !/^  note: / {want = 0} END {exit !found}' \
	"$TMP/delegated_ns.err" || { cat "$TMP/delegated_ns.err" >&2; fail "hand-over with MODLINK_EXPLAIN: no note under a namespace line"; }
# The version from the Makefile when there is no kernel.release.
rm "$fake/include/config/kernel.release"
printf 'VERSION = 6\nPATCHLEVEL = 8\nSUBLEVEL = 0\n' >"$fake/Makefile"
run delegated_mk "$fake" "$MODLINK" -w -m -e -i Module.symvers
same real_in_fake delegated_mk
MODLINK_MODPOST_ERA=6.1 run fake_forced "$fake" "$MODLINK" -w -m -e -i Module.symvers
same real61 fake_forced
echo "6.8 tree (kernel.release or Makefile): handed to its own modpost, same files and messages; notes under MODLINK_EXPLAIN"

# Nothing to hand over to, or modlink itself.
rm "$fake/scripts"
mkdir -p "$fake/scripts/mod"
run no_modpost "$fake" "$MODLINK" -w -m -e -i Module.symvers
one_line_exit1 no_modpost "no .*scripts/mod/modpost to hand the run to"
ln -s "$MODLINK" "$fake/scripts/mod/modpost"
run itself "$fake" "$MODLINK" -w -m -e -i Module.symvers
one_line_exit1 itself "is modlink itself"
rm "$fake/scripts/mod/modpost"
printf '#!/bin/sh\nexec %q "$@"\n' "$MODLINK" >"$fake/scripts/mod/modpost"
chmod +x "$fake/scripts/mod/modpost"
run wrapped "$fake" "$MODLINK" -w -m -e -i Module.symvers
one_line_exit1 wrapped "is modlink again"
# No tree at all, and an option no 6.1 modpost has: cannot be placed.
cp "$sym612" "$TMP/dump"
run nowhere "$TMP" "$MODLINK" -w -M -m -e -i "$TMP/dump"
one_line_exit1 nowhere "cannot tell which kernel"
echo "no modpost in the tree, modlink as the tree's modpost (directly or through a script), no tree: one line, exit 1"
