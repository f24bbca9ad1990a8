// SPDX-License-Identifier: MIT
// The address a relocation refers to, as 6.1's modpost works it out to name
// the target of a section mismatch. SHT_RELA carries it; SHT_REL keeps the
// addend in the bytes the relocation patches, and modpost decodes those only
// for a few machines and relocation types. What it does for each was found
// by running Debian's 6.1 modpost on assembled objects (see
// tests/integration/modpost-section-mismatch-arches.sh):
//
//   RELA, any machine     r_addend (the symbol's value is not added)
//   i386   R_386_32       the stored word
//          R_386_PC32     the stored word + 4
//          other types    0
//   ARM    R_ARM_ABS32    the stored word + symbol value
//          PC24/CALL/JUMP24  the branch offset + 8 + symbol value
//          THM_CALL/THM_JUMP24/THM_JUMP19  none: modpost takes an address of
//                         its own memory, so no symbol is ever found near it
//          other types    the relocation is not checked at all
//   MIPS   R_MIPS_HI16    not checked at all (its LO16 partner is)
//          R_MIPS_LO16    the low 16 bits, unsigned
//          R_MIPS_26      the 26-bit field << 2
//          R_MIPS_32      the stored word
//          other types    0
//   any other machine     0 (no error)
//
// Arithmetic wraps at the ELF class's address width.
//
// 6.5+ (RelocAddress::SymbolPlusAddend, what trixie's 6.12 modpost does, found the
// same way):
//   RELA, any machine     the symbol's value + r_addend
//   i386   R_386_32       the stored word; R_386_PC32 the stored word + 4
//   ARM    ABS32/REL32    the stored word + symbol value
//          MOVW_ABS_NC/MOVT_ABS, THM_MOVW_ABS_NC/THM_MOVT_ABS
//                         the signed 16-bit immediate + symbol value
//          PC24/CALL/JUMP24  the branch offset + 8 + symbol value
//          THM_JUMP19, THM_PC22/THM_JUMP24  the Thumb-2 branch offset + 4 +
//                         symbol value
//   MIPS   LO16, 26, 32   as 6.1
//   any other type        all ones (no symbol is near it)
//   any other machine     no address: the era stops with a fatal error
//                         (rel_addends_known)
#pragma once

#include <cstdint>
#include <span>

#include "modlink/elf.h"
#include "modpost/section_rules.h"  // RelocAddress

namespace modlink::modpost {

struct RelocTarget {
    enum class Kind {
        Address,    // `address` is where the relocation points
        NoAddress,  // check it, but no symbol lies near the address
        Skip,       // modpost does not check this relocation
    };
    Kind kind = Kind::Address;
    std::uint64_t address = 0;
};

// `patched` holds the bytes of the section the relocation applies to (only
// read for SHT_REL); `symbol_value` is the relocation symbol's st_value.
RelocTarget reloc_target(const ElfFile& elf, std::span<const char> patched, const ElfRelocation& r,
                         std::uint64_t symbol_value, RelocAddress decoding = RelocAddress::AddendOnly);

// Whether 6.5+ can work out SHT_REL targets on the object's machine.
bool rel_addends_known(const ElfFile& elf);

}  // namespace modlink::modpost
