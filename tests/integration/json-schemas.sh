#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every JSON document modlink prints, validated against doc/schema/
# modlink.schema.json with a real validator (python3-jsonschema, draft 7):
# check (a clean tree and our test modules, which hit most finding kinds),
# explain (DWARF chains, and a module without DWARF), audit across three
# kernels, diff of two and query (with --module). Each must also parse as JSON (jq).
# Every SARIF log (check and explain) is validated against OASIS's SARIF 2.1.0
# schema, doc/schema/sarif-schema-2.1.0.json (draft 4; scripts/fetch-sarif-schema).
source "$(dirname "$0")/lib.sh"
schema=$REPO/doc/schema/modlink.schema.json
python3 -c 'import jsonschema' 2>/dev/null || fail "python3-jsonschema is not installed (scripts/setup)"
use_set bookworm-amd64
amd64_headers=$HEADERS amd64_symvers=$SYMVERS amd64_modules=$MODULES
use_set bookworm-rt-amd64
rt_headers=$HEADERS
use_set trixie-amd64
trixie_headers=$HEADERS
mods=$CACHE/testmods/bookworm-amd64
kos=$(ls "$mods"/*/*.ko)
out=$TMP/json
mkdir -p "$out"
run() { # NAME ARGS...: modlink's output (exit 0, 1, or diff's 4) into NAME.json
	local name=$1 rc=0
	shift
	"$MODLINK" "$@" >"$out/$name.json" || rc=$?
	[ "$rc" -le 1 ] || [ "$rc" = 4 ] || fail "modlink $* exited $rc"
}
# shellcheck disable=SC2086
run check-modules check --kernel "$amd64_headers" --format json $kos
run check-tree check --kernel "$amd64_symvers" --format json "$amd64_modules/kernel/fs"
run explain explain "$mods/gpl_inline/gpl_inline.ko" --kernel "$amd64_headers" --format json
stripped=$TMP/stripped.ko
strip --strip-debug -o "$stripped" "$mods/gpl_inline/gpl_inline.ko"
run explain-nodwarf explain "$stripped" --kernel "$amd64_headers" --format json
# shellcheck disable=SC2086
run audit audit --kernel "$amd64_headers" --kernel "$rt_headers" --kernel "$trixie_headers" --format json $kos
run diff diff "$amd64_headers" "$trixie_headers" --format json
run query query --kernel "$amd64_headers" --kernel "$trixie_headers" --module vfat --license Proprietary \
	--format json fat_attach dma_buf_get no_such_symbol
schema_valid 7 "$schema" "$out"/*.json || fail "output does not match doc/schema/modlink.schema.json"
# The schema is not vacuous: a finding with a kind it does not know fails.
jq '.findings[0].kind = "made-up"' "$out/check-modules.json" >"$TMP/broken.json"
schema_valid 7 "$schema" "$TMP/broken.json" 2>/dev/null && fail "the schema accepted an unknown finding kind"
echo "every JSON output validates against doc/schema/modlink.schema.json"

# SARIF: the official schema, and results that are really there.
# shellcheck disable=SC2086
"$MODLINK" check --kernel "$amd64_headers" --format sarif $kos >"$out/check.sarif" || [ $? = 1 ] || fail "check --format sarif: exit status"
"$MODLINK" explain "$mods/gpl_inline/gpl_inline.ko" --kernel "$amd64_headers" --format sarif >"$out/explain.sarif" ||
	[ $? = 1 ] || fail "explain --format sarif: exit status"
"$MODLINK" explain "$stripped" --kernel "$amd64_headers" --format sarif >"$out/explain-nodwarf.sarif" ||
	[ $? = 1 ] || fail "explain --format sarif (no DWARF): exit status"
sarif_valid "$out"/*.sarif || fail "SARIF output does not match the SARIF 2.1.0 schema"
# Not vacuous: a level SARIF does not define is refused.
jq '.runs[0].results[0].level = "fatal"' "$out/check.sarif" >"$TMP/broken.sarif"
sarif_valid "$TMP/broken.sarif" 2>/dev/null && fail "the SARIF schema accepted level 'fatal'"
echo "every SARIF log validates against OASIS's SARIF 2.1.0 schema"
