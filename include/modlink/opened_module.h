// SPDX-License-Identifier: MIT
// A module opened once for two readers: parse_module() (imports, exports,
// licenses) and explain_module() (reference sites and DWARF) share one
// file and one ElfFile, and libdwfl is handed the same descriptor (or the
// inflated bytes), so a module is neither read nor inflated twice. Used
// where whole trees of modules with DWARF are read: `modlink leaks` and
// `audit --leaks`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "modlink/elf.h"
#include "modlink/explain_options.h"
#include "modlink/explanation.h"
#include "modlink/input_file.h"
#include "modlink/module.h"

namespace modlink {

class OpenedModule {
public:
    // Throws Error naming the file, as read_module() does.
    explicit OpenedModule(const std::string& path, const ParseOptions& opts = {});
    OpenedModule(const OpenedModule&) = delete;  // the ElfFile reads file_
    OpenedModule& operator=(const OpenedModule&) = delete;

    const Module& module() const { return module_; }
    // explain_module() of this module, on the file already open.
    Explanation explain(const std::vector<std::string>& symbols, const ExplainOptions& opts) const;

private:
    std::string path_;
    Input file_;
    std::unique_ptr<ElfFile> elf_;
    Module module_;
};

}  // namespace modlink
