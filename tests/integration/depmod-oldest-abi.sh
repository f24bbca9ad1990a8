#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Oracle: depmod -e -E. The newest 6.1 module tree against the oldest 6.1
# ABI's Module.symvers still in the archive: every CRC that moved, every
# export that did not exist yet, and module_layout, exactly as depmod says.
source "$(dirname "$0")/lib.sh"
use_set bookworm-amd64-oldabi
old=$SYMVERS old_rel=$REL
use_set bookworm-amd64
[ "$old_rel" != "$REL" ] || fail "the oldest ABI is the newest ($REL): nothing to compare"
compare_with_depmod "$old" "$REL modules vs $old_rel Module.symvers"
