// SPDX-License-Identifier: MIT
#include "modlink/kernel_release.h"

#include <cctype>
#include <charconv>

namespace modlink {

std::optional<std::pair<unsigned, unsigned>> kernel_major_minor(std::string_view release) {
    const char* end = release.data() + release.size();
    unsigned major = 0, minor = 0;
    auto [p1, e1] = std::from_chars(release.data(), end, major);
    if (e1 != std::errc{} || p1 == end || *p1 != '.') return std::nullopt;
    auto [p2, e2] = std::from_chars(p1 + 1, end, minor);
    if (e2 != std::errc{} || p2 == p1 + 1) return std::nullopt;
    return std::pair{major, minor};
}

bool is_release_candidate(std::string_view release) {
    std::size_t i = 0;
    while (i < release.size() && (std::isdigit(static_cast<unsigned char>(release[i])) || release[i] == '.')) ++i;
    std::string_view rest = release.substr(i);
    return rest.size() > 3 && rest.starts_with("-rc") && std::isdigit(static_cast<unsigned char>(rest[3]));
}

}  // namespace modlink
