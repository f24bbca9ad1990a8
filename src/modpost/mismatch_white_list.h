// SPDX-License-Identifier: MIT
// References that break a section rule but are known to be fine: module
// parameters, driver-like structures named by convention, early boot code,
// the linker-script symbols that mark the init area, compiler clones of
// init functions and (in a linear symbol search) local labels.
#pragma once

#include <cstdint>
#include <string_view>

#include "modpost/section_rules.h"

namespace modlink::modpost {

// `from` and `to` are the group bits of the two sections; `from_symbol` and
// `to_symbol` the names the era's symbol search found.
bool mismatch_allowed(const SectionRules& rules, const MismatchRule& rule, std::uint32_t from,
                      std::string_view from_symbol, std::string_view to_section, std::uint32_t to,
                      std::string_view to_symbol);

}  // namespace modlink::modpost
