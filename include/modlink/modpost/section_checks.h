// SPDX-License-Identifier: MIT
// Checks modpost runs over every section of an object, in section order:
// the non-allocatable section warning (a PROGBITS section without "a" that
// is not on the list of sections that are meant to stay out of memory) and,
// for relocation sections, the section mismatch rules of the era.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "modlink/elf.h"
#include "modlink/modpost/session.h"

namespace modlink::modpost {

// Sections whose relocations and lack of SHF_ALLOC are never checked
// (6.1's list; shell globs).
bool is_unchecked_section(std::string_view name);

// `file_name` is the object path as given (with ".o"), as the messages print it.
// `symbols` is the object's symbol table, decoded once by the reader.
void check_sections(Session& session, const ElfFile& elf, const std::vector<ElfSymbol>& symbols,
                    const std::string& file_name);

}  // namespace modlink::modpost
