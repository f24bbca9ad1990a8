// SPDX-License-Identifier: MIT
// The file that holds a module's DWARF: the module itself when it has
// .debug_info (or .zdebug_info), else a separate debug file found by build
// ID or by path through the options' debug directories.
#pragma once

#include <string>

#include "modlink/explain_options.h"

namespace modlink {

class ElfFile;

// The debug file's path, "" when there is none.
std::string find_debug_file(const std::string& module_path, const ElfFile& elf, const ExplainOptions& opts);
// The module's GNU build ID as lowercase hex, "" when it has none.
std::string build_id_hex(const ElfFile& elf);

}  // namespace modlink
