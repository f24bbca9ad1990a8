// SPDX-License-Identifier: MIT
// MismatchSymbolSearch::LinearBySectionName (until 6.6): every symbol is
// scanned for each mismatch, the source's by its section's name; a symbol
// not found prints as "(unknown)".
#include <cstdint>
#include <limits>

#include "modpost/mismatch_symbol_finder.h"

namespace modlink::modpost {

namespace {

class LinearSymbolFinder final : public MismatchSymbolFinder {
public:
    using MismatchSymbolFinder::MismatchSymbolFinder;

    MismatchEnds find(const MismatchReference& ref) override {
        MismatchEnds ends;
        ends.to = target_symbol(ref.symbol, ref.target);
        ends.from = source_symbol(ref.relocation.offset, ref.from_section_name);
        ends.from_name = ends.from ? ends.from->name : "(unknown)";
        ends.to_name = ends.to ? ends.to->name : "(unknown)";
        ends.to_found_name = ends.to ? ends.to->name : "(unknown)";
        return ends;
    }

private:
    // The symbol a reference names: its own symbol when that has a name,
    // else the named symbol of the same section nearest the address.
    // Upstream measures the distance in 32-bit signed arithmetic, whatever
    // the ELF class: a symbol 2^32 away counts as exact, and one 2^31 away
    // (whose distance overflows to negative) beats every other.
    const MismatchSymbol* target_symbol(const MismatchSymbol& own, const RelocTarget& target) const {
        if (!own.name.empty()) return &own;
        if (target.kind != RelocTarget::Kind::Address) return nullptr;
        const MismatchSymbol* near = nullptr;
        std::int32_t distance = std::numeric_limits<std::int32_t>::max();
        for (const MismatchSymbol& s : symbols_) {
            if (s.shndx != own.shndx || s.section_symbol || !s.named) continue;
            if (s.value == target.address) return &s;
            auto d = static_cast<std::int32_t>(static_cast<std::uint32_t>(s.value - target.address));
            if (d < 0) d = static_cast<std::int32_t>(static_cast<std::uint32_t>(target.address - s.value));
            if (d < distance) {
                distance = d;
                near = &s;
            }
        }
        return distance < 20 ? near : nullptr;
    }

    // The function or object a reference is made from: the named symbol at
    // or below the offset in a section of that name (ties: the later one).
    const MismatchSymbol* source_symbol(std::uint64_t offset, std::string_view from_section) const {
        const MismatchSymbol* near = nullptr;
        std::uint64_t distance = std::numeric_limits<std::uint64_t>::max();
        for (const MismatchSymbol& s : symbols_) {
            if (s.special || elf_.section_name(s.shndx) != from_section || !s.named) continue;
            if (s.value <= offset && offset - s.value <= distance) {
                distance = offset - s.value;
                near = &s;
            }
        }
        return near;
    }
};

}  // namespace

std::unique_ptr<MismatchSymbolFinder> make_linear_symbol_finder(const ElfFile& elf,
                                                                const std::vector<MismatchSymbol>& symbols) {
    return std::make_unique<LinearSymbolFinder>(elf, symbols);
}

}  // namespace modlink::modpost
