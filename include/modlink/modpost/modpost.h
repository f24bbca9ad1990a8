// SPDX-License-Identifier: MIT
// The drop-in modpost: one run from parsed options to exit status, in
// upstream 6.1's order (dumps, objects, per-module checks interleaved with
// writing each .mod.c, nsdeps, the dump, the closing messages).
//
// Where another era (6.12, 7.x) plugs in, as additions beside 6.1's:
//   options.h         its getopt string (-M -b -x -t -u ...);
//   object_reader     where exports come from (6.1: ___ksymtab+ sections and
//                     __kstrtabns_ strings; 6.5+: .export_symbol records);
//   modpost.cpp       the order of checks and writes (6.1 checks each module
//                     just before writing its .mod.c; newer eras check all
//                     modules first);
//   mod_c.cpp         the .mod.c text (6.1 has vermagic and __versions with
//                     %#8x; newer eras KSYMTAB lines and module-common.c);
//   section_mismatch  the rule table and white list (kRules61/kGroups61);
//   device_table.cpp  the device-table symbol names (__mod_<type>__...) and
//                     device_aliases.cpp the per-type formats and layouts.
#pragma once

#include "modlink/modpost/options.h"

namespace modlink::modpost {

// Returns the exit status: 0, or 1 after any error or fatal.
int run(const Options& options);

}  // namespace modlink::modpost
