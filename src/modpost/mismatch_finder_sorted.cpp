// SPDX-License-Identifier: MIT
// MismatchSymbolSearch::SortedBySectionIndex (6.7 on, upstream's
// symsearch.c): the named symbols of each section sorted by address, found
// by binary search; ".L", "L0" and "$" names are not names; with no symbol
// near, the target prints as the reference's own symbol or as its address.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <unordered_map>

#include "modpost/mismatch_symbol_finder.h"

namespace modlink::modpost {

namespace {

class SortedSymbolFinder final : public MismatchSymbolFinder {
public:
    using MismatchSymbolFinder::MismatchSymbolFinder;

    MismatchEnds find(const MismatchReference& ref) override {
        MismatchEnds ends;
        ends.from = ref.from_section ? nearest_at_or_below(ref.from_section->index, ref.relocation.offset) : nullptr;
        ends.to = target_symbol(ref.symbol, ref.target);
        ends.from_name = ends.from ? ends.from->name : std::string_view{};
        // With no symbol near, the reference's own symbol, however it is
        // named; a nameless one (a section symbol) prints as its address.
        std::string_view to = ends.to ? ends.to->name : ref.symbol.name;
        ends.to_name = !to.empty() ? std::string(to) : fmt::format("0x{:x}", static_cast<unsigned>(ref.target.address));
        ends.to_found_name = ends.to ? ends.to->name : std::string_view{};
        return ends;
    }

private:
    // A named symbol's place in its section's sorted list.
    struct Placed {
        std::uint64_t address;
        std::size_t index;  // into symbols_
    };

    // The named symbols of section `shndx` by address (built on first use);
    // among symbols at one address the later one is found.
    const std::vector<Placed>& named_in(std::size_t shndx) {
        auto [it, fresh] = by_section_.try_emplace(shndx);
        if (fresh) {
            // A Thumb function's value has bit 0 set; the search uses its address.
            bool arm = elf_.machine() == EM_ARM;
            for (std::size_t i = 0; i < symbols_.size(); ++i) {
                const MismatchSymbol& s = symbols_[i];
                if (s.shndx != shndx || s.special || s.undefined || !s.named) continue;
                it->second.push_back({arm && s.function ? s.value & ~std::uint64_t{1} : s.value, i});
            }
            std::stable_sort(it->second.begin(), it->second.end(),
                             [](const Placed& x, const Placed& y) { return x.address < y.address; });
        }
        return it->second;
    }

    static std::vector<Placed>::const_iterator first_above(const std::vector<Placed>& v, std::uint64_t address) {
        return std::upper_bound(v.begin(), v.end(), address,
                                [](std::uint64_t a, const Placed& p) { return a < p.address; });
    }

    // The named symbol at or below `offset` in section `shndx`.
    const MismatchSymbol* nearest_at_or_below(std::size_t shndx, std::uint64_t offset) {
        const std::vector<Placed>& v = named_in(shndx);
        auto after = first_above(v, offset);
        return after == v.begin() ? nullptr : &symbols_[std::prev(after)->index];
    }

    // The reference's own symbol when it has a name, else the named symbol
    // of its section within 20 bytes of the address (below wins a tie),
    // else none.
    const MismatchSymbol* target_symbol(const MismatchSymbol& own, const RelocTarget& target) {
        if (own.named) return &own;
        if (target.kind != RelocTarget::Kind::Address) return nullptr;
        const std::vector<Placed>& v = named_in(own.shndx);
        auto after = first_above(v, target.address);
        std::uint64_t none = std::numeric_limits<std::uint64_t>::max();
        std::uint64_t below = after == v.begin() ? none : target.address - std::prev(after)->address;
        std::uint64_t above = after == v.end() ? none : after->address - target.address;
        if (below <= 20 && below <= above) return &symbols_[std::prev(after)->index];
        if (above <= 20) return &symbols_[after->index];
        return nullptr;
    }

    std::unordered_map<std::size_t, std::vector<Placed>> by_section_;
};

}  // namespace

std::unique_ptr<MismatchSymbolFinder> make_sorted_symbol_finder(const ElfFile& elf,
                                                                const std::vector<MismatchSymbol>& symbols) {
    return std::make_unique<SortedSymbolFinder>(elf, symbols);
}

}  // namespace modlink::modpost
