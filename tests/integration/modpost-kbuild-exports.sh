#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: the real 6.1 modpost, run by Kbuild on modules that export (plain,
# GPL-only, namespaced), carry CRCs, MODULE_VERSION and device tables
# (testdata/modpost/kmod). Each build is done twice, with the real program
# and with MODPOST=modlink; make's messages, its exit status and every file
# modpost writes (.mod.c, Module.symvers) must be the same.
source "$(dirname "$0")/lib.sh"
export MODLINK_ERA_LOG=$TMP/era.log  # own_era_only, at the end
use_set bookworm-amd64
mods=$CACHE/testmods/bookworm-amd64
make_f=()
[ -f "$mods/headers.mk" ] && make_f=(-f "$mods/headers.mk")
build() { # build WHO PROGRAM: exporter, then consumer against its dump
	local who=$1 prog=$2 d=$TMP/$1 st
	mkdir -p "$d"
	cp -r "$REPO"/testdata/modpost/kmod/exporter "$REPO"/testdata/modpost/kmod/consumer "$d/"
	st=0
	make -C "$HEADERS" "${make_f[@]}" M="$d/exporter" MODPOST="$prog" modules >"$d.log" 2>"$d.err" </dev/null || st=$?
	echo "exporter $st" >"$d.status"
	st=0
	make -C "$HEADERS" "${make_f[@]}" M="$d/consumer" KBUILD_EXTRA_SYMBOLS="$d/exporter/Module.symvers" \
		MODPOST="$prog" modules >>"$d.log" 2>>"$d.err" </dev/null || st=$?
	echo "consumer $st" >>"$d.status"
}
build real "$MODPOST"
build modlink "$MODLINK"
norm() { sed "s|$TMP/$1/|DIR/|g" "$2"; }
diff "$TMP/real.status" "$TMP/modlink.status" || fail "make's exit status differs"
diff <(norm real "$TMP/real.err") <(norm modlink "$TMP/modlink.err") || fail "make's messages differ"
n=0
for f in exporter/mlx_exporter.mod.c exporter/Module.symvers consumer/mlx_consumer.mod.c consumer/Module.symvers; do
	[ -f "$TMP/real/$f" ] || fail "the real build wrote no $f"
	diff <(norm real "$TMP/real/$f") <(norm modlink "$TMP/modlink/$f") || fail "$f differs"
	n=$((n + 1))
done
grep -q 'MODULE_ALIAS("usb:' "$TMP/real/exporter/mlx_exporter.mod.c" || fail "the exporter lost its device tables"
grep -q 'MODULE_INFO(srcversion' "$TMP/real/exporter/mlx_exporter.mod.c" || fail "the exporter lost its srcversion"
echo "exporter + consumer: $n files, messages and exit status identical to the real modpost"
own_era_only 6.1
