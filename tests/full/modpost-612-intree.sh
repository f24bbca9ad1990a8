#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# In-tree mode against trixie's 6.12 modpost (tests/full/intree-replay.bash).
INTREE=6.12 INTREE_RELEASE=trixie INTREE_FLAGS="-t"
source "$REPO/tests/full/intree-replay.bash"
