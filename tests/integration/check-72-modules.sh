#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# modlink check on modules built for 7.2 (sid chroot, gcc-16), against the
# loader's rules and what sid's own modpost said about the same sources:
#   - module: namespaces (EXPORT_SYMBOL_FOR_MODULES): the modules modpost
#     refused are the ones check names (namespace kind), the listed one is
#     clean, and MODULE_IMPORT_NS("module:...") is the loader's -EPERM;
#   - vma_flags and fpu_inline, two real breaks (vm_flags_set() ->
#     __vma_start_write, kernel_fpu_begin() -> kernel_fpu_begin_mask): check
#     names the symbols sid's modpost named, explain the inline;
#   - the MODULE_IMPORT_NS advice is the string form on 7.2 and the bare
#     form on 6.1 for the same source (ns_missing);
#   - CRCs: sid's kernel has no MODVERSIONS (every CRC 0). A module built
#     without __versions gets no CRC finding there; one built with
#     __versions (a headers copy with MODVERSIONS on) gets none either, only
#     the loader's vermagic verdict ("modversions" is in its magic); a
#     module without __versions against a kernel with MODVERSIONS (that
#     headers copy) gets the loader's "no symbol versions" refusal.
# The .ko files of refused modules come out of forced builds (kbuild's
# modpost with -w -N and the dumps' GPL-only flags dropped; the module:
# lists left out of the exporter's dump); the oracle lines come from the
# same builds unforced.
source "$(dirname "$0")/lib.sh"
kbuild_setup sid "linux-headers-7.2.*-amd64"
kbuild_modversions_headers
SID=$CHROOT/usr/src/$KB_HEADERS
# Forced builds (as scripts/build-test-modules makes them): kbuild's modpost
# with -w -N, and every -i dump read with EXPORT_SYMBOL_GPL as EXPORT_SYMBOL,
# so that a refused module still links into a .ko.
cat >"$CHROOT/opt/modlink/forced-modpost" <<SH
#!/bin/sh
n=0
for a in "\$@"; do
	if [ "\$prev" = -i ]; then n=\$((n + 1)); sed 's/\tEXPORT_SYMBOL_GPL\t/\tEXPORT_SYMBOL\t/' "\$a" >/tmp/forced-\$n.symvers; a=/tmp/forced-\$n.symvers; fi
	set -- "\$@" "\$a"
	prev=\$a
	shift
done
exec /usr/src/$KB_HEADERS/scripts/mod/modpost -w -N "\$@"
SH
chmod +x "$CHROOT/opt/modlink/forced-modpost"

# The oracle: sid's modpost on the consumers, then the forced build.
kbuild_build modns_exporter "$REPO/testdata/modpost/kmod72/modns_exporter" ""
extra="KBUILD_EXTRA_SYMBOLS=$KB_ROOT/modns_exporter/Module.symvers"
kbuild_build modns_consumers "$REPO/testdata/modpost/kmod72/modns_consumers" "" "$extra"
cp "$CHROOT$KB_ROOT/modns_consumers.err" "$TMP/oracle.err"
[ "$(cat "$CHROOT$KB_ROOT/modns_consumers.status")" = 2 ] || fail "sid's modpost accepted the consumers"
# Forced: the dump without the module: lists (the exporter's .ko keeps
# them, and check reads them there), and without modns_importer, whose
# explicit import no flag lets through.
forced=$TMP/modns_forced
cp -r "$REPO/testdata/modpost/kmod72/modns_consumers" "$forced"
sed -i 's/ modns_importer\.o//' "$forced/Kbuild"
cut -f1-4 "$CHROOT$KB_ROOT/modns_exporter/Module.symvers" | sed 's/$/\t/' >"$CHROOT$KB_ROOT/open.symvers"
kbuild_build modns_consumers "$forced" /opt/modlink/forced-modpost "KBUILD_EXTRA_SYMBOLS=$KB_ROOT/open.symvers"
for m in modns_friend modns_pal_one modns_stranger; do
	[ -f "$CHROOT$KB_ROOT/modns_consumers/$m.ko" ] || fail "no $m.ko from the forced build: $(cat "$CHROOT$KB_ROOT/modns_consumers.err")"
