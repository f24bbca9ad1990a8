// SPDX-License-Identifier: MIT
// Exports as 6.5+ objects declare them: EXPORT_SYMBOL*() puts a record
// `__export_symbol_<sym>: "<license>\0" "<namespace>\0" .quad <sym>` into
// `.export_symbol`. modpost (with -M) reads them through the relocations
// of that section, in relocation order, and checks each against its label
// with 6.12's messages: a strange label, a local symbol, a label that
// names another symbol, an unknown license; and it warns when the symbol
// itself sits in an init or exit section.
#pragma once

#include <string>
#include <vector>

#include "modlink/elf.h"
#include "modpost/session.h"

namespace modlink::modpost {

// `rel_section` is the SHT_REL/SHT_RELA section of `.export_symbol`.
void read_export_symbol_records(Session& session, ModpostModule& mod, const ElfFile& elf,
                                const std::vector<ElfSymbol>& symbols, const ElfSection& rel_section);

}  // namespace modlink::modpost
