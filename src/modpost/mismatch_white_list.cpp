// SPDX-License-Identifier: MIT
#include "modpost/mismatch_white_list.h"

#include "modpost/section_groups.h"

namespace modlink::modpost {

bool mismatch_allowed(const SectionRules& rules, const MismatchRule& rule, std::uint32_t from,
                      std::string_view from_symbol, std::string_view to_section, std::uint32_t to,
                      std::string_view to_symbol) {
    constexpr std::uint32_t kAnyInit = kInit | kMemInit;
    // Module parameters point at init data and init-time setters.
    if ((to & kInitData) && (from & kData) && from_symbol.starts_with("__param")) return true;
    if (to_section == ".init.text" && (from & kData) && from_symbol.starts_with("__param_ops_")) return true;
    // Driver-like structures named by convention.
    if ((to & (kAnyInit | kExit)) && (from & kData) && matches_any(from_symbol, *rule.symbol_white_list)) return true;
    // Early boot code may call init code.
    if ((from & kHead) && (to & kAnyInit)) return true;
    // Linker-script symbols that mark the init area.
    if (to_symbol == "__init_begin" || to_symbol == "_sinittext" || to_symbol == "_einittext") return true;
    // Compiler clones of init functions keep their caller's section.
    if ((from & kAllText) && (to & kAnyInit) && matches_any(from_symbol, {"*.constprop.*"})) return true;
    // Local labels (a linear search finds them as names).
    if (rules.symbol_search == MismatchSymbolSearch::LinearBySectionName && from_symbol.starts_with(".L")) return true;
    return false;
}

}  // namespace modlink::modpost
