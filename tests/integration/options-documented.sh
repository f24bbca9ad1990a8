#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every option each command's --help lists is in the man page and in that
# command's bash completion; the options shared by several commands are
# spelled alike in each (-k/--kernel, -j/--jobs, -v/--verbose, --format,
# --color); and the commands answer the small questions the same way
# (modpost --help, query's autoconf for one kernel, plurals).
source "$(dirname "$0")/lib.sh"
man=$(sed 's/\\-/-/g' "$REPO/doc/modlink.1")
completion=$REPO/dist/bash-completion/modlink
# help_options CMD: the options of the option list in CMD's --help.
help_options() {
	"$MODLINK" "$1" --help | grep -E '^  +-' | sed -E 's/^ +//; s/  .*$//' | tr ', ' '\n\n' | grep '^-' | sort -u
	echo --help
}
missing=0
for cmd in check explain audit diff exports query leaks; do
	opts=$(sed -n "s/^	$cmd) opts='\(.*\)' ;;$/\1/p" "$completion")
	[ -n "$opts" ] || fail "no completion for $cmd"
	n=0
	for o in $(help_options "$cmd"); do
		n=$((n + 1))
		grep -qw -- "$o" <<<"$man" || { echo "$cmd $o: not in doc/modlink.1" >&2; missing=1; }
		[[ " $opts " == *" $o "* ]] || { echo "$cmd $o: not in the completion" >&2; missing=1; }
	done
	echo "$cmd: $n options, each in the man page and the completion"
done
[ "$missing" = 0 ] || fail "options missing from the man page or the completion"

# The shared options mean the same everywhere they apply.
for cmd in check explain audit diff exports query leaks; do
	opts=" $(help_options $cmd | tr '\n' ' ')"
	for o in -v -j; do [[ $opts == *" $o "* ]] || fail "$cmd --help lacks $o"; done
	[ $cmd = diff ] || [ $cmd = exports ] || [[ $opts == *" -k "* ]] || fail "$cmd --help lacks -k"
done
echo "-k, -j and -v wherever they apply"

# modlink modpost --help prints the drop-in's usage (Kbuild never passes it).
"$MODLINK" modpost --help >"$TMP/help" || fail "modpost --help: exit $?"
grep -q '^usage: modlink modpost ' "$TMP/help" || fail "modpost --help: $(head -2 "$TMP/help")"
echo "modpost --help: its own usage"

# autoconf is for one kernel's config.h: with two, one clear refusal.
use_set bookworm-amd64
h1=$HEADERS
use_set trixie-amd64
rc=0
"$MODLINK" query --format autoconf -k "$h1" -k "$HEADERS" put_page >"$TMP/out" 2>"$TMP/err" || rc=$?
[ "$rc" = 2 ] && [ ! -s "$TMP/out" ] && grep -q '^modlink: error: --format autoconf answers for one kernel' "$TMP/err" ||
	fail "autoconf with two kernels: exit $rc, $(cat "$TMP/err" "$TMP/out" | head -3)"
echo "query --format autoconf with two kernels: refused"

# Plurals: one kernel, one module.
clean=$CACHE/testmods/bookworm-amd64/clean/clean.ko
"$MODLINK" audit -k "$h1" "$clean" | tail -1 | grep -qx "1 of 1 module loads on $(basename "$h1" | sed 's/^linux-headers-//')" ||
	fail "audit summary with one module and one kernel: $("$MODLINK" audit -k "$h1" "$clean" | tail -1)"
echo "audit of one module on one kernel: $("$MODLINK" audit -k "$h1" "$clean" | tail -1)"
