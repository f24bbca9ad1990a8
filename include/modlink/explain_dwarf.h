// SPDX-License-Identifier: MIT
// Inline chains at code addresses, through libdwfl, which lays the sections
// of an ET_REL file out at distinct addresses before it applies the debug
// relocations (in a .ko every code section starts at 0).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "modlink/explain_options.h"
#include "modlink/explanation.h"
#include "modlink/input_file.h"

namespace modlink {

class InlineChains {
public:
    // Opens `debug_file` (an ET_REL module or its debug copy). Throws Error.
    InlineChains(const std::string& debug_file, const ExplainOptions& opts);
    // The same from the file already open (the module itself, when it has
    // its DWARF): not opened, nor inflated, a second time. `file` is needed
    // only during the call.
    InlineChains(const std::string& debug_file, const Input& file, const ExplainOptions& opts);
    ~InlineChains();
    InlineChains(const InlineChains&) = delete;
    InlineChains& operator=(const InlineChains&) = delete;

    unsigned dwarf_version() const;
    // Fills `frames` of every site with a code section. Sections are matched
    // by index and name between the module and the debug file.
    void resolve(std::vector<ReferenceSite*>& sites);
    // Every function with code here (inlined copies and out-of-line ones),
    // each (name, declaration file as shown) once, sorted by name and file.
    std::vector<DeclaredFunction> code_functions();

private:
    struct OpenDebugFile;  // the debug file as libdwfl laid it out, and what was learned of its sources
    std::unique_ptr<OpenDebugFile> state_;
};

}  // namespace modlink
