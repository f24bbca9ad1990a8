// SPDX-License-Identifier: MIT
#include "modlink/license.h"

#include <array>

namespace modlink {

bool license_is_gpl_compatible(std::string_view l) {
    static constexpr std::array<std::string_view, 6> compatible = {
        "GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL"};
    for (std::string_view c : compatible)
        if (l == c) return true;
    return false;
}

bool modpost_gpl_incompatible(const std::vector<std::string>& licenses) {
    for (const std::string& l : licenses)
        if (!license_is_gpl_compatible(l)) return true;
    return false;
}

std::string loader_license(const std::vector<std::string>& licenses) {
    return licenses.empty() ? "unspecified" : licenses.front();
}

bool loader_proprietary(const std::vector<std::string>& licenses, std::string_view name) {
    // The loader hard-codes these two as proprietary (kernel/module/main.c).
    if (name == "driverloader" || name == "lve") return true;
    return !license_is_gpl_compatible(loader_license(licenses));
}

}  // namespace modlink
