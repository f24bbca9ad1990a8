#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# In-tree mode against sid's 7.2 modpost (tests/full/intree-replay.bash), with
# MODVERSIONS and extended modversions: kbuild passes -m -b -x.
INTREE=7.2 INTREE_RELEASE=sid INTREE_FLAGS="-t -m -b -x" INTREE_VMLINUX_ARGS="-M -m -b -x -a"
source "$REPO/tests/full/intree-replay.bash"

# The long-name module of modpost-72-kbuild, built against this in-tree
# kernel (MODVERSIONS and extended modversions really on, real CRCs): kbuild's
# modpost, then MODPOST=modlink; and the consumer's versions of kernel
# symbols are the kernel's own CRCs.
KB_ROOT=/modlink-test
rm -rf "${CHROOT:?}$KB_ROOT"
mkdir -p "$CHROOT$KB_ROOT"
trap 'rm -rf "$TMP" "${CHROOT:?}$KB_ROOT"' EXIT
KB_HEADERS=$k
kbuild_build longname "$REPO/testdata/modpost/kmod72/longname" ""
kbuild_save longname
kbuild_build longname "$REPO/testdata/modpost/kmod72/longname" /opt/modlink/modlink
kbuild_compare longname
mc=$TMP/real/longname/tree/longname_consumer.mod.c
grep -q '____version_ext_names' "$mc" || fail "no extended modversions tables against the in-tree kernel"
crc=$(awk -F'\t' '$2 == "kfree" {print $1}' "$CHROOT$k/Module.symvers")
[ -n "$crc" ] && [ "$crc" != 0x00000000 ] || fail "the in-tree kernel has no real CRC for kfree ($crc)"
grep -q "{ $crc, \"kfree\" }" "$mc" || fail "longname_consumer's __versions does not hold kfree's CRC $crc"
echo "longname against the in-tree 7.2 kernel: identical with MODPOST=modlink; kfree's CRC $crc in its __versions"
