// SPDX-License-Identifier: MIT
// The drop-in modpost: one run from parsed options to exit status, in
// the era's order (dumps, objects, the per-module checks and the writes of
// each .mod.c, nsdeps, the dump, the closing messages). What differs by
// era is read from the Era value (era.h), never decided here.
#pragma once

#include "modlink/modpost/era.h"
#include "modlink/modpost/options.h"

namespace modlink::modpost {

// Returns the exit status: 0, or 1 after any error or fatal.
int run(const Options& options, const Era& era);

}  // namespace modlink::modpost
