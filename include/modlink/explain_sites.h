// SPDX-License-Identifier: MIT
// Reference sites: every relocation in an allocated section that names a
// symbol, with the code each stands for (the site itself in code; the
// entry's code address in __jump_table, .static_call_sites, __ex_table) and
// the symbol-table function or object that holds it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "modlink/explanation.h"

namespace modlink {

class ElfFile;

// The sites of `symbols`, each with the index of its symbol in `symbols`.
// Sorted by symbol (in the order of `symbols`), section, offset.
std::vector<std::pair<std::size_t, ReferenceSite>> find_reference_sites(const ElfFile& elf,
                                                                        const std::vector<std::string>& symbols);
// "R_X86_64_PLT32" for a relocation type of the machine.
const char* relocation_name(std::uint16_t machine, std::uint32_t type);

}  // namespace modlink
