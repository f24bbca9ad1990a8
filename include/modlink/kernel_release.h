// SPDX-License-Identifier: MIT
// A kernel release string ("6.12.118+deb13-amd64", "7.3.0-rc1") read as its
// MAJOR.MINOR: the one reading both the checker (which loader rules apply)
// and the drop-in (which era) use.
#pragma once

#include <optional>
#include <string_view>
#include <utility>

namespace modlink {

// {major, minor} of "MAJOR.MINOR..."; nullopt when the text does not start so.
std::optional<std::pair<unsigned, unsigned>> kernel_major_minor(std::string_view release);

// Whether the release is a release candidate: "-rcN" right after its
// numbers ("7.3.0-rc1", "7.3-rc7-amd64"); a stable update ("7.3.4") or a
// distribution suffix ("6.12.57+deb13-amd64") is not.
bool is_release_candidate(std::string_view release);

}  // namespace modlink
