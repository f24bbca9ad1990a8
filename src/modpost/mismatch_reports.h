// SPDX-License-Identifier: MIT
// What modpost prints for a section mismatch, in the era's words: the
// warning (SymbolsOnly or SymbolPlusOffset wording, or 6.1's own words for
// an EXPORT_SYMBOL of an init/exit symbol) and, for an __ex_table entry,
// the verdict on the section it points to (the advice to extend
// OTHER_TEXT_SECTIONS, an error for a non-executable section, a fatal
// error for a black-listed one), either after the common warning
// (ExTableReport::CommonWarningThenVerdict) or in a handler of its own
// (ExTableReport::OwnHandler). Each warning counts toward the run's
// mismatch total.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "modlink/elf.h"
#include "modpost/mismatch_symbol_finder.h"
#include "modpost/section_rules.h"
#include "modpost/session.h"

namespace modlink::modpost {

// One reference that breaks a rule, with what the reports say of it.
struct Mismatch {
    const ElfRelocation& relocation;
    const MismatchRule& rule;
    std::string_view from_section;
    std::string_view to_section;
    std::uint32_t to_groups;  // the target section's SectionGroup bits
    bool to_executable;       // the target section holds code
    const MismatchEnds& ends;
};

class MismatchReporter {
public:
    // `file_name` is what the messages name: the object (6.1) or the module (6.12 on).
    MismatchReporter(Session& session, const ModpostModule& mod, const SectionRules& rules, std::string file_name)
        : session_(session), mod_(mod), rules_(rules), file_name_(std::move(file_name)) {}

    // The era's warning; for an __ex_table entry, the verdict after it.
    void warn(const Mismatch& m);
    // ExTableReport::OwnHandler: an __ex_table entry's warning in its own
    // older words, then the verdict.
    void warn_extable_own_handler(const Mismatch& m);

private:
    void extable_verdict(const Mismatch& m);
    [[noreturn]] void fatal_black_listed(const std::string& from_section, unsigned long offset,
                                         const std::string& to_section);

    Session& session_;
    const ModpostModule& mod_;
    const SectionRules& rules_;
    std::string file_name_;
};

}  // namespace modlink::modpost
