// SPDX-License-Identifier: MIT
// The .modinfo section: NUL-separated `tag=value` strings, in order, with
// NUL padding between them. Tags may repeat (license, alias, import_ns).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace modlink {

// Views into the section's bytes; whoever parses keeps those bytes alive (a
// Module copies them into its own storage).
struct Modinfo {
    std::vector<std::pair<std::string_view, std::string_view>> entries;  // in section order

    // The first value of `tag`, if any.
    std::optional<std::string_view> first(std::string_view tag) const;
    // Every value of `tag`, in order.
    std::vector<std::string> all(std::string_view tag) const;
};

// Entries without '=' are skipped; a last entry without its NUL still counts.
Modinfo parse_modinfo(std::span<const char> bytes);

}  // namespace modlink
