// SPDX-License-Identifier: MIT
#include "modpost/section_mismatch.h"

#include <span>

#include "modpost/mismatch_white_list.h"
#include "modpost/reloc_target.h"
#include "modpost/section_groups.h"

namespace modlink::modpost {

// Read when the first SHT_REL relocation that breaks a rule needs them.
class SectionMismatchChecker::RelocatedBytes {
public:
    RelocatedBytes(const ElfFile& elf, const ElfSection* section) : elf_(elf), section_(section) {}

    std::span<const char> for_relocation(const ElfRelocation& r) {
        if (!r.rela && !read_ && section_) {
            bytes_ = elf_.section_bytes(*section_);
            read_ = true;
        }
        return bytes_;
    }

private:
    const ElfFile& elf_;
    const ElfSection* section_;
    std::span<const char> bytes_;
    bool read_ = false;
};

SectionMismatchChecker::SectionMismatchChecker(Session& session, const ModpostModule& mod, const ElfFile& elf,
                                               const std::vector<ElfSymbol>& symbols, std::string file_name)
    : elf_(elf),
      elf_symbols_(symbols),
      rules_(*session.era().section_rules),
      reporter_(session, mod, *session.era().section_rules, std::move(file_name)) {}

void SectionMismatchChecker::check_relocation_section(const ElfSection& rel_section) {
    const ElfSection* from_section = elf_.section(rel_section.hdr.sh_info);
    const std::string_view from_name = from_section ? from_section->name : std::string_view{};
    if (matches_any(from_name, rules_.unchecked_sections)) return;
    const std::uint32_t from = section_groups_of(rules_, from_name);
    if (!(from & groups_rules_start_from(rules_))) {
        walk_relocations_no_rule_starts_from(rel_section);
        return;
    }
    prepare_symbols();
    // Nearly every relocation points somewhere harmless: test the target's
    // groups against what the rules for this source can flag before
    // decoding anything else.
    const RuleReach reach = rule_reach(from);
    auto may_break = [&](std::size_t symbol) { return may_break_a_rule(symbol, reach); };
    // (When the entries cannot be read raw, relocations_in() says why.)
    if (!reach.has_good_list && !elf_.any_relocation_symbol(rel_section, may_break).value_or(true)) return;
    RelocatedBytes relocated(elf_, from_section);
    for (const ElfRelocation& r : elf_.relocations_in(rel_section))
        if (may_break(r.symbol)) check_relocation(r, from, from_name, from_section, relocated);
}

SectionMismatchChecker::RuleReach SectionMismatchChecker::rule_reach(std::uint32_t from) const {
    RuleReach reach;
    for (const MismatchRule& r : rules_.rules)
        if (from & r.from) reach.bad_targets |= r.bad_to, reach.has_good_list = reach.has_good_list || r.good_to;
    return reach;
}

// No rule starts here, but upstream still walks the relocations (in every
// era), and stops on a symbol past the file.
void SectionMismatchChecker::walk_relocations_no_rule_starts_from(const ElfSection& rel_section) const {
    auto past_file = [&](std::size_t symbol) { return past_the_file(symbol); };
    if (elf_.any_relocation_symbol(rel_section, past_file).value_or(true)) (void)elf_.relocations_in(rel_section);
}

void SectionMismatchChecker::prepare_symbols() {
    if (section_groups_.empty()) {
        section_groups_.reserve(elf_.sections().size());
        for (const ElfSection& s : elf_.sections()) section_groups_.push_back(section_groups_of(rules_, s.name));
    }
    if (finder_) return;
    symbols_ = mismatch_symbols(elf_symbols_, rules_.symbol_search);
    finder_ = make_symbol_finder(rules_.symbol_search, elf_, symbols_);
}

// Upstream reads the symbol of every relocation it walks, past the table
// too: within the file it reads other bytes as a symbol; past the file,
// whatever memory follows, or it faults. That is one clear error here
// (relocations_in() makes it).
bool SectionMismatchChecker::past_the_file(std::size_t symbol) const {
    return symbol >= elf_.symbol_count() && !elf_.symbol_in_file(symbol);
}

// Undefined and special (absolute, common) symbols are in no section, so
// never in a mismatch.
bool SectionMismatchChecker::may_break_a_rule(std::size_t symbol, const RuleReach& reach) const {
    if (symbol >= symbols_.size()) return past_the_file(symbol);
    const MismatchSymbol& s = symbols_[symbol];
    if (s.special || s.undefined) return false;
    std::uint32_t to = s.shndx < section_groups_.size() ? section_groups_[s.shndx] : 0;
    return reach.has_good_list || (to & reach.bad_targets) != 0;
}

void SectionMismatchChecker::check_relocation(const ElfRelocation& r, std::uint32_t from, std::string_view from_name,
                                              const ElfSection* from_section, RelocatedBytes& relocated) {
    const MismatchSymbol& sym = symbols_[r.symbol];
    const std::uint32_t to = sym.shndx < section_groups_.size() ? section_groups_[sym.shndx] : 0;
    const MismatchRule* rule = broken_rule(rules_, from, to);
    if (!rule) return;
    const RelocTarget target = reloc_target(elf_, relocated.for_relocation(r), r, sym.value, rules_.reloc_address);
    if (target.kind == RelocTarget::Kind::Skip) return;
    const ElfSection* to_section = elf_.section(sym.shndx);
    const bool to_executable = to_section && (to_section->hdr.sh_flags & SHF_EXECINSTR);
    report({r, from_name, from_section, sym, target}, *rule, from, to, elf_.section_name(sym.shndx), to_executable);
}

void SectionMismatchChecker::report(const MismatchReference& reference, const MismatchRule& rule, std::uint32_t from,
                                    std::uint32_t to, std::string_view to_name, bool to_executable) {
    const MismatchEnds ends = finder_->find(reference);
    const Mismatch mismatch{reference.relocation, rule, reference.from_section_name, to_name, to, to_executable, ends};
    if (rule.kind == MismatchKind::ExTable && rules_.extable_report == ExTableReport::OwnHandler) {
        reporter_.warn_extable_own_handler(mismatch);
        return;
    }
    if (mismatch_allowed(rules_, rule, from, ends.from_name, to_name, to, ends.to_found_name)) return;
    reporter_.warn(mismatch);
}

}  // namespace modlink::modpost
