// SPDX-License-Identifier: MIT
// The symbols a section mismatch names: the function or object the
// reference is made from, and the one it points to. Eras search for them
// in one of two ways (MismatchSymbolSearch in section_rules.h), each a
// finder of its own: a linear scan by section name (until 6.6,
// mismatch_finder_linear.cpp) and a sorted search by section index and
// address (6.7 on, mismatch_finder_sorted.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "modlink/elf.h"
#include "modpost/reloc_target.h"
#include "modpost/section_rules.h"

namespace modlink::modpost {

// An object's symbol as the mismatch checks see it.
struct MismatchSymbol {
    std::string_view name;  // with modpost's ".NNN" suffix removed
    std::uint64_t value;
    std::size_t shndx;
    bool special;  // a reserved section index (absolute, common...): in no section
    bool undefined;
    bool section_symbol;
    bool function;
    bool named;  // a name worth printing, as the era's search judges names
};

// The object's symbol table as the mismatch checks see it.
std::vector<MismatchSymbol> mismatch_symbols(const std::vector<ElfSymbol>& symbols, MismatchSymbolSearch search);

// One reference that breaks a rule, as the finders need it.
struct MismatchReference {
    const ElfRelocation& relocation;
    std::string_view from_section_name;
    const ElfSection* from_section;  // null when sh_info names no section
    const MismatchSymbol& symbol;    // the relocation's own symbol
    const RelocTarget& target;       // where the relocation points
};

// The symbols found for a mismatch, and the names it prints for them.
struct MismatchEnds {
    const MismatchSymbol* from = nullptr;
    const MismatchSymbol* to = nullptr;
    std::string from_name;
    std::string to_name;
    // The target's name as the white list sees it: the symbol found, not
    // what is printed when none is.
    std::string_view to_found_name;
};

class MismatchSymbolFinder {
public:
    // `symbols` (the object's, as mismatch_symbols() gives them) must
    // outlive the finder.
    MismatchSymbolFinder(const ElfFile& elf, const std::vector<MismatchSymbol>& symbols) : elf_(elf), symbols_(symbols) {}
    virtual ~MismatchSymbolFinder() = default;
    virtual MismatchEnds find(const MismatchReference& reference) = 0;

protected:
    const ElfFile& elf_;
    const std::vector<MismatchSymbol>& symbols_;
};

// The era's finder.
std::unique_ptr<MismatchSymbolFinder> make_symbol_finder(MismatchSymbolSearch search, const ElfFile& elf,
                                                         const std::vector<MismatchSymbol>& symbols);
std::unique_ptr<MismatchSymbolFinder> make_linear_symbol_finder(const ElfFile& elf,
                                                                const std::vector<MismatchSymbol>& symbols);
std::unique_ptr<MismatchSymbolFinder> make_sorted_symbol_finder(const ElfFile& elf,
                                                                const std::vector<MismatchSymbol>& symbols);

}  // namespace modlink::modpost
