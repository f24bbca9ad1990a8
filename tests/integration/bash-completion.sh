#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The bash completion (dist/bash-completion/modlink, installed as
# /usr/share/bash-completion/completions/modlink), driven in a bash subshell
# the way readline drives it: bash-completion's own library loaded, COMP_*
# set, the registered function called. Checks a command, an option, an
# option's argument and a file argument, and that `complete -p` has it.
source "$(dirname "$0")/lib.sh"
lib=/usr/share/bash-completion/bash_completion
[ -r "$lib" ] || fail "bash-completion is not installed (scripts/setup)"
mkdir -p "$TMP/files/sub"
: >"$TMP/files/a.ko" >"$TMP/files/b.ko.zst" >"$TMP/files/notes.txt"

# complete LINE: what completing at the end of LINE offers, one a line, sorted.
complete_line() {
	(cd "$TMP/files" && bash --norc --noprofile -c '
		source "$1"
		source "$2"
		line=$3
		read -ra COMP_WORDS <<<"$line"
		[[ $line == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line COMP_POINT=${#line}
		func=$(complete -p modlink | sed -n "s/.*-F \([^ ]*\) modlink$/\1/p")
		[ -n "$func" ] || { echo "no completion registered for modlink" >&2; exit 1; }
		"$func" modlink "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$lib" "$REPO/dist/bash-completion/modlink" "$1") | sort
}

expect() { # LINE, expected words (space-separated)
	local got want
	got=$(complete_line "$1" | paste -sd' ')
	want=$2
	[ "$got" = "$want" ] || fail "completing '$1': got '$got', want '$want'"
	echo "'$1' -> $got"
}

expect "modlink ch" "check"
# Every command `modlink --help` lists, and nothing else.
commands=$("$MODLINK" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]\+\)  .*/\1/p' | sort | paste -sd' ')
[ "$(wc -w <<<"$commands")" -ge 9 ] || fail "modlink --help lists only: $commands"
expect "modlink " "$commands"
expect "modlink le" "leaks"
expect "modlink leaks --di" "--diff"
expect "modlink query --format " "autoconf json text"
expect "modlink check --ex" "--explain"
expect "modlink audit --re" "--rebuilt --refresh"
expect "modlink check --format " "json sarif text"
expect "modlink audit --format " "json markdown sarif text"
expect "modlink check --color a" "always auto"
expect "modlink modpost -" "--help --list-eras -E -M -N -T -W -a -b -d -e -i -m -n -o -t -u -w -x"
# File arguments: modules (and directories) for check, any file for --kernel.
expect "modlink check " "a.ko b.ko.zst sub"
expect "modlink check --kernel " "a.ko b.ko.zst notes.txt sub"
expect "modlink explain a" "a.ko"
expect "modlink kernel " "fetch list remove"
# readline replaces only what follows the ':' (a word break), so the
# completion offers the rest of the spec after "debian:".
expect "modlink kernel fetch debian:t" "trixie trixie-backports"
expect "modlink audit --kernel debian:b" "bookworm"
expect "modlink audit --allow" "--allow-expired-release"
