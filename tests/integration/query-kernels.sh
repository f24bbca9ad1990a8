#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modlink query against the kernels' own dumps: for every export of
# bookworm's 6.1, trixie's 6.12 and sid's 7.2 (asked all at once through
# --stdin, JSON out), the answer rebuilt as a Module.symvers line (CRC,
# symbol, owner, export type, namespace) equals the kernel's line. Then each
# module tree with its build link taken away (so no Module.symvers): for
# every export a module owns, the answer from the modules' own __ksymtab_gpl
# (6.1, 6.12) or __kflagstab (7.2) tables gives the same owner, export type
# and namespace. Plus --module (a module: list allows one module and refuses
# another) and the autoconf lines.
source "$(dirname "$0")/lib.sh"
for set in bookworm-amd64 trixie-amd64 sid-amd64; do
	use_set "$set"
	cut -f2 "$SYMVERS" >"$TMP/syms"
	n=$(wc -l <"$TMP/syms")
	start=$(date +%s%N)
	"$MODLINK" query --kernel "$HEADERS" --stdin --format json <"$TMP/syms" >"$TMP/q.json" || fail "$set: query failed"
	ms=$((($(date +%s%N) - start) / 1000000))
	jq -r '.kernels[0].symbols[] | select(.exported) |
		[(.crc // "0x00000000"), .symbol, .owner, (if .gpl_only then "EXPORT_SYMBOL_GPL" else "EXPORT_SYMBOL" end), .namespace] | @tsv' \
		"$TMP/q.json" | LC_ALL=C sort >"$TMP/answers"
	# Owners: a module's own name in the index; the dump names its path.
	awk -F'\t' 'BEGIN { OFS = "\t" } { n = split($3, p, "/"); $3 = p[n]; gsub("-", "_", $3); print }' "$SYMVERS" |
		LC_ALL=C sort >"$TMP/expected"
	awk -F'\t' 'BEGIN { OFS = "\t" } { gsub("-", "_", $3); print }' "$TMP/answers" | LC_ALL=C sort >"$TMP/answers.n"
	diff "$TMP/expected" "$TMP/answers.n" >"$TMP/diff" || { head "$TMP/diff" >&2; fail "$set: answers differ from Module.symvers"; }
	echo "$set: $n exports, every answer equals its Module.symvers line (one run: $ms ms)"

	# The module tree alone.
	tree=$TMP/tree-$set/lib/modules/$REL
	mkdir -p "$tree"
	cp -as "$MODULES/kernel" "$tree/kernel"
	awk -F'\t' '$3 != "vmlinux" { print $2 }' "$SYMVERS" >"$TMP/mod-syms"
	"$MODLINK" query --kernel "$tree" --stdin --format json <"$TMP/mod-syms" >"$TMP/t.json" || fail "$set: query of the bare module tree failed"
	jq -r '.kernels[0].symbols[] | select(.exported) |
		[.symbol, .owner, (if .gpl_only then "EXPORT_SYMBOL_GPL" else "EXPORT_SYMBOL" end), .namespace] | @tsv' "$TMP/t.json" |
		awk -F'\t' 'BEGIN { OFS = "\t" } { gsub("-", "_", $2); print }' | LC_ALL=C sort >"$TMP/tree-answers"
	awk -F'\t' 'BEGIN { OFS = "\t" } $3 != "vmlinux" { n = split($3, p, "/"); o = p[n]; gsub("-", "_", o); print $2, o, $4, $5 }' "$SYMVERS" |
		LC_ALL=C sort >"$TMP/tree-expected"
	diff "$TMP/tree-expected" "$TMP/tree-answers" >"$TMP/diff" || { head "$TMP/diff" >&2; fail "$set: the module tree's answers differ"; }
	echo "$set: module tree without Module.symvers: $(wc -l <"$TMP/tree-answers") module exports answered as the dump says"
done

# sid: a module: namespace list.
use_set sid-amd64
sym=$(awk -F'\t' '$5 == "module:kvm,kvm-amd,kvm-intel" { print $2; exit }' "$SYMVERS")
[ -n "$sym" ] || fail "sid exports nothing to module:kvm,kvm-amd,kvm-intel any more"
"$MODLINK" query --kernel "$HEADERS" --module kvm_amd "$sym" --format json >"$TMP/allowed.json" || fail "kvm_amd refused $sym"
[ "$(jq '.kernels[0].symbols[0].usable' "$TMP/allowed.json")" = true ] || fail "kvm_amd may not use $sym"
rc=0
"$MODLINK" query --kernel "$HEADERS" --module vfio "$sym" --format json >"$TMP/refused.json" || rc=$?
[ "$rc" = 1 ] && [ "$(jq '.kernels[0].symbols[0].usable' "$TMP/refused.json")" = false ] || fail "vfio may use $sym"
echo "sid: $sym (module:kvm,kvm-amd,kvm-intel) usable by kvm_amd, refused to vfio"

# autoconf: the lines a configure script includes.
use_set bookworm-amd64
"$MODLINK" query --kernel "$HEADERS" --format autoconf dma_buf_get printk >"$TMP/config.h" || true
diff - "$TMP/config.h" <<'H' || fail "autoconf output"
#define HAVE_EXPORT_DMA_BUF_GET 1
#define DMA_BUF_GET_IS_GPL_ONLY 1
/* #undef HAVE_EXPORT_PRINTK */
H
grep -q "	dma_buf_get	vmlinux	EXPORT_SYMBOL_GPL	DMA_BUF" "$SYMVERS" && ! grep -q "	printk	" "$SYMVERS" ||
	fail "the dump no longer says what the autoconf lines assume"
echo "autoconf: HAVE_EXPORT_ and _IS_GPL_ONLY lines as the dump says"