done
# The importer: modns_friend.ko with an import_ns=module:... entry added to
# its .modinfo, which the loader refuses at setup (-EPERM).
objcopy -O binary --only-section=.modinfo "$CHROOT$KB_ROOT/modns_consumers/modns_friend.ko" "$TMP/modinfo"
printf 'import_ns=module:modns_friend\0' >>"$TMP/modinfo"
objcopy --update-section .modinfo="$TMP/modinfo" "$CHROOT$KB_ROOT/modns_consumers/modns_friend.ko" "$TMP/modns_importer.ko"
kbuild_build ns_missing "$REPO/testdata/kmod/ns_missing" /opt/modlink/forced-modpost
kbuild_build clean "$REPO/testdata/kmod/clean" ""
for c in vma_flags fpu_inline; do
	kbuild_build $c "$REPO/testdata/kmod/$c" ""
	grep '^ERROR: modpost: GPL-incompatible' "$CHROOT$KB_ROOT/$c.err" | sed "s/.*symbol '\(.*\)'/$c\t\1/" >>"$TMP/gpl-oracle.tsv" || true
	kbuild_build $c "$REPO/testdata/kmod/$c" /opt/modlink/forced-modpost
	[ -f "$CHROOT$KB_ROOT/$c/$c.ko" ] || fail "no $c.ko from the forced build"
done
KB_HEADERS=$MODV kbuild_build longname "$REPO/testdata/modpost/kmod72/longname" ""
[ -f "$CHROOT$KB_ROOT/longname/longname_consumer.ko" ] || fail "no longname_consumer.ko"

