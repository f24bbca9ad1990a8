// SPDX-License-Identifier: MIT
// Section mismatch checks: a reference from code or data that stays in
// memory to code or data that is freed after init (or never loaded) is a
// bug the build should report. Which (from, to) section pairs are bad, and
// which references are nevertheless allowed, is a rule table per era
// (section_rules.h). The checker walks one relocation section at a time;
// its pieces: the sections' groups and the rule broken (section_groups.h),
// where a relocation points (reloc_target.h), the symbols a mismatch names
// (mismatch_symbol_finder.h), the white list (mismatch_white_list.h) and
// the messages (mismatch_reports.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "modlink/elf.h"
#include "modpost/mismatch_reports.h"
#include "modpost/mismatch_symbol_finder.h"
#include "modpost/section_rules.h"
#include "modpost/session.h"

namespace modlink::modpost {

// Per-object state: the symbol data the checks search, built on first use
// (most relocation sections never need it).
class SectionMismatchChecker {
public:
    SectionMismatchChecker(Session& session, const ModpostModule& mod, const ElfFile& elf,
                           const std::vector<ElfSymbol>& symbols, std::string file_name);
    SectionMismatchChecker(const SectionMismatchChecker&) = delete;
    SectionMismatchChecker& operator=(const SectionMismatchChecker&) = delete;

    // Checks every relocation of one SHT_REL/SHT_RELA section.
    void check_relocation_section(const ElfSection& rel_section);

private:
    // What the rules starting from one section's groups can flag.
    struct RuleReach {
        std::uint32_t bad_targets = 0;  // groups some rule calls bad
        bool has_good_list = false;     // some rule allows only its good targets: any target may break it
    };

    RuleReach rule_reach(std::uint32_t from) const;
    void walk_relocations_no_rule_starts_from(const ElfSection& rel_section) const;
    void prepare_symbols();
    bool past_the_file(std::size_t symbol) const;
    bool may_break_a_rule(std::size_t symbol, const RuleReach& reach) const;
    // The bytes of the section a relocation section applies to, read on
    // first need (SHT_REL keeps its addends there).
    class RelocatedBytes;
    // One relocation whose target may break a rule.
    void check_relocation(const ElfRelocation& r, std::uint32_t from, std::string_view from_name,
                          const ElfSection* from_section, RelocatedBytes& relocated);
    void report(const MismatchReference& reference, const MismatchRule& rule, std::uint32_t from, std::uint32_t to,
                std::string_view to_name, bool to_executable);

    const ElfFile& elf_;
    const std::vector<ElfSymbol>& elf_symbols_;
    const SectionRules& rules_;
    MismatchReporter reporter_;
    std::vector<std::uint32_t> section_groups_;  // by section index, built on first use
    std::vector<MismatchSymbol> symbols_;        // built on first use
    std::unique_ptr<MismatchSymbolFinder> finder_;
};

}  // namespace modlink::modpost
