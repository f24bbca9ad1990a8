// SPDX-License-Identifier: MIT
// What a kernel's build tree says about the kernel: its release
// (include/generated/utsrelease.h, include/config/kernel.release) and the
// options of its .config that decide how modules are checked and loaded
// (modversions, forced loads, namespace imports), and so its vermagic.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace modlink {

// The options a .config sets, name -> value as written ("CONFIG_SMP" -> "y",
// "CONFIG_CC_VERSION_TEXT" -> "\"gcc-12 ...\""); the last line wins.
using KernelConfig = std::map<std::string, std::string>;
KernelConfig read_kernel_config(const std::string& path);

// Whether an option is "y".
bool config_enabled(const KernelConfig& cfg, const char* name);

// One option of the tree's .config (the first line that sets it), quotes
// taken off; "" when the tree does not set it.
std::string config_value(const std::string& tree, std::string_view name);

// Reads `include/config/kernel.release` and `.config` of a build tree and
// composes VERMAGIC_STRING where the architecture's part is known.
struct BuildTreeFacts {
    std::string release;
    std::string vermagic;  // "" when not derivable
    std::optional<bool> modversions;
    bool force_load = false;
    bool allow_missing_ns_imports = false;
};
BuildTreeFacts read_build_tree(const std::string& dir);

}  // namespace modlink
