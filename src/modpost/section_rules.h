// SPDX-License-Identifier: MIT
// The data of modpost's section checks, one table per era (era_6_1.cpp,
// era_6_12.cpp, era_7_2.cpp; 7.3 keeps 7.2's): which sections form which
// group, which (from, to) group pairs are mismatches, which data symbols
// may nevertheless point into init or exit code, which sections are never
// checked, and the independent choices of how the checker finds a
// relocation's address and symbols and words its messages.
// section_mismatch.cpp runs whichever table the session's era holds.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>


namespace modlink::modpost {

// Where a relocation points, as modpost works it out to name a
// mismatch's target (reloc_target.h has the per-machine details).
enum class RelocAddress {
    AddendOnly,        // until 6.4: RELA's r_addend alone; SHT_REL words of a few types, else 0
    SymbolPlusAddend,  // 6.5 on: the symbol's value plus the addend; more ARM types; SHT_REL
                       // on a machine modpost cannot decode stops the run
};

// Section groups, as bits, so a relocation's (from, to) pair is tested
// against every rule with two lookups.
enum SectionGroup : std::uint32_t {
    kText = 1u << 0,       // code that stays
    kOtherText = 1u << 1,  // other code that stays
    kInitText = 1u << 2,   // .init.text (.meminit.text in 6.1)
    kExitText = 1u << 3,   // .exit.text
    kData = 1u << 4,       // .data .data.rel
    kInit = 1u << 5,       // .init.*
    kMemInit = 1u << 6,    // .meminit.* (6.1)
    kExit = 1u << 7,       // .exit.*
    kInitData = 1u << 8,   // init data sections (pattern 1 of the white list)
    kPciInit = 1u << 9,    // PCI fixup tables, run at init
    kKsymtab = 1u << 10,   // ___ksymtab* (6.1)
    kExTable = 1u << 11,   // __ex_table
    kAltInstr = 1u << 12,  // .altinstr_replacement
    kHead = 1u << 13,      // .head.text*
};
constexpr std::uint32_t kAllText = kText | kOtherText | kInitText | kExitText;

using Patterns = std::initializer_list<const char*>;  // shell globs, matched with fnmatch

struct SectionGroupPatterns {
    SectionGroup group;
    Patterns patterns;
};

enum class MismatchKind {
    Reference,       // "section mismatch in reference"
    ExportInitExit,  // 6.1's "EXPORT_SYMBOL used for init/exit symbol"
    ExTable,         // an exception-table entry
};

struct MismatchRule {
    std::uint32_t from;
    std::uint32_t bad_to;   // any of these is a mismatch
    std::uint32_t good_to;  // when non-zero: anything else is a mismatch
    MismatchKind kind;
    const Patterns* symbol_white_list;  // data symbols allowed to make the reference
};

// How the checker finds the symbols a mismatch names.
enum class MismatchSymbolSearch {
    // Until 6.6: every symbol is scanned, the source's by its section's
    // name; a missing one is "(unknown)"; local labels (.L*) are names, and
    // a reference from one is white-listed.
    LinearBySectionName,
    // 6.7 on (symsearch.c): by section index and address; ".L", "L0" and
    // "$" names are not names; with no symbol near, the target prints as
    // the reference's own symbol or as its address.
    SortedBySectionIndex,
};

// How a mismatch is worded.
enum class MismatchWording {
    SymbolsOnly,       // until 6.4: "<file>: section mismatch in reference: from (section: s) -> to (section: t)"
    SymbolPlusOffset,  // 6.5 on: `from+0x<off>` (the era's ModuleWords::section_mismatch)
};

// What an __ex_table entry pointing outside the allowed text gets.
enum class ExTableReport {
    OwnHandler,                // until 6.4: a warning worded of its own, no white list, then the verdict
    CommonWarningThenVerdict,  // 6.5 on: the common mismatch warning, then the verdict on the target section
};

// 6.7+'s symbol names (symsearch): not empty, not a local label (.L*,
// L0*), not a mapping symbol ($*). Used for mismatch names and for the
// labels of .export_symbol records.
inline bool is_symsearch_name(std::string_view n) {
    return !n.empty() && !n.starts_with(".L") && !n.starts_with("L0") && !n.starts_with("$");
}

struct SectionRules {
    std::span<const SectionGroupPatterns> groups;
    std::span<const MismatchRule> rules;  // table order: the first that matches wins
    Patterns unchecked_sections;          // relocations from these, and non-alloc sections like them, are fine
    RelocAddress reloc_address;  // where a relocation points (reloc_target.h)
    MismatchSymbolSearch symbol_search;
    MismatchWording wording;
    ExTableReport extable_report;
};

}  // namespace modlink::modpost
