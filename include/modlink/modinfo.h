// SPDX-License-Identifier: MIT
// The .modinfo section: NUL-separated `tag=value` strings, in order, with
// NUL padding between them. Tags may repeat (license, alias, import_ns).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace modlink {

struct Modinfo {
    std::vector<std::pair<std::string, std::string>> entries;  // in section order

    // The first value of `tag`, or nullptr.
    const std::string* first(std::string_view tag) const;
    // Every value of `tag`, in order.
    std::vector<std::string> all(std::string_view tag) const;
};

// Entries without '=' are skipped; text after the last NUL is ignored unless
// terminated by the section end (modpost's reading, which tolerates it).
Modinfo parse_modinfo(std::span<const char> bytes);

}  // namespace modlink
