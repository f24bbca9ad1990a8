# SPDX-License-Identifier: MIT
# Shared helpers for the integration tests. Each test is a script that exits
# 0 on success; scripts/test runs them and counts. Environment from
# scripts/test: MODLINK (release binary), MODLINK_ASAN (sanitizer binary),
# CACHE (the kernel cache), REPO.
set -euo pipefail

: "${MODLINK:?}" "${CACHE:?}" "${REPO:?}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# skip REASON: the test cannot run here (an oracle the archive no longer
# has); scripts/test counts it as skipped, never as passed.
skip() {
	echo "skipped: $*"
	exit 77
}

# Loads a fetched kernel set's variables (REL, ROOT, HEADERS, SYMVERS, MODULES, MODPOST).
use_set() {
	local env="$CACHE/$1/env"
	# An oracle the archive no longer has (scripts/fetch-kernels says so):
	# the test is skipped, never passed.
	[ -f "$CACHE/$1/absent" ] && [ ! -f "$env" ] && skip "$1: $(cat "$CACHE/$1/absent")"
	[ -f "$env" ] || fail "kernel set $1 is not fetched (scripts/fetch-kernels $1)"
	# shellcheck disable=SC1090
	source "$env"
}

# kmod_source_tree DIR: our test modules (testdata/kmod/*) as one source
# tree in DIR, a top-level Kbuild naming each; their names in `cases`.
kmod_source_tree() {
	local dir=$1 d c
	mkdir -p "$dir"
	cases=()
	for d in "$REPO"/testdata/kmod/*/; do
		c=$(basename "$d")
		cp -a "$d" "$dir/$c"
		echo "obj-m += $c/" >>"$dir/Kbuild"
		cases+=("$c")
	done
}

# same_as_own_build LABEL JSON K CASE STATUS STDERR BUILD_DIR: in a source
# audit's JSON, kernel K's modules of test case CASE are refused exactly
# when that case's own Kbuild build (exit STATUS, modpost's STDERR, built
# in BUILD_DIR) failed, with the same ERROR lines. 6.12 runs modpost in the
# kernel tree (names carry the build directory), 7.x in the module
# directory (names are relative); the oracle builds each case alone, the
# audit the whole tree, where a module is <case>/<module>: "[dir/m.ko]" (to
# 7.2) and 7.3's "dir/m.ko: " prefix are compared by the module's own name.
same_as_own_build() {
	local label=$1 json=$2 k=$3 c=$4 status=$5 err=$6 dir=$7 want=false got
	local local_name='s|\[[^]]*/\([^/]*\.ko\)\]|[\1]|g; s|^\(ERROR: modpost: \)[^ ]*/\([^/ ]*\.ko: \)|\1\2|'
	[ "$status" = 0 ] || want=true
	got=$(jq -r --arg c "$c/" ".kernels[$k].modules[] | select(.module | startswith(\$c)) | .refused" "$json" | sort -u)
	[ "$got" = "$want" ] || fail "$label: $c refused=$got, its own Kbuild build says $want"
	grep '^ERROR: ' "$err" | grep -v 'Error [0-9]' | sed "s|$dir/||g; $local_name" | sort >"$TMP/up.err" || true
	jq -r --arg c "$c/" ".kernels[$k].modules[] | select(.module | startswith(\$c)) | .modpost[]" "$json" |
		grep '^ERROR: ' | sed "$local_name" | sort >"$TMP/ml.err" || true
	diff "$TMP/up.err" "$TMP/ml.err" >&2 || fail "$label: $c: ERROR lines differ from its own Kbuild build"
}

# Prints "basename<TAB>symbol<TAB>kind" for each finding of a JSON report.
findings_tsv() {
	jq -r '.findings[] | [.module, .symbol, .kind] | @tsv' "$1" |
		awk -F'\t' '{ n = split($1, p, "/"); print p[n] "\t" $2 "\t" $3 }'
}

# findings_about JSON MODULE...: the report's findings about those modules
# (paths as given), one compact object a line, sorted.
findings_about() {
	local json=$1
	shift
	jq -c --args '.findings[] | select(.module as $m | $ARGS.positional | index($m))' "$@" <"$json" | sort
}

# The JSON report's top-level counter NAME.
json_count() {
	jq -r --arg k "$2" '.[$k]' "$1"
}

# depmod's warnings as "path<TAB>symbol<TAB>kind" (kinds named as modlink's).
depmod_tsv() {
	sed -n 's/^depmod: WARNING: \(.*\) needs unknown symbol \(.*\)$/\1\t\2\tunresolved-symbol/p
		s/^depmod: WARNING: \(.*\) disagrees about version of symbol \(.*\)$/\1\t\2\tcrc-mismatch/p' "$1" | sort
}

