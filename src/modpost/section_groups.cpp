// SPDX-License-Identifier: MIT
#include "modpost/section_groups.h"

#include <fnmatch.h>

#include <functional>
#include <string>
#include <unordered_map>

namespace modlink::modpost {

namespace {

// Lets the cache be searched with a string_view.
struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

bool matches_any(std::string_view name, const Patterns& patterns) {
    std::string str(name);
    for (const char* p : patterns)
        if (fnmatch(p, str.c_str(), 0) == 0) return true;
    return false;
}

std::uint32_t section_groups_of(const SectionRules& rules, std::string_view name) {
    static std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> cache;
    static const SectionRules* cached_for = nullptr;
    if (cached_for != &rules) cache.clear(), cached_for = &rules;
    auto it = cache.find(name);
    if (it != cache.end()) return it->second;
    std::uint32_t groups = 0;
    for (const SectionGroupPatterns& gp : rules.groups)
        if (matches_any(name, gp.patterns)) groups |= gp.group;
    cache.emplace(std::string(name), groups);
    return groups;
}

std::uint32_t groups_rules_start_from(const SectionRules& rules) {
    std::uint32_t groups = 0;
    for (const MismatchRule& r : rules.rules) groups |= r.from;
    return groups;
}

const MismatchRule* broken_rule(const SectionRules& rules, std::uint32_t from, std::uint32_t to) {
    for (const MismatchRule& r : rules.rules) {
        if (!(from & r.from)) continue;
        if (r.bad_to && (to & r.bad_to)) return &r;
        if (r.good_to && !(to & r.good_to)) return &r;
    }
    return nullptr;
}

}  // namespace modlink::modpost
