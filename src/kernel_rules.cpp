// SPDX-License-Identifier: MIT
#include "modlink/kernel_rules.h"

#include <utility>

#include "modlink/kernel_release.h"

namespace modlink {

namespace {

struct RuleSince {
    KernelRule rule;
    unsigned major;
    unsigned minor;
};

// Each rule and the first release that has it.
constexpr RuleSince kRules[] = {
    {KernelRule::GplUsersRefuseProprietaryExports, 6, 6},
    {KernelRule::ImportNsTakesString, 6, 13},
    {KernelRule::ModuleNamespaces, 6, 16},
};

}  // namespace

bool version_has(unsigned major, unsigned minor, KernelRule rule) {
    for (const RuleSince& r : kRules)
        if (r.rule == rule) return std::pair{major, minor} >= std::pair{r.major, r.minor};
    return false;
}

std::optional<bool> release_has(std::string_view release, KernelRule rule) {
    auto version = kernel_major_minor(release);
    if (!version) return std::nullopt;
    return version_has(version->first, version->second, rule);
}

}  // namespace modlink
