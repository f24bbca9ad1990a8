// SPDX-License-Identifier: MIT
// A section's place in an era's section rules (section_rules.h): which
// groups its name puts it in, and which rule a reference from one group
// set to another breaks.
#pragma once

#include <cstdint>
#include <string_view>

#include "modpost/section_rules.h"

namespace modlink::modpost {

// Whether `name` matches any of the shell globs.
bool matches_any(std::string_view name, const Patterns& patterns);

// The groups (SectionGroup bits) a section of that name is in. Section
// names repeat across thousands of modules, so each is classified once per
// rule table (a run uses one).
std::uint32_t section_groups_of(const SectionRules& rules, std::string_view name);

// The groups some rule starts from: a reference from elsewhere is never a
// mismatch.
std::uint32_t groups_rules_start_from(const SectionRules& rules);

// The first rule, in table order, that a reference from `from` to `to`
// (group bits) breaks; null when it breaks none.
const MismatchRule* broken_rule(const SectionRules& rules, std::uint32_t from, std::uint32_t to);

}  // namespace modlink::modpost
