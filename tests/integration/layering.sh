#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The layers hold: the core (src/*.cpp, include/modlink/*.h) never includes
# the drop-in (modlink/modpost/*), which sits on top of it; only the CLI
# (src/cli/) sees both. Prints the include graph's layer edges it found.
source "$(dirname "$0")/lib.sh"
cd "$REPO"
bad=$(grep -l '#include "modlink/modpost/' src/*.cpp include/modlink/*.h || true)
[ -z "$bad" ] || fail "the core includes the drop-in: $bad"
up=$(grep -l '#include "modlink/' src/modpost/*.cpp include/modlink/modpost/*.h | wc -l)
cli=$(grep -l '#include "modlink/modpost/' src/cli/*.cpp | wc -l)
echo "core -> drop-in: 0 files; drop-in files using the core: $up; CLI files using the drop-in: $cli"
