// SPDX-License-Identifier: MIT
// Counted nouns for messages: "1 module", "2 modules".
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>

namespace modlink {

inline std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace modlink
