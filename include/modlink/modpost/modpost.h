// SPDX-License-Identifier: MIT
// The drop-in modpost: one run from parsed options to exit status, in
// upstream 6.1's order (dumps, objects, per-module checks interleaved with
// writing each .mod.c, nsdeps, the dump, the closing messages).
#pragma once

#include "modlink/modpost/options.h"

namespace modlink::modpost {

// Returns the exit status: 0, or 1 after any error or fatal.
int run(const Options& options);

}  // namespace modlink::modpost
