#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regression tests for the hostile inputs of issue #11 (testdata/repro/),
# each on the release build under `ulimit -v 2097152` (2 GiB of address
# space) and `timeout 20`, and on the ASan+UBSan build without the ulimit:
# - a 19-byte .ko.zst whose frame declares 4 GiB: one `modlink: error:
#   FILE: ...` line, exit 2 (it used to allocate the 4 GiB: 14 s, 4.2 GB);
# - a .ko whose .symtab sh_entsize libdwfl rejects without an error message:
#   explain gives one error line, exit 2 (it used to dereference NULL);
# - a .o with a 4 GiB .bss PCI device table: the drop-in prints one FATAL
#   line and exits 1, and writes no .mod.c (it used to allocate 4 GiB;
#   upstream takes 15 s and 2 GB before running out of memory);
# - the same with 64 MiB, a legitimate table: every output (a 114 MB .mod.c)
#   identical to upstream modpost 6.1's.
source "$(dirname "$0")/lib.sh"
use_set bookworm-amd64
repro=$REPO/testdata/repro
python3 "$repro/make-repro.py" zstd "$TMP/claims-4g.ko.zst"
ko=$CACHE/testmods/bookworm-amd64/gpl_inline/gpl_inline.ko
python3 "$repro/make-repro.py" badsym "$ko" "$TMP/badsym.ko"
as --64 --defsym SIZE=4294967280 "$repro/nobits-devtable.s" -o "$TMP/huge.o"
as --64 --defsym SIZE=67108840 "$repro/nobits-devtable.s" -o "$TMP/big.o"

# expect STATUS PATTERN BINARY ARGS...: bounded run, one stderr line.
expect() {
	local want=$1 pattern=$2 bin=$3 rc=0 limit=
	shift 3
	[ "$bin" = "$MODLINK" ] && limit="ulimit -v 2097152;"
	bash -c "$limit"' exec timeout 20 "$@"' _ "$bin" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	[ "$rc" = "$want" ] || { cat "$TMP/err" >&2; fail "$(basename "$bin") $*: exit $rc, want $want"; }
	[ "$(wc -l <"$TMP/err")" = 1 ] || { cat "$TMP/err" >&2; fail "$(basename "$bin") $*: not one error line"; }
	grep -Eq "$pattern" "$TMP/err" || { cat "$TMP/err" >&2; fail "$(basename "$bin") $*: unexpected message"; }
}

for bin in "$MODLINK" "$MODLINK_ASAN"; do
	expect 2 "^modlink: error: $TMP/claims-4g.ko.zst: corrupt zstd data" "$bin" check --kernel "$SYMVERS" "$TMP/claims-4g.ko.zst"
	expect 2 "^modlink: error: $TMP/badsym.ko: cannot read DWARF: libdwfl rejects the file" "$bin" explain "$TMP/badsym.ko" __rcu_read_lock
	rm -rf "$TMP/m" && mkdir -p "$TMP/m" && cp "$TMP/huge.o" "$TMP/m/huge.o" && : >"$TMP/m/huge.mod" && echo huge.o >"$TMP/m/list"
	(cd "$TMP/m" && expect 1 "^FATAL: modpost: huge: device table __mod_pci__repro_device_table is 4294967280 bytes of \.bss, more than modlink reads \(256 MiB\)$" \
		"$bin" -m -e -i "$SYMVERS" -T list -o Module.symvers)
	[ ! -e "$TMP/m/huge.mod.c" ] || fail "a .mod.c was written for the refused table"
	echo "$(basename "$bin"): the three hostile inputs give one error line each, bounded"
done

# The legitimate 64 MiB table, against upstream.
for who in real modlink; do
	mkdir -p "$TMP/$who" && cp "$TMP/big.o" "$TMP/$who/big.o" && : >"$TMP/$who/big.mod" && echo big.o >"$TMP/$who/list"
done
(cd "$TMP/real" && "$MODPOST" -m -e -i "$SYMVERS" -T list -o Module.symvers 2>err) || fail "upstream refused the 64 MiB table"
(cd "$TMP/modlink" && bash -c 'ulimit -v 2097152; exec timeout 60 "$@"' _ "$MODLINK" -m -e -i "$SYMVERS" -T list -o Module.symvers 2>err) ||
	fail "modlink refused the 64 MiB table"
diff -r "$TMP/real" "$TMP/modlink" >/dev/null || fail "the 64 MiB table's outputs differ from upstream's"
echo "64 MiB .bss table: $(stat -c %s "$TMP/real/big.mod.c") byte .mod.c identical to upstream's"