# modlink's findings as "path<TAB>symbol<TAB>kind" with the kinds depmod
# reports; module_layout is a CRC like any other to depmod.
modlink_depmod_tsv() {
	jq -r '.findings[] | [.module, .symbol, .kind] | @tsv' "$1" |
		sed 's/\tmodule-layout-mismatch$/\tcrc-mismatch/' | grep -P '\t(unresolved-symbol|crc-mismatch)$' | sort || true
}

# Runs depmod and modlink over the same module tree and symbol dump and
# requires the same (module, symbol, kind) set. Prints the count.
compare_with_depmod() {
	local symvers=$1 label=$2 rc=0
	depmod -b "$ROOT" -e -E "$symvers" -n "$REL" 2>"$TMP/depmod.err" >/dev/null
	"$MODLINK" check --kernel "$symvers" "$MODULES" --format json >"$TMP/modlink.json" || rc=$?
	depmod_tsv "$TMP/depmod.err" >"$TMP/depmod.tsv"
	modlink_depmod_tsv "$TMP/modlink.json" >"$TMP/modlink.tsv"
	local n
	n=$(wc -l <"$TMP/depmod.tsv")
	[ "$n" -gt 0 ] || fail "$label: depmod reported nothing; the test lost its point"
	[ "$rc" = 1 ] || fail "$label: modlink exit status $rc, expected 1"
	if ! diff -q "$TMP/depmod.tsv" "$TMP/modlink.tsv" >/dev/null; then
		diff "$TMP/depmod.tsv" "$TMP/modlink.tsv" | head -20 >&2
		fail "$label: modlink and depmod disagree"
	fi
	# Nothing but those kinds: with only a symbol dump there is nothing else to find.
	[ "$(json_count "$TMP/modlink.json" errors)" = "$n" ] || fail "$label: extra findings beyond depmod's"
	echo "$label: the same $n (module, symbol) pairs as depmod"
}

# Makes (or reuses) the chroot of RELEASE (scripts/make-chroot) and puts
# this build of modlink into it as /opt/modlink/modlink, with the
# libraries it loads that are not the C and C++ runtimes (the chroot's
# newer glibc and libstdc++ run a bookworm build). Sets CHROOT.
use_chroot() {
	local release=$1 lib
	shift
	CHROOT=$("$REPO/scripts/make-chroot" "$release" "$@") || fail "cannot make the $release chroot"
	rm -rf "$CHROOT/opt/modlink"
	mkdir -p "$CHROOT/opt/modlink/lib"
	cp "$MODLINK" "$CHROOT/opt/modlink/modlink.bin"
	for lib in $(ldd "$MODLINK" | awk '$3 ~ /^\// {print $3}'); do
		case ${lib##*/} in
		libc.so.* | libm.so.* | libstdc++.so.* | libgcc_s.so.* | libpthread.so.* | libdl.so.* | librt.so.*) ;;
		*) cp -L "$lib" "$CHROOT/opt/modlink/lib/" ;;
		esac
	done
	printf '#!/bin/sh\nLD_LIBRARY_PATH=/opt/modlink/lib exec /opt/modlink/modlink.bin "$@"\n' >"$CHROOT/opt/modlink/modlink"
	chmod +x "$CHROOT/opt/modlink/modlink"
}

# Runs CMD... inside the chroot (scripts/make-chroot --run: mounts and
# unmounts /proc, /sys and /dev around it).
in_chroot() {
	"$REPO/scripts/make-chroot" --run "$CHROOT_RELEASE" "$@"
}

# Kbuild builds in a chroot, for the drop-in's oracle tests: kbuild_setup
# RELEASE GLOB makes the chroot (use_chroot), picks the newest headers tree
# /usr/src/GLOB as KB_HEADERS and a scratch root KB_ROOT in the chroot.
kbuild_setup() { # RELEASE GLOB [PACKAGE...]: PACKAGEs join the chroot (a backported kernel's headers)
	CHROOT_RELEASE=$1
	use_chroot "$1" "${@:3}"
	KB_HEADERS=$(cd "$CHROOT/usr/src" && ls -d $2 2>/dev/null | sort -V | tail -1)
	# The release moved on to another kernel: that era's oracle is gone.
	[ -n "$KB_HEADERS" ] || skip "no headers $2 in the $1 chroot (the archive moved on)"
	KB_ROOT=/modlink-test
	rm -rf "${CHROOT:?}$KB_ROOT"
	mkdir -p "$CHROOT$KB_ROOT"
	trap 'rm -rf "$TMP"; rm -rf "${CHROOT:?}$KB_ROOT"' EXIT
}

