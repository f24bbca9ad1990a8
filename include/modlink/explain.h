// SPDX-License-Identifier: MIT
// Explaining a finding: where in a module a symbol is referenced, and, with
// DWARF, through which chain of inlined kernel functions. A module's authors
// often never wrote the name modpost complains about: a static inline in a
// kernel header expanded to it. The answer comes from the module's
// relocations (every site that names the symbol) and the
// DW_TAG_inlined_subroutine scopes that cover each site.
//
// explain_module() is the library call every front end uses (`modlink
// explain`, `check --explain`, `audit --source` and the drop-in's
// MODLINK_EXPLAIN notes). Its building blocks have a header each
// (explain_sites.h, explain_debug_files.h, explain_dwarf.h); its result is
// explanation.h, printed by explain_notes.h and explain_report.h.
#pragma once

#include <string>
#include <vector>

#include "modlink/explain_options.h"
#include "modlink/explanation.h"
#include "modlink/elf.h"
#include "modlink/findings.h"
#include "modlink/input_file.h"

namespace modlink {

// Explains every symbol in `symbols` (names as the module imports them).
// A symbol the module never references gets an explanation with no sites
// and a verdict saying so. Throws Error naming the file on unreadable or
// malformed input (the module or its debug file).
Explanation explain_module(const std::string& module_path, const std::vector<std::string>& symbols,
                           const ExplainOptions& opts = {});
// The same on the module already open and parsed (`in` and `elf` of
// module_path; OpenedModule, opened_module.h). When the module holds its
// own DWARF, `in` is handed to libdwfl.
Explanation explain_module(const std::string& module_path, const Input& in, const ElfFile& elf,
                           const std::vector<std::string>& symbols, const ExplainOptions& opts = {});

// The symbols of `findings` in first-seen order, each once ("" skipped).
std::vector<std::string> finding_symbols(const std::vector<Finding>& findings);

// Appends explanation_notes() to every finding that names a symbol, one
// explain_module() per module. For check --explain and the drop-in.
void add_explanation_notes(std::vector<Finding>& findings, const ExplainOptions& opts = {});

}  // namespace modlink
