#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The layers hold: the core (src/*.cpp, include/modlink/*.h) never includes
# the drop-in, which sits on top of it: neither its public headers
# (include/modlink/modpost/) nor its own (src/modpost/*.h, which the core's
# include path does not even reach); the CLI (src/cli/) sees only the
# drop-in's public headers. Prints the include graph's layer edges it found.
source "$(dirname "$0")/lib.sh"
cd "$REPO"
bad=$(grep -l '#include "\(modlink/\)\?modpost/' src/*.cpp include/modlink/*.h || true)
[ -z "$bad" ] || fail "the core includes the drop-in: $bad"
private=$(grep -l '#include "modpost/' src/cli/*.cpp src/cli/*.h include/modlink/modpost/*.h || true)
[ -z "$private" ] || fail "the drop-in's own headers are used outside it: $private"
up=$(grep -l '#include "modlink/' src/modpost/*.cpp src/modpost/*.h include/modlink/modpost/*.h | wc -l)
cli=$(grep -l '#include "modlink/modpost/' src/cli/*.cpp | wc -l)
echo "core -> drop-in: 0 files; drop-in files using the core: $up; CLI files using the drop-in's public headers: $cli"
