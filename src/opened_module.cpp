// SPDX-License-Identifier: MIT
#include "modlink/opened_module.h"

#include "modlink/explain.h"

namespace modlink {

OpenedModule::OpenedModule(const std::string& path, const ParseOptions& opts)
    : path_(path),
      file_(open_module_input(path)),
      elf_(open_elf_file(path, file_)),
      module_(parse_module(*elf_, path, opts)) {}

Explanation OpenedModule::explain(const std::vector<std::string>& symbols, const ExplainOptions& opts) const {
    return explain_module(path_, file_, *elf_, symbols, opts);
}

}  // namespace modlink
