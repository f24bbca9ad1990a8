#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# In-tree mode against sid's 7.2 modpost on an LLVM=1 ThinLTO build
# (tests/full/intree-replay.bash): clang's .llvm.NNN suffixes on local
# symbols, CRCs with extended modversions.
INTREE=7.2-llvm INTREE_RELEASE=sid INTREE_FLAGS="-m -b -x" INTREE_VMLINUX_ARGS="-M -m -b -x -a"
source "$REPO/tests/full/intree-replay.bash"
grep -rlq '\.llvm\.[0-9]' "$CHROOT/intree-7.2-llvm"/*.symvers "$CHROOT/intree-7.2-llvm/System.map" 2>/dev/null ||
	echo "(no .llvm.NNN names in System.map or the dumps)"
