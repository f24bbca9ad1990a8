// SPDX-License-Identifier: MIT
#include "modpost/mismatch_symbol_finder.h"

#include "modlink/module.h"

namespace modlink::modpost {

namespace {

// ARM's mapping symbols ($a, $d, $t, $x, optionally followed by ".name")
// mark code and data, they name nothing.
bool is_arm_mapping_symbol(std::string_view n) {
    return n.size() >= 2 && n[0] == '$' && (n[1] == 'a' || n[1] == 'd' || n[1] == 't' || n[1] == 'x') &&
           (n.size() == 2 || n[2] == '.');
}

bool special_index(std::uint16_t raw) { return raw != SHN_XINDEX && raw >= SHN_LORESERVE; }

}  // namespace

std::vector<MismatchSymbol> mismatch_symbols(const std::vector<ElfSymbol>& symbols, MismatchSymbolSearch search) {
    const bool sorted = search == MismatchSymbolSearch::SortedBySectionIndex;
    std::vector<MismatchSymbol> out;
    out.reserve(symbols.size());
    for (const ElfSymbol& s : symbols) {
        std::string_view n = strip_numeric_suffix(s.name);
        bool named = sorted ? is_symsearch_name(n) : !n.empty() && !is_arm_mapping_symbol(n);
        out.push_back({n, s.value, s.shndx, special_index(s.raw_shndx), s.undefined(), s.type == STT_SECTION,
                       s.type == STT_FUNC, named});
    }
    return out;
}

std::unique_ptr<MismatchSymbolFinder> make_symbol_finder(MismatchSymbolSearch search, const ElfFile& elf,
                                                         const std::vector<MismatchSymbol>& symbols) {
    if (search == MismatchSymbolSearch::SortedBySectionIndex) return make_sorted_symbol_finder(elf, symbols);
    return make_linear_symbol_finder(elf, symbols);
}

}  // namespace modlink::modpost
