// SPDX-License-Identifier: MIT
// Splits one fuzz input into the several files a parser reads, at a
// separator the dictionaries also hold, so the fuzzer can grow each part.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace modlink::fuzz {

inline constexpr std::string_view kSeparator = "\n--MODLINK-FUZZ-PART--\n";

inline std::vector<std::span<const std::uint8_t>> split_parts(const std::uint8_t* data, std::size_t size,
                                                              std::size_t max_parts) {
    std::vector<std::span<const std::uint8_t>> parts;
    std::string_view all(reinterpret_cast<const char*>(data), size);
    std::size_t start = 0;
    while (parts.size() + 1 < max_parts) {
        std::size_t at = all.find(kSeparator, start);
        if (at == std::string_view::npos) break;
        parts.emplace_back(data + start, at - start);
        start = at + kSeparator.size();
    }
    parts.emplace_back(data + start, size - start);
    return parts;
}

}  // namespace modlink::fuzz
