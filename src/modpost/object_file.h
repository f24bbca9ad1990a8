// SPDX-License-Identifier: MIT
// One object file opened the way upstream modpost opens it: the name must
// end in ".o"; a file that cannot be opened stops the run (or, under -n, is
// named and skipped); one too short for an ELF header or without the ELF
// magic is skipped silently; anything but ET_REL stops the run; then
// upstream's walk of the section header table (section_table_walk.h), and
// the file is read through ElfFile with upstream's reading policy.
#pragma once

#include <optional>
#include <string>

#include "modlink/elf.h"
#include "modlink/elf_reading_policy.h"
#include "modpost/session.h"

namespace modlink::modpost {

// How upstream reads an object: through pointers into its mapping of the
// file, whatever the headers promise (black-box, every era).
inline constexpr ElfReadingPolicy kReadingAsUpstream{
    // It steps through the section table by its own entry size.
    .section_entries_of_class_size = true,
    // It adds a name's offset to its table's address, unchecked.
    .names_read_past_their_table = true,
    // It keeps the last symbol table it meets.
    .last_of_several_symbol_tables = true,
    // It takes whatever section the link names as the strings.
    .symbol_strings_from_any_link = true,
    // It walks every relocation section whatever its link.
    .relocations_whatever_link = true,
    // It steps through a table by entry size while an entry starts inside.
    .partial_entries_read_on = true,
    // It knows nothing of SHF_COMPRESSED.
    .compressed_sections_as_stored = true,
};

class ObjectFile {
public:
    ObjectFile() = default;
    ~ObjectFile();
    ObjectFile(const ObjectFile&) = delete;
    ObjectFile& operator=(const ObjectFile&) = delete;

    // Opens `path` and makes upstream's checks of its header and section
    // table. False when upstream skips the file (after saying so where it
    // does); stops the run where upstream does.
    bool open(Session& session, const std::string& path);

    // The object read through ElfFile (made on first call; throws Error for
    // what upstream cannot read either).
    const ElfFile& elf();

private:
    std::string path_;
    int fd_ = -1;
    std::size_t size_ = 0;
    // A copy for libelf, when upstream's section count differs from the one
    // libelf would read; outlives elf_.
    std::string with_upstream_count_;
    std::optional<ElfFile> elf_;
};

}  // namespace modlink::modpost
