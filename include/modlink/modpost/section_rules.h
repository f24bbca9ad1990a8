// SPDX-License-Identifier: MIT
// The data of modpost's section checks, one table per era (era_6_1.cpp,
// era_6_12.cpp): which sections form which group, which (from, to) group
// pairs are mismatches, which data symbols may nevertheless point into
// init or exit code, which sections are never checked, and how the
// checker names symbols and words its messages. section_mismatch.cpp runs
// whichever table the session's era holds.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>


namespace modlink::modpost {

// How a relocation's target is decoded (reloc_target.h): the addend tables
// of 6.1, and of 6.5 on.
enum class RelocDecoding {
    Addend61,  // 6.1's
    Addend65,  // 6.5+'s
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

// How the checker finds and prints the symbols of a mismatch.
enum class MismatchStyle {
    // 6.1: symbols searched linearly by section name; "(unknown)" for a
    // missing name; no offset in the message; __ex_table has its own
    // handler and wording; local labels (.L*) are white-listed.
    Linear61,
    // 6.7+: the symbol search of symsearch.c (by section index, ".L", "L0"
    // and "$" names are not names); the message gives `sym+0x<off>`, or the
    // target's address when no symbol is near; __ex_table entries get the
    // common warning, then a verdict on their target section.
    Symsearch67,
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
    MismatchStyle style;
    RelocDecoding reloc_decoding;  // where a relocation points (reloc_target.h)
};

}  // namespace modlink::modpost