# kbuild_modversions_headers: a copy of $KB_HEADERS as /usr/src/$KB_HEADERS-modv
# with MODVERSIONS, GENKSYMS and basic and extended modversions turned on in
# .config, auto.conf and autoconf.h (sid's kernel has them off), and the
# module_layout export every versioned module needs; sets MODV, and the
# EXIT trap removes it.
kbuild_modversions_headers() {
	MODV=$KB_HEADERS-modv
	trap 'rm -rf "$TMP"; rm -rf "${CHROOT:?}$KB_ROOT" "${CHROOT:?}/usr/src/$MODV"' EXIT
	local d=$CHROOT/usr/src/$MODV c
	rm -rf "$d"
	cp -a "$CHROOT/usr/src/$KB_HEADERS" "$d"
	sed -i "s|^KBUILD_OUTPUT=.*|KBUILD_OUTPUT=/usr/src/$MODV|" "$d/Makefile"
	for c in MODVERSIONS GENKSYMS ASM_MODVERSIONS BASIC_MODVERSIONS EXTENDED_MODVERSIONS; do
		echo "CONFIG_$c=y" >>"$d/include/config/auto.conf"
		echo "CONFIG_$c=y" >>"$d/.config"
		echo "#define CONFIG_$c 1" >>"$d/include/generated/autoconf.h"
	done
	printf '0x00000000\tmodule_layout\tvmlinux\tEXPORT_SYMBOL\t\n' >>"$d/Module.symvers"
}