# module: namespaces. modpost's refusals as "module<TAB>symbol".
sed -n 's/^ERROR: modpost: module \([^ ]*\) uses symbol \([^ ]*\) from namespace module:.*/\1\t\2/p' "$TMP/oracle.err" | sort >"$TMP/expected.tsv"
[ "$(wc -l <"$TMP/expected.tsv")" = 2 ] || fail "expected 2 module: namespace refusals from sid's modpost, got: $(cat "$TMP/oracle.err")"
rc=0
"$MODLINK" check --kernel "$SID" --format json "$CHROOT$KB_ROOT"/modns_exporter/modns_exporter.ko \
	"$CHROOT$KB_ROOT"/modns_consumers/*.ko >"$TMP/modns.json" || rc=$?
rc2=0
"$MODLINK" check --kernel "$SID" --format json "$CHROOT$KB_ROOT"/modns_exporter/modns_exporter.ko \
	"$TMP/modns_importer.ko" >"$TMP/importer.json" || rc2=$?
[ "$rc2" = 1 ] || fail "check on the importer exited $rc2"
[ "$rc" = 1 ] || fail "check on the module: consumers exited $rc"
jq -r '.findings[] | select(.kind == "missing-namespace-import") | [.name, .symbol] | @tsv' "$TMP/modns.json" | sort >"$TMP/got.tsv"
diff "$TMP/expected.tsv" "$TMP/got.tsv" >&2 || fail "check's module: namespace findings differ from sid's modpost"
jq -e '[.findings[] | select(.kind == "module-namespace-import")] | length == 1' "$TMP/importer.json" >/dev/null ||
	fail "no module-namespace-import finding for the importer: $(jq -c .findings "$TMP/importer.json")"
grep -q 'explicitly importing namespace "module:modns_importer" is not allowed' "$TMP/oracle.err" || fail "sid's modpost did not refuse the import"
jq -e '[.findings[] | select(.name == "modns_friend")] | length == 0' "$TMP/modns.json" >/dev/null || fail "modns_friend has findings"
echo "module: namespaces: check names $(paste -sd' ' "$TMP/got.tsv" | tr '\t' :) as sid's modpost, and the import_ns=module: entry; modns_friend clean"

# MODULE_IMPORT_NS advice: the same source for 7.2 and for 6.1.
"$MODLINK" check --kernel "$SID" "$CHROOT$KB_ROOT/ns_missing/ns_missing.ko" >"$TMP/ns72.txt" || true
grep -qF 'MODULE_IMPORT_NS("DMA_BUF")' "$TMP/ns72.txt" || { cat "$TMP/ns72.txt" >&2; fail "no string-form advice on 7.2"; }
ko61=$CACHE/testmods/bookworm-amd64/ns_missing/ns_missing.ko
[ -f "$ko61" ] || fail "no 6.1 build of ns_missing (scripts/build-test-modules bookworm-amd64)"
use_set bookworm-amd64
"$MODLINK" check --kernel "$HEADERS" "$ko61" >"$TMP/ns61.txt" || true
grep -qF 'MODULE_IMPORT_NS(DMA_BUF)' "$TMP/ns61.txt" || { cat "$TMP/ns61.txt" >&2; fail "no bare advice on 6.1"; }
echo "ns_missing: advice MODULE_IMPORT_NS(\"DMA_BUF\") on 7.2, MODULE_IMPORT_NS(DMA_BUF) on 6.1"

# The real breaks on the sid tree: check names what sid's modpost named, and
# explains it through the headers.
rc=0
"$MODLINK" check --kernel "$SID" --format json "$CHROOT$KB_ROOT"/vma_flags/vma_flags.ko "$CHROOT$KB_ROOT"/fpu_inline/fpu_inline.ko >"$TMP/breaks.json" || rc=$?
[ "$rc" = 1 ] || fail "check on vma_flags and fpu_inline exited $rc"
jq -r '.findings[] | select(.kind == "gpl-only-symbol") | [.name, .symbol] | @tsv' "$TMP/breaks.json" | sort >"$TMP/got.tsv"
sort "$TMP/gpl-oracle.tsv" | diff - "$TMP/got.tsv" >&2 || fail "check's GPL-only findings differ from sid's modpost"
"$MODLINK" explain --kernel "$SID" "$CHROOT$KB_ROOT"/vma_flags/vma_flags.ko >"$TMP/explain.txt" 2>&1 || true
for want in 'pulled in by kernel inline `vm_flags_set()` (include/linux/mm.h:' 'vma_start_write() at include/linux/mmap_lock.h:'; do
	grep -qF "$want" "$TMP/explain.txt" || { cat "$TMP/explain.txt" >&2; fail "explain on the sid tree: no '$want'"; }
done
echo "vma_flags, fpu_inline on sid: check names $(cut -f2 "$TMP/got.tsv" | paste -sd' '), as sid's modpost; explain names vm_flags_set() and vma_start_write()"

# CRCs.
crc_kinds='["crc-mismatch","missing-symbol-version","no-symbol-versions","module-layout-mismatch"]'
rc=0
"$MODLINK" check --kernel "$SID" --format json "$CHROOT$KB_ROOT/clean/clean.ko" >"$TMP/clean.json" || rc=$?
[ "$rc" = 0 ] || fail "clean.ko (no __versions) on sid: exit $rc, $(jq -c .findings "$TMP/clean.json")"
readelf -S "$CHROOT$KB_ROOT/longname/longname_consumer.ko" | grep -q ' __versions ' || fail "longname_consumer.ko has no __versions"
rc=0
"$MODLINK" check --kernel "$SID" --format json "$CHROOT$KB_ROOT/longname/longname_exporter.ko" \
	"$CHROOT$KB_ROOT/longname/longname_consumer.ko" >"$TMP/longname.json" || rc=$?
jq -e --argjson k "$crc_kinds" '[.findings[] | select(.kind as $x | $k | index($x))] | length == 0' "$TMP/longname.json" >/dev/null ||
	fail "CRC findings for a versioned module on a kernel without MODVERSIONS: $(jq -c .findings "$TMP/longname.json")"
jq -e '[.findings[] | select(.kind == "vermagic-mismatch")] | length == 2' "$TMP/longname.json" >/dev/null ||
	fail "expected the loader's vermagic verdict for both versioned modules: $(jq -c .findings "$TMP/longname.json")"
# (No grep -m1 here: strings would die of SIGPIPE, and pipefail fail the test.)
vm=$(strings -a "$CHROOT$KB_ROOT/longname/longname_consumer.ko" | grep "^vermagic=" || true)
case $vm in *" modversions "*) ;; *) fail "the versioned build has no modversions in its vermagic: $vm" ;; esac
rc=0
"$MODLINK" check --kernel "$CHROOT/usr/src/$MODV" --format json "$CHROOT$KB_ROOT/clean/clean.ko" >"$TMP/clean-modv.json" || rc=$?
[ "$rc" = 1 ] || fail "clean.ko (no __versions) on a MODVERSIONS kernel: exit $rc"
jq -e '[.findings[] | select(.kind == "no-symbol-versions")] | length == 1' "$TMP/clean-modv.json" >/dev/null ||
	fail "no no-symbol-versions finding: $(jq -c .findings "$TMP/clean-modv.json")"
echo "CRCs: no CRC findings on sid (MODVERSIONS off) with or without __versions; no __versions on a MODVERSIONS kernel: the loader's refusal"
