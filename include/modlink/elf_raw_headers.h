// SPDX-License-Identifier: MIT
// The ELF header and section header entries decoded straight from the
// file's bytes, for either class and either byte order, without libelf.
// Both readers of objects start here: ElfFile checks where the section
// header table lies before handing the file to libelf (so its message says
// what is wrong), and the drop-in walks the table the way upstream modpost
// does, with upstream's messages, before ElfFile opens the file at all.
#pragma once

#include <elf.h>

#include <cstddef>
#include <cstdint>

namespace modlink {

// An unsigned integer of `len` bytes (1 to 8) stored at `p` in the given
// byte order.
std::uint64_t load_uint(const unsigned char* p, std::size_t len, bool big_endian);
// Stores the low `len` bytes of `value` at `p` in the given byte order.
void store_uint(unsigned char* p, std::size_t len, bool big_endian, std::uint64_t value);

// The record layout the identification bytes choose. Any class byte but
// ELFCLASS64 reads as 32-bit and any data byte but ELFDATA2MSB as
// little-endian, as upstream modpost reads them; a reader that must refuse
// other values (ElfFile) checks e_ident first.
struct ElfLayout {
    bool is64 = false;
    bool big_endian = false;

    static ElfLayout of(const unsigned char* ident) {
        return {ident[EI_CLASS] == ELFCLASS64, ident[EI_DATA] == ELFDATA2MSB};
    }
    std::size_t header_size() const { return is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr); }
    std::size_t section_header_size() const { return is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr); }
    std::uint64_t load(const unsigned char* p, std::size_t len) const { return load_uint(p, len, big_endian); }
};

// The fields of the ELF header that say what the file is and where its
// section header table lies.
struct RawElfHeader {
    ElfLayout layout;
    std::uint16_t type = 0;       // e_type
    std::uint64_t shoff = 0;      // e_shoff
    std::uint16_t shentsize = 0;  // e_shentsize
    std::uint16_t shnum = 0;      // e_shnum; 0: the count is section 0's sh_size
    std::uint16_t shstrndx = 0;   // e_shstrndx; SHN_XINDEX: it is section 0's sh_link
};

// Decodes the header at `head`, which holds at least
// ElfLayout::of(head).header_size() bytes.
RawElfHeader decode_elf_header(const unsigned char* head);

// The fields of one section header table entry.
struct RawSectionHeader {
    std::uint32_t name = 0;  // sh_name
    std::uint32_t type = 0;  // sh_type
    std::uint64_t flags = 0;
    std::uint64_t offset = 0;  // sh_offset
    std::uint64_t size = 0;    // sh_size
    std::uint32_t link = 0;    // sh_link
    std::uint32_t info = 0;    // sh_info
};

// Decodes the entry at `entry`, which holds layout.section_header_size() bytes.
RawSectionHeader decode_section_header(ElfLayout layout, const unsigned char* entry);

}  // namespace modlink