# kbuild_build CASE SRC PROGRAM [MAKE-ARGS...]: a clean copy of SRC at
# $KB_ROOT/CASE, built by make against /usr/src/$KB_HEADERS (or KB_HEADERS
# itself when it is an absolute path) with PROGRAM as
# modpost ("" for kbuild's own); status and output in
# $CHROOT$KB_ROOT/CASE.{status,out,err}.
kbuild_build() {
	local case=$1 src=$2 prog=$3 st=0
	shift 3
	rm -rf "${CHROOT:?}$KB_ROOT/$case"
	cp -r "$src" "$CHROOT$KB_ROOT/$case"
	local -a extra=()
	# modlink's runs record their era (own_era_only checks it).
	[ -n "$prog" ] && extra=(MODPOST="$prog" MODLINK_ERA_LOG="$KB_ROOT/era.log")
	local tree=$KB_HEADERS
	[[ $tree == /* ]] || tree=/usr/src/$tree
	in_chroot make -C "$tree" M="$KB_ROOT/$case" "${extra[@]}" "$@" modules \
		>"$CHROOT$KB_ROOT/$case.out" 2>"$CHROOT$KB_ROOT/$case.err" </dev/null || st=$?
	echo "$st" >"$CHROOT$KB_ROOT/$case.status"
}

# kbuild_save CASE: keeps a build's outputs (under $TMP/real/CASE) before
# the next build of CASE.
kbuild_save() {
	local case=$1 d=$TMP/real/$1
	mkdir -p "$d"
	cp "$CHROOT$KB_ROOT/$case".{status,out,err} "$d/"
	(cd "$CHROOT$KB_ROOT/$case" && find . -name '*.mod.c' -o -name Module.symvers -o -name '*.ko' | LC_ALL=C sort) >"$d/files"
	mkdir -p "$d/tree"
	(cd "$CHROOT$KB_ROOT/$case" && xargs -r cp --parents -t "$d/tree" <"$d/files")
}

# kbuild_compare CASE: the build of CASE just made must equal the saved one:
# make's exit status, stdout, stderr and every .mod.c, Module.symvers, .ko.
kbuild_compare() {
	local case=$1 d=$TMP/real/$1 f
	diff "$d/$case.status" "$CHROOT$KB_ROOT/$case.status" >/dev/null ||
		fail "$case: make exited $(cat "$CHROOT$KB_ROOT/$case.status"), with kbuild's modpost $(cat "$d/$case.status")"
	diff "$d/$case.err" "$CHROOT$KB_ROOT/$case.err" >"$TMP/diff" || { head -20 "$TMP/diff" >&2; fail "$case: make's stderr differs"; }
	diff "$d/$case.out" "$CHROOT$KB_ROOT/$case.out" >"$TMP/diff" || { head -20 "$TMP/diff" >&2; fail "$case: make's stdout differs"; }
	(cd "$CHROOT$KB_ROOT/$case" && find . -name '*.mod.c' -o -name Module.symvers -o -name '*.ko' | LC_ALL=C sort) >"$TMP/files"
	diff "$d/files" "$TMP/files" >"$TMP/diff" || { cat "$TMP/diff" >&2; fail "$case: not the same files written"; }
	while read -r f; do
		cmp -s "$d/tree/$f" "$CHROOT$KB_ROOT/$case/$f" || { diff "$d/tree/$f" "$CHROOT$KB_ROOT/$case/$f" | head -20 >&2; fail "$case: $f differs"; }
	done <"$d/files"
	echo "$case: make exit $(cat "$d/$case.status"), $(wc -l <"$d/files") files, stdout and stderr identical to kbuild's modpost"
}

# For the drop-in tests that run once per era. Called first, it runs the
# calling test again for each era's kernel set (MODPOST_ERA_SETS, default
# 6.1's bookworm-amd64, 6.12's trixie-amd64 and 7.2's sid-amd64) and exits
# with the first failure; within each of those runs it loads the set and
# sets ERA (6.1, 6.12 or 7.2) and ERA_FLAGS (what Kbuild adds for the era:
# -M since 6.6).
# Oracle tests export MODLINK_ERA_LOG and end with own_era_only ERA: every
# drop-in run wrote its era there, and each must be modlink's own ERA, never
# a hand-over to the tree's modpost (which would match upstream trivially).
own_era_only() {
	[ -s "$MODLINK_ERA_LOG" ] || fail "the drop-in recorded no era (was MODLINK_ERA_LOG exported?)"
	local other
	other=$(grep -vxF "$1" "$MODLINK_ERA_LOG" | sort | uniq -c | head -3 || true)
	[ -z "$other" ] || fail "runs not in modlink's own $1 era: $other"
	echo "$(wc -l <"$MODLINK_ERA_LOG") drop-in runs, each in modlink's own $1 era (no hand-over)"
}

# The oracle kernel set of each era the drop-in knows. The eras come from
# modlink itself (modpost --list-eras, its registry): an era added there
# without a set here fails every once_per_era test.
declare -A ERA_SET=([6.1]=bookworm-amd64 [6.12]=trixie-amd64 [7.2]=sid-amd64 [7.3]=trixie-bpo-amd64)
# Where each era since 6.12 is built natively, as its users build it: the
# release whose chroot has the compiler that built the kernel, the headers
# glob under its /usr/src, and packages to add (a backported kernel's).
declare -A ERA_CHROOT=([6.12]="trixie linux-headers-6.12.*-amd64" [7.2]="sid linux-headers-7.2.*-amd64"
	[7.3]="trixie linux-headers-7.3.*-amd64 linux-headers-amd64/trixie-backports")
# The eras modlink knows from FIRST on (modpost --list-eras), oldest first.
eras_since() {
	local era
	for era in $("$MODLINK" modpost --list-eras); do
		[ "$(printf '%s\n' "$1" "$era" | sort -V | head -1)" = "$1" ] && echo "$era"
	done
	return 0
}
# once_per_era SCRIPT [FIRST]: FIRST leaves out the eras before it (a test
# of what came with 7.2, say).
once_per_era() {
	local era set
	if [ -z "${MODPOST_ONE_SET:-}" ]; then
		local sets=${MODPOST_ERA_SETS:-}
		if [ -z "$sets" ]; then
			for era in $("$MODLINK" modpost --list-eras); do
				[ -z "${2:-}" ] || [ "$(printf '%s\n' "$2" "$era" | sort -V | head -1)" = "$2" ] || continue
				[ -n "${ERA_SET[$era]:-}" ] || fail "era $era has no oracle set in tests/integration/lib.sh"
				sets+=" ${ERA_SET[$era]}"
			done
		fi
		local skipped= passed=0
		for set in $sets; do
			local rc=0
			MODPOST_ONE_SET=$set bash "$1" >"$TMP/era-run.out" 2>&1 || rc=$?
			cat "$TMP/era-run.out"
			[ "$rc" = 77 ] && skipped+=" $(tail -n 1 "$TMP/era-run.out" | sed 's/^skipped: //')" && continue
			[ "$rc" = 0 ] || exit 1
			passed=$((passed + 1))
		done
		# One era without its oracle makes the whole test a skip, never a pass.
		[ -z "$skipped" ] || skip "no oracle:$skipped ($passed other era(s) passed)"
		exit 0
	fi
	use_set "$MODPOST_ONE_SET"
	ERA=
	for era in "${!ERA_SET[@]}"; do
		[ "${ERA_SET[$era]}" = "$MODPOST_ONE_SET" ] && ERA=$era
	done
	[ -n "$ERA" ] || fail "$MODPOST_ONE_SET is no era's oracle set"
	# What Kbuild adds for the era: -M since 6.6.
	ERA_FLAGS=-M
	[ "$ERA" = 6.1 ] && ERA_FLAGS=
	export MODLINK_ERA_LOG=$TMP/era.log
	return 0
}

# schema_valid DRAFT SCHEMA DOC...: each JSON document validates against
# SCHEMA with python3-jsonschema's validator of DRAFT (4 or 7); a SARIF log
# (one with "runs") must also hold at least one result. Prints one line per
# document (its finding kinds or SARIF results), the first complaints on stderr.
schema_valid() {
	python3 - "$@" <<'PY'
import json, sys, jsonschema
validator = {"4": jsonschema.Draft4Validator, "7": jsonschema.Draft7Validator}[sys.argv[1]]
schema = json.load(open(sys.argv[2]))
validator.check_schema(schema)
v = validator(schema)
bad = 0
for path in sys.argv[3:]:
    doc = json.load(open(path))
    errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:5]:
        print(f"{path}: {list(e.path)}: {e.message[:200]}", file=sys.stderr)
    bad += bool(errors)
    name = path.rsplit("/", 1)[1]
    if isinstance(doc, dict) and "runs" in doc:
        results = sum(len(r.get("results", [])) for r in doc["runs"])
        if not results:
            print(f"{path}: no results", file=sys.stderr)
            bad += 1
        if not errors:
            print(f"{name}: valid SARIF 2.1.0, {results} results")
        continue
    kinds = set()
    def walk(x):
        if isinstance(x, dict):
            if "kind" in x and "severity" in x: kinds.add(x["kind"])
            for y in x.values(): walk(y)
        elif isinstance(x, list):
            for y in x: walk(y)
    walk(doc)
    if not errors:
        print(f"{name}: valid" + (f" ({len(kinds)} finding kinds: {' '.join(sorted(kinds))})" if kinds else ""))
sys.exit(1 if bad else 0)
PY
}

# sarif_valid LOG...: each SARIF log against OASIS's SARIF 2.1.0 schema.
sarif_valid() { schema_valid 4 "$REPO/doc/schema/sarif-schema-2.1.0.json" "$@"; }

# header_def_line HEADER FN: the line where a kernel header defines FN
# ("static ... FN(" at the start of a line), empty when it does not;
# header_body HEADER FN: that definition's lines up to its closing brace.
# The oracle for modlink leaks: the kernel's own sources, read here.
header_def_line() { grep -n -E "^static .*[ *]$2\(" "$1" | head -n 1 | cut -d: -f1; }
header_body() {
	local l
	l=$(header_def_line "$1" "$2")
	[ -n "$l" ] && sed -n "$l,/^}/p" "$1"
}

# leaks_spot_check INDEX MODULE_TREE N: N entries of a leak index (picked
# with a fixed seed) re-derived by `modlink explain` on the module each
# names as evidence (a path below MODULE_TREE): some site group's chain,
# innermost first, begins with the entry's chain reversed (the symbol left
# out).
leaks_spot_check() {
	local index=$1 tree=$2 want=$3 i e sym mod
	local -a picks
	mapfile -t picks < <(jq -r '.leaks | to_entries[] | "\(.key)"' "$index" |
		python3 -c 'import random, sys; k = [l.strip() for l in sys.stdin]; random.seed(1); n = int(sys.argv[1]); print("\n".join(sorted(random.sample(k, min(n, len(k))), key=int)))' "$want")
	[ "${#picks[@]}" -ge "$want" ] || fail "fewer than $want entries to check in $index"
	for i in "${picks[@]}"; do
		e=$(jq -c ".leaks[$i]" "$index")
		sym=$(jq -r .symbol <<<"$e")
		mod=$tree/$(jq -r .evidence <<<"$e")
		"$MODLINK" explain --format json "$mod" "$sym" >"$TMP/spot.json" || fail "explain $mod $sym: exit $?"
		jq -e --argjson want "$(jq -c '.chain[:-1] | reverse' <<<"$e")" \
			'[.modules[0].symbols[0].groups[] | [.chain[].function] | .[:($want | length)] == $want] | any' "$TMP/spot.json" >/dev/null ||
			fail "entry $i ($(jq -c '[.function, .symbol, .chain]' <<<"$e")): explain on its evidence shows no such chain"
	done
	echo "${#picks[@]} entries re-derived by explain on their evidence modules"
}
