#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The kernel-upgrade hook (dist/kernel/zz-modlink, installed as
# /etc/kernel/postinst.d/zz-modlink) on a module tree laid out as after a
# kernel install: bookworm's 6.1 amd64 release with three prebuilt modules
# in updates/ and extra/. Oracles for which ones the new kernel refuses:
# upstream modpost's own errors for gpl_inline.ko (its GPL-only symbols,
# recorded when the test modules were built) and depmod -e for the rt
# build of clean.ko (a CRC the amd64 kernel disagrees about). clean.ko
# built for amd64 loads. The hook must name exactly the refused two, print a
# summary, and exit 0; with no exports it prints one line and exits 0; it
# never fails, not even when modlink is gone.
source "$(dirname "$0")/lib.sh"
use_set bookworm-rt-amd64
REL_RT=$REL
use_set bookworm-amd64
hook=$REPO/dist/kernel/zz-modlink
mods=$CACHE/testmods
root=$TMP/root
tree=$root/lib/modules/$REL
mkdir -p "$tree/updates/dkms" "$tree/extra" "$root/usr/src"
ln -s "$HEADERS" "$root/usr/src/linux-headers-$REL"
cp "$mods/bookworm-amd64/clean/clean.ko" "$tree/updates/dkms/clean.ko"
cp "$mods/bookworm-amd64/gpl_inline/gpl_inline.ko" "$tree/updates/gpl_inline.ko"
mkdir -p "$TMP/rt"
cp "$mods/bookworm-rt-amd64/clean/clean.ko" "$TMP/rt/clean.ko"
xz -c "$TMP/rt/clean.ko" >"$tree/extra/clean-rt.ko.xz"

# The oracles.
grep -q "GPL-incompatible module gpl_inline.ko uses GPL-only symbol" "$mods/bookworm-amd64/gpl_inline/modpost.stderr" ||
	fail "upstream modpost did not refuse gpl_inline.ko: the test lost its point"
mkdir -p "$TMP/depmod/lib/modules/$REL/extra"
cp "$TMP/rt/clean.ko" "$TMP/depmod/lib/modules/$REL/extra/"
depmod -b "$TMP/depmod" -e -E "$SYMVERS" "$REL" 2>"$TMP/depmod.err" || true
grep -q "clean.ko disagrees about version of symbol" "$TMP/depmod.err" ||
	fail "depmod finds no CRC disagreement for the rt build of clean.ko: the test lost its point"

run_hook() { MODLINK=${2:-$MODLINK} MODLINK_ROOT=$root sh "$hook" "$1" "/boot/vmlinuz-$1" 2>&1; }

rc=0
out=$(run_hook "$REL") || rc=$?
echo "$out"
[ "$rc" = 0 ] || fail "hook exited $rc"
grep -c "would be refused by the loader" <<<"$out" | grep -qx 2 || fail "expected exactly two refused modules"
grep -q "^modlink: $REL: /lib/modules/$REL/updates/gpl_inline.ko would be refused by the loader: GPL-incompatible module gpl_inline.ko uses GPL-only symbol '__rcu_read_lock'" <<<"$out" ||
	fail "gpl_inline.ko not named with its GPL-only symbol"
# Its first error is the vermagic (rt's "preempt_rt" differs beyond the
# release word); check's full report also has depmod's CRC disagreement.
grep -q "^modlink: $REL: /lib/modules/$REL/extra/clean-rt.ko.xz would be refused by the loader: clean: version magic '$REL_RT " <<<"$out" ||
	fail "the rt build of clean.ko not named with its vermagic"
"$MODLINK" check --kernel "$HEADERS" "$TMP/rt/clean.ko" >"$TMP/rt.txt" || true
grep -q "clean: disagrees about version of symbol" "$TMP/rt.txt" ||
	fail "check does not report the CRC depmod reports for the rt build of clean.ko"
grep -q "updates/dkms/clean.ko" <<<"$out" && fail "clean.ko, which loads, was named"
grep -qx "modlink: $REL: 2 of 3 out-of-tree modules would be refused; rebuild or update them before booting $REL" <<<"$out" ||
	fail "no summary line"

# One unreadable module hides nothing: it is named with its problem, and
# so is every module the loader would refuse.
head -c 3000 "$mods/bookworm-amd64/clean/clean.ko" >"$tree/updates/broken.ko"
out=$(run_hook "$REL") || fail "hook failed with an unreadable module"
echo "$out"
grep -q "^modlink: $REL: /lib/modules/$REL/updates/broken.ko could not be checked: section header table .* lies outside the file of 3000 bytes$" <<<"$out" ||
	fail "the unreadable module is not named"
[ "$(grep -c "would be refused by the loader" <<<"$out")" = 2 ] || fail "an unreadable module hid the refused ones"
grep -qx "modlink: $REL: 2 of 4 out-of-tree modules would be refused; rebuild or update them before booting $REL" <<<"$out" ||
	fail "no summary of the refused modules beside an unreadable one"
grep -qx "modlink: $REL: 1 of 4 out-of-tree modules could not be read; see above" <<<"$out" || fail "no count of unreadable modules"
rm "$tree/updates/broken.ko"

# Quiet when all is well.
rm "$tree/updates/gpl_inline.ko" "$tree/extra/clean-rt.ko.xz"
out=$(run_hook "$REL") || fail "hook failed on a clean tree"
[ -z "$out" ] || fail "hook not quiet on a clean tree: $out"

# The exports from /boot/symvers-REL.gz when there are no headers.
cp "$mods/bookworm-amd64/gpl_inline/gpl_inline.ko" "$tree/updates/"
rm "$root/usr/src/linux-headers-$REL"
mkdir -p "$root/boot"
gzip -c "$SYMVERS" >"$root/boot/symvers-$REL.gz"
out=$(run_hook "$REL") || fail "hook failed with /boot/symvers"
grep -q "updates/gpl_inline.ko would be refused by the loader: GPL-incompatible" <<<"$out" || fail "/boot/symvers-$REL.gz not used: $out"

# No exports at all: one line, exit 0.
rm "$root/boot/symvers-$REL.gz"
out=$(run_hook "$REL") || fail "hook failed with no exports"
[ "$(wc -l <<<"$out")" = 1 ] && grep -q "no exports to check against" <<<"$out" || fail "no-exports case: $out"

# modlink removed (the hook is a conffile and stays): silent, exit 0.
out=$(run_hook "$REL" /nonexistent/modlink) || fail "hook failed without modlink"
[ -z "$out" ] || fail "hook spoke without modlink: $out"
echo "kernel-upgrade hook: names exactly the refused modules, exits 0 in every case"
