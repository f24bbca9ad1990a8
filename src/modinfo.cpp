// SPDX-License-Identifier: MIT
#include "modlink/modinfo.h"

namespace modlink {

Modinfo parse_modinfo(std::span<const char> bytes) {
    Modinfo mi;
    std::string_view all(bytes.data(), bytes.size());
    std::size_t pos = 0;
    while (pos < all.size()) {
        std::size_t end = all.find('\0', pos);
        if (end == std::string_view::npos) end = all.size();
        std::string_view entry = all.substr(pos, end - pos);
        pos = end + 1;
        if (entry.empty()) continue;
        std::size_t eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        mi.entries.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    }
    return mi;
}

std::optional<std::string_view> Modinfo::first(std::string_view tag) const {
    for (const auto& [k, v] : entries)
        if (k == tag) return v;
    return std::nullopt;
}

std::vector<std::string> Modinfo::all(std::string_view tag) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : entries)
        if (k == tag) out.emplace_back(v);
    return out;
}

}  // namespace modlink
