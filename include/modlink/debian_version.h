// SPDX-License-Identifier: MIT
// Ordering Debian version strings as dpkg does (Debian Policy 5.6.12:
// epoch, then upstream version, then revision; `~` sorts before anything,
// even the end). Used to pick a suite's newest kernel ABI: "6.1.0-57" is
// newer than "6.1.0-9", which plain string order gets wrong.
#pragma once

#include <string_view>

namespace modlink {

// <0, 0 or >0 as `a` is older than, the same as or newer than `b`.
int compare_debian_versions(std::string_view a, std::string_view b);

}  // namespace modlink
