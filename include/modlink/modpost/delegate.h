// SPDX-License-Identifier: MIT
// A kernel version with no verified era: the run is handed to that tree's
// own scripts/mod/modpost with the same arguments, so its files and
// messages are upstream's own. With MODLINK_EXPLAIN the drop-in stays in
// between and adds its notes under the undefined, namespace and GPL-only
// messages; nothing else is changed. modlink never hands a run to itself
// (the same file, or a program started by a hand-over already).
#pragma once

#include <string>
#include <vector>

namespace modlink::modpost {

// Set in the environment of the program a run is handed to.
inline constexpr const char* kDelegatedMarker = "MODLINK_MODPOST_DELEGATED";

// Runs `tree`/scripts/mod/modpost with `args` (argv[1..]) and returns its
// exit status. When there is nothing to run, or it is modlink itself, one
// line says so and the status is 1. `version` names the kernel version.
int delegate_to_tree_modpost(const std::string& tree, const std::string& version, const std::vector<std::string>& args,
                             bool explain);

}  // namespace modlink::modpost
