// SPDX-License-Identifier: MIT
// Checks modpost runs over every section of an object, in section order:
// the non-allocatable section warning (a PROGBITS section without "a" that
// is not on the era's list of sections that are meant to stay out of
// memory) and, for relocation sections, the section mismatch rules of the
// era; in eras whose exports are .export_symbol records (6.5+), the
// relocations of that section are the exports (export_symbol_records.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "modlink/elf.h"
#include "modpost/session.h"

namespace modlink::modpost {

// `path` is the object path as given (with ".o"); the era says whether
// messages name it or the module. `symbols` is the object's symbol table,
// decoded once by the reader.
void check_sections(Session& session, ModpostModule& mod, const ElfFile& elf, const std::vector<ElfSymbol>& symbols,
                    const std::string& path);

}  // namespace modlink::modpost
