// SPDX-License-Identifier: MIT
// An explanation as `note:` lines, the form check --explain, audit --source,
// the drop-in's MODLINK_EXPLAIN and `modlink explain`'s text all print: the
// verdict, then each group's sites and its chain.
#pragma once

#include <string>
#include <vector>

#include "modlink/explanation.h"

namespace modlink {

// "file:line" as every explanation shows it.
std::string location_text(const SourceLocation& l);

// The explanation of one symbol as note lines (without the prefix).
// Without DWARF, the note saying why and how to get it comes first when
// `with_debug_note` (callers say it once per module).
std::vector<std::string> explanation_notes(const Explanation& e, const SymbolExplanation& s,
                                           bool with_debug_note = true);

}  // namespace modlink
