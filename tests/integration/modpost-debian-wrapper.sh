#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: Debian's 6.1 scripts/mod/modpost, the wrapper Kbuild runs for M=
# builds against Debian's headers. It looks at the first input object
# before running modpost.real-*: no input, an unopenable, short or non-ELF
# first object, an unknown ELF class or byte order, an unopenable -T list
# (read from a file and from stdin). Both programs run from the headers
# tree, as Kbuild runs them; stderr, exit status and the files left behind
# must be identical. Outside a Debian kbuild tree modlink is upstream's
# modpost and reads on (tested last).
source "$(dirname "$0")/lib.sh"
export MODLINK_ERA_LOG=$TMP/era.log  # own_era_only, at the end
use_set bookworm-amd64
cd "$TMP"
printf 'hello\n' >short.o
head -c 100 /dev/zero >zeros.o
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000' >ident15.o
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000' >ident16.o
printf '\177ELF\003\001\001\000\000\000\000\000\000\000\000\000' >class3.o
printf '\177ELF\002\003\001\000\000\000\000\000\000\000\000\000' >data3.o
mkdir dir.o
ko=$(find "$MODULES" -name dummy.ko | head -1)
ln -s "$ko" dummy.o
: >dummy.mod
printf '%s\n' "$TMP/short.o" "$TMP/dummy.o" >list-short-first
printf '%s\n' "$TMP/dummy.o" "$TMP/missing.o" >list-missing-second
printf '\n%s\n' "$TMP/dummy.o" >list-blank-first
: >list-empty
cases=(
	"-m"
	"-m -i $TMP/no.symvers"
	"-m -o $TMP/out.symvers"
	"-m $TMP/missing.o"
	"-m $TMP/short.o"
	"-m $TMP/zeros.o"
	"-m $TMP/ident15.o"
	"-m $TMP/ident16.o"
	"-m $TMP/class3.o"
	"-m $TMP/data3.o"
	"-m $TMP/dir.o"
	"-m -T $TMP/no-list"
	"-m -T $TMP/no-list $TMP/ident16.o"
	"-m -T $TMP/list-short-first"
	"-m -T $TMP/list-short-first $TMP/ident16.o"
	"-m -e -i $SYMVERS -T $TMP/list-missing-second"
	"-m -T $TMP/list-blank-first"
	"-m -T $TMP/list-empty -o $TMP/out.symvers"
	"-m $TMP/short.o -i $TMP/no.symvers"
)
run() { # run PROGRAM TAG ARGS...: from the headers tree, stdin from $stdin
	local prog=$1 tag=$2
	shift 2
	rm -f "$TMP"/*.mod.c "$TMP/out.symvers"
	(cd "$HEADERS" && rc=0 && { "$prog" "$@" <"$stdin" 2>"$TMP/$tag.err" || rc=$?; } && echo "$rc" >"$TMP/$tag.rc")
	ls "$TMP" | grep -E '\.mod\.c$|^out\.symvers$' >"$TMP/$tag.files" || true
}
n=0
compare() { # compare ARGS...
	n=$((n + 1))
	run "$MODPOST" real "$@"
	run "$MODLINK" modlink "$@"
	diff real.rc modlink.rc >/dev/null || fail "'$*': exit status $(cat modlink.rc), real $(cat real.rc)"
	diff real.err modlink.err >&2 || fail "'$*': messages differ"
	diff real.files modlink.files >&2 || fail "'$*': files left behind differ"
}
stdin=/dev/null
for c in "${cases[@]}"; do
	# shellcheck disable=SC2086
	compare $c
done
for list in list-short-first list-missing-second list-blank-first list-empty; do
	stdin=$TMP/$list
	compare -m -e -i "$SYMVERS" -T -
done
echo "debian wrapper: $n command lines, messages, exit status and outputs identical"
# Outside a kbuild tree nothing stands between Kbuild and modpost: there
# modlink must act as modpost.real itself, which skips a short object.
real=$(dirname "$MODPOST")/modpost.real-lsb-64
for obj in short.o zeros.o missing.o; do
	rc_real=0 rc_ml=0
	"$real" -m "$TMP/$obj" 2>real.err || rc_real=$?
	"$MODLINK" -m "$TMP/$obj" 2>modlink.err || rc_ml=$?
	[ "$rc_real" = "$rc_ml" ] && diff real.err modlink.err >&2 || fail "outside a kbuild tree, $obj: exit $rc_ml, real $rc_real"
done
echo "outside a kbuild tree: identical to modpost.real-lsb-64"
own_era_only 6.1
