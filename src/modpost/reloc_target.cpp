// SPDX-License-Identifier: MIT
#include "modlink/modpost/reloc_target.h"

#include <optional>

namespace modlink::modpost {

namespace {

using Kind = RelocTarget::Kind;
using Word = std::optional<std::uint32_t>;

RelocTarget at(std::uint32_t address) { return {Kind::Address, address}; }
// Upstream would read past the section; there is nothing sensible to name.
const RelocTarget kUnreadable{Kind::NoAddress, 0};

RelocTarget i386_target(std::uint32_t type, Word word) {
    if (type != R_386_32 && type != R_386_PC32) return at(0);
    if (!word) return kUnreadable;
    // PC32's stored value is relative to the end of the 4-byte field.
    return at(type == R_386_32 ? *word : *word + 4);
}

RelocTarget arm_target(std::uint32_t type, Word word, std::uint32_t symbol_value) {
    switch (type) {
    case R_ARM_ABS32:
        if (!word) return kUnreadable;
        return at(*word + symbol_value);
    case R_ARM_PC24:
    case R_ARM_CALL:
    case R_ARM_JUMP24: {
        if (!word) return kUnreadable;
        // A signed word offset in the low 24 bits, from the instruction's
        // address + 8 (the ARM pipeline's PC).
        auto offset = static_cast<std::int32_t>((*word & 0x00ffffffu) << 8) >> 6;
        return at(static_cast<std::uint32_t>(offset) + 8 + symbol_value);
    }
    case R_ARM_THM_PC22:
    case R_ARM_THM_JUMP24:
    case R_ARM_THM_JUMP19:
        return {Kind::NoAddress, 0};
    default:
        return {Kind::Skip, 0};
    }
}

RelocTarget mips_target(std::uint32_t type, Word word) {
    switch (type) {
    case R_MIPS_HI16:
        // The high half of an address pair is left to its LO16 partner.
        return {Kind::Skip, 0};
    case R_MIPS_LO16:
        return word ? at(*word & 0xffffu) : kUnreadable;
    case R_MIPS_26:
        return word ? at((*word & 0x03ffffffu) << 2) : kUnreadable;
    case R_MIPS_32:
        return word ? at(*word) : kUnreadable;
    default:
        return at(0);
    }
}

}  // namespace

RelocTarget reloc_target(const ElfFile& elf, std::span<const char> patched, const ElfRelocation& r,
                         std::uint64_t symbol_value) {
    if (r.rela) {
        auto a = static_cast<std::uint64_t>(r.addend);
        return {Kind::Address, elf.is64() ? a : static_cast<std::uint32_t>(a)};
    }
    Word word = elf.read_u32(patched, r.offset);
    switch (elf.machine()) {
    case EM_386:
        return i386_target(r.type, word);
    case EM_ARM:
        return arm_target(r.type, word, static_cast<std::uint32_t>(symbol_value));
    case EM_MIPS:
        return mips_target(r.type, word);
    default:
        return at(0);
    }
}

}  // namespace modlink::modpost
