// SPDX-License-Identifier: MIT
#include "modlink/elf_raw_headers.h"

namespace modlink {

namespace {

// Each field is found by its offset and size in the class's own record
// type from <elf.h>, so no byte offset is written out by hand.
template <typename Ehdr>
RawElfHeader decode_header_as(ElfLayout layout, const unsigned char* h) {
    RawElfHeader out;
    out.layout = layout;
    out.type = static_cast<std::uint16_t>(layout.load(h + offsetof(Ehdr, e_type), sizeof(Ehdr::e_type)));
    out.shoff = layout.load(h + offsetof(Ehdr, e_shoff), sizeof(Ehdr::e_shoff));
    out.shentsize = static_cast<std::uint16_t>(layout.load(h + offsetof(Ehdr, e_shentsize), sizeof(Ehdr::e_shentsize)));
    out.shnum = static_cast<std::uint16_t>(layout.load(h + offsetof(Ehdr, e_shnum), sizeof(Ehdr::e_shnum)));
    out.shstrndx = static_cast<std::uint16_t>(layout.load(h + offsetof(Ehdr, e_shstrndx), sizeof(Ehdr::e_shstrndx)));
    return out;
}

template <typename Shdr>
RawSectionHeader decode_section_as(ElfLayout layout, const unsigned char* sh) {
    RawSectionHeader out;
    out.name = static_cast<std::uint32_t>(layout.load(sh + offsetof(Shdr, sh_name), sizeof(Shdr::sh_name)));
    out.type = static_cast<std::uint32_t>(layout.load(sh + offsetof(Shdr, sh_type), sizeof(Shdr::sh_type)));
    out.flags = layout.load(sh + offsetof(Shdr, sh_flags), sizeof(Shdr::sh_flags));
    out.offset = layout.load(sh + offsetof(Shdr, sh_offset), sizeof(Shdr::sh_offset));
    out.size = layout.load(sh + offsetof(Shdr, sh_size), sizeof(Shdr::sh_size));
    out.link = static_cast<std::uint32_t>(layout.load(sh + offsetof(Shdr, sh_link), sizeof(Shdr::sh_link)));
    out.info = static_cast<std::uint32_t>(layout.load(sh + offsetof(Shdr, sh_info), sizeof(Shdr::sh_info)));
    return out;
}

}  // namespace

std::uint64_t load_uint(const unsigned char* p, std::size_t len, bool big_endian) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < len; ++i) v = v << 8 | p[big_endian ? i : len - 1 - i];
    return v;
}

void store_uint(unsigned char* p, std::size_t len, bool big_endian, std::uint64_t value) {
    for (std::size_t i = 0; i < len; ++i)
        p[big_endian ? len - 1 - i : i] = static_cast<unsigned char>(value >> 8 * i);
}

RawElfHeader decode_elf_header(const unsigned char* head) {
    ElfLayout layout = ElfLayout::of(head);
    return layout.is64 ? decode_header_as<Elf64_Ehdr>(layout, head) : decode_header_as<Elf32_Ehdr>(layout, head);
}

RawSectionHeader decode_section_header(ElfLayout layout, const unsigned char* entry) {
    return layout.is64 ? decode_section_as<Elf64_Shdr>(layout, entry) : decode_section_as<Elf32_Shdr>(layout, entry);
}

}  // namespace modlink
