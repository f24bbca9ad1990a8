// SPDX-License-Identifier: MIT
#include "modpost/reloc_target.h"

#include <optional>
#include <utility>

namespace modlink::modpost {

namespace {

using Kind = RelocTarget::Kind;
using Word = std::optional<std::uint32_t>;

RelocTarget at(std::uint32_t address) { return {Kind::Address, address}; }
// Upstream would read past the section; there is nothing sensible to name.
const RelocTarget kUnreadable{Kind::NoAddress, 0};

// `other`: what a type the era cannot decode gives (6.1: address 0; 6.5+: all ones).
RelocTarget i386_target(std::uint32_t type, Word word, RelocTarget other) {
    if (type != R_386_32 && type != R_386_PC32) return other;
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

// `other`: as for i386. 6.1 leaves HI16 to its LO16 partner; 6.5+ gives it `other`.
RelocTarget mips_target(std::uint32_t type, Word word, RelocTarget other, bool skip_hi16) {
    switch (type) {
    case R_MIPS_HI16:
        return skip_hi16 ? RelocTarget{Kind::Skip, 0} : other;
    case R_MIPS_LO16:
        return word ? at(*word & 0xffffu) : kUnreadable;
    case R_MIPS_26:
        return word ? at((*word & 0x03ffffffu) << 2) : kUnreadable;
    case R_MIPS_32:
        return word ? at(*word) : kUnreadable;
    default:
        return other;
    }
}

// 6.5+: an unknown type points nowhere (all ones).
const RelocTarget kAllOnes{Kind::Address, 0xffffffffu};

std::int32_t sign_extend(std::uint32_t value, unsigned bits) {
    std::uint32_t m = 1u << (bits - 1);
    return static_cast<std::int32_t>((value ^ m) - m);
}

// The two halfwords of a Thumb-2 instruction, first the one at the lower address.
std::optional<std::pair<std::uint32_t, std::uint32_t>> thumb_halves(const ElfFile& elf, Word word) {
    if (!word) return std::nullopt;
    // read_u32 gave the word in the target's order; a little-endian target
    // has the first halfword in the low bits.
    std::uint32_t w = *word;
    if (elf.big_endian()) return std::pair{w >> 16, w & 0xffffu};
    return std::pair{w & 0xffffu, w >> 16};
}

RelocTarget arm_target_with_movw_and_thumb2(const ElfFile& elf, std::uint32_t type, Word word, std::uint32_t symbol_value) {
    switch (type) {
    case R_ARM_ABS32:
    case R_ARM_REL32:
        if (!word) return kUnreadable;
        return at(*word + symbol_value);
    case R_ARM_MOVW_ABS_NC:
    case R_ARM_MOVT_ABS: {
        if (!word) return kUnreadable;
        // imm16 = imm4 (bits 19:16) : imm12 (bits 11:0)
        std::uint32_t imm = (*word >> 4 & 0xf000u) | (*word & 0x0fffu);
        return at(static_cast<std::uint32_t>(sign_extend(imm, 16)) + symbol_value);
    }
    case R_ARM_PC24:
    case R_ARM_CALL:
    case R_ARM_JUMP24: {
        if (!word) return kUnreadable;
        std::int32_t offset = sign_extend((*word & 0x00ffffffu) << 2, 26);
        return at(static_cast<std::uint32_t>(offset) + symbol_value + 8);
    }
    case R_ARM_THM_MOVW_ABS_NC:
    case R_ARM_THM_MOVT_ABS: {
        auto h = thumb_halves(elf, word);
        if (!h) return kUnreadable;
        auto [upper, lower] = *h;
        // imm16 = imm4 : i : imm3 : imm8
        std::uint32_t imm = (upper & 0x000fu) << 12 | (upper & 0x0400u) << 1 | (lower & 0x7000u) >> 4 | (lower & 0x00ffu);
        return at(static_cast<std::uint32_t>(sign_extend(imm, 16)) + symbol_value);
    }
    case R_ARM_THM_JUMP19: {
        auto h = thumb_halves(elf, word);
        if (!h) return kUnreadable;
        auto [upper, lower] = *h;
        // B<c>.W: S : J2 : J1 : imm6 : imm11 : 0
        std::uint32_t s = upper >> 10 & 1, j1 = lower >> 13 & 1, j2 = lower >> 11 & 1;
        std::uint32_t v = s << 20 | j2 << 19 | j1 << 18 | (upper & 0x3fu) << 12 | (lower & 0x7ffu) << 1;
        return at(static_cast<std::uint32_t>(sign_extend(v, 21)) + symbol_value + 4);
    }
    case R_ARM_THM_PC22:
    case R_ARM_THM_JUMP24: {
        auto h = thumb_halves(elf, word);
        if (!h) return kUnreadable;
        auto [upper, lower] = *h;
        // BL / B.W: S : I1 : I2 : imm10 : imm11 : 0, with In = !(Jn ^ S)
        std::uint32_t s = upper >> 10 & 1, j1 = lower >> 13 & 1, j2 = lower >> 11 & 1;
        std::uint32_t i1 = ~(j1 ^ s) & 1, i2 = ~(j2 ^ s) & 1;
        std::uint32_t v = s << 24 | i1 << 23 | i2 << 22 | (upper & 0x3ffu) << 12 | (lower & 0x7ffu) << 1;
        return at(static_cast<std::uint32_t>(sign_extend(v, 25)) + symbol_value + 4);
    }
    default:
        return kAllOnes;
    }
}

RelocTarget symbol_plus_addend_target(const ElfFile& elf, std::span<const char> patched, const ElfRelocation& r,
                            std::uint64_t symbol_value) {
    if (r.rela) {
        std::uint64_t a = symbol_value + static_cast<std::uint64_t>(r.addend);
        return {Kind::Address, elf.is64() ? a : static_cast<std::uint32_t>(a)};
    }
    Word word = elf.read_u32(patched, r.offset);
    switch (elf.machine()) {
    case EM_386:
        return i386_target(r.type, word, kAllOnes);
    case EM_ARM:
        return arm_target_with_movw_and_thumb2(elf, r.type, word, static_cast<std::uint32_t>(symbol_value));
    case EM_MIPS:
        return mips_target(r.type, word, kAllOnes, false);
    default:
        return {Kind::NoAddress, 0};  // rel_addends_known() said no: the caller stopped
    }
}

}  // namespace

bool rel_addends_known(const ElfFile& elf) {
    return elf.machine() == EM_386 || elf.machine() == EM_ARM || elf.machine() == EM_MIPS;
}

RelocTarget reloc_target(const ElfFile& elf, std::span<const char> patched, const ElfRelocation& r,
                         std::uint64_t symbol_value, RelocAddress decoding) {
    if (decoding == RelocAddress::SymbolPlusAddend) return symbol_plus_addend_target(elf, patched, r, symbol_value);
    if (r.rela) {
        auto a = static_cast<std::uint64_t>(r.addend);
        return {Kind::Address, elf.is64() ? a : static_cast<std::uint32_t>(a)};
    }
    Word word = elf.read_u32(patched, r.offset);
    switch (elf.machine()) {
    case EM_386:
        return i386_target(r.type, word, at(0));
    case EM_ARM:
        return arm_target(r.type, word, static_cast<std::uint32_t>(symbol_value));
    case EM_MIPS:
        return mips_target(r.type, word, at(0), true);
    default:
        return at(0);
    }
}

}  // namespace modlink::modpost
