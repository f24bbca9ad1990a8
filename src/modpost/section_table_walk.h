// SPDX-License-Identifier: MIT
// Upstream's own walk of an object's section header table, with its
// messages, made before libelf sees the file (ElfFile reports anything
// else). Upstream reads the table through a pointer into the mapped file
// and ignores e_shentsize; for each section after the null one it checks
// the offset against the file size, then (by the name it finds through the
// name table, unchecked) a NOBITS .modinfo, and after the walk it wants a
// symbol table (and a SYMTAB_SHNDX section, if any, that links to it).
// Entries past the end of the file read as the mapping's zero padding up
// to the end of its last page; past that upstream faults, and the walk
// stops (ElfFile's own error stands instead).
#pragma once

#include <cstddef>
#include <string>

#include "modlink/elf_raw_headers.h"
#include "modpost/diagnostics.h"

namespace modlink::modpost {

// Walks the table of the object open on `fd` (of `size` bytes, whose
// header is `header`); reports as upstream does, through diag.fatal().
void walk_section_table(Diagnostics& diag, int fd, const RawElfHeader& header, std::size_t size,
                        const std::string& path);

}  // namespace modlink::modpost
