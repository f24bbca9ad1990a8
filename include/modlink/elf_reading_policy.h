// SPDX-License-Identifier: MIT
// How ElfFile reads what a sound ELF file never has. modlink's own commands
// read strictly: anything odd is an Error that names it. The drop-in must
// read objects the way upstream modpost does, through pointers into the
// mapped file, and go on where upstream goes on (the drop-in defines that
// policy where it opens objects). Each field is one such behaviour, decided once when
// the file is opened; the default-constructed policy is the strict one.
// Past the end of the file every policy stops with an Error: there upstream
// reads whatever memory follows its mapping, or faults.
#pragma once

namespace modlink {

struct ElfReadingPolicy {
    // Step through the section header table by the class's own entry size,
    // whatever e_shentsize says. Strict: the table is measured by
    // e_shentsize, which must then be the class's size.
    bool section_entries_of_class_size = false;

    // A section or symbol name whose offset lies outside its string table
    // is the C string at the table's file offset plus the name's, whatever
    // the table's type or size. Strict: an Error.
    bool names_read_past_their_table = false;

    // Of several symbol tables the last one counts. Strict: an Error.
    bool last_of_several_symbol_tables = false;

    // The symbol table's sh_link may name any section as its strings, even
    // one past the section table (then the sh_offset field is read where
    // that entry would be). Strict: it must name a SHT_STRTAB section,
    // which is validated up front.
    bool symbol_strings_from_any_link = false;

    // A relocation section is read whatever its sh_link says. Strict: it
    // must link to the symbol table.
    bool relocations_whatever_link = false;

    // A symbol table or relocation section whose size is not whole entries
    // (which libelf refuses) is read entry by entry while an entry starts
    // inside it, the last one running on into the bytes that follow.
    // Strict: an Error.
    bool partial_entries_read_on = false;

    // SHF_COMPRESSED sections are read as stored (a compressed symbol
    // table's bytes are symbols all the same). Strict: they are inflated.
    bool compressed_sections_as_stored = false;
};

}  // namespace modlink
