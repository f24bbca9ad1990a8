#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# In-tree mode against sid's 7.2 modpost (tests/full/intree-replay.bash), with
# MODVERSIONS and extended modversions: kbuild passes -m -b -x.
INTREE=7.2 INTREE_RELEASE=sid INTREE_FLAGS="-t -m -b -x" INTREE_VMLINUX_ARGS="-M -m -b -x -a"
source "$REPO/tests/full/intree-replay.bash"
