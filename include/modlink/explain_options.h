// SPDX-License-Identifier: MIT
// What the caller of an explanation can tell it: where debug files live,
// which kernel release the module is for, and how to show source paths.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace modlink {

class LeakHistory;

struct ExplainOptions {
    // Where separate debug files may live (--debug-dir), searched in order by
    // build ID (.build-id/xx/rest.debug), by the Debian layout
    // (<dir>/lib/modules/<release>/<path in the module tree>) and by name.
    std::vector<std::string> debug_dirs;
    // Also search /usr/lib/debug after debug_dirs.
    bool system_debug_dir = true;
    // The kernel release, for the Debian layout when the module's own path
    // does not say it ("" = take it from the module's path or vermagic).
    std::string kernel_release;
    // --prefix-map OLD=NEW: rewrites the start of source paths, first match wins.
    std::vector<std::pair<std::string, std::string>> prefix_map;
    // Also list every function the module's code holds (Explanation::
    // code_functions): a walk of every unit, not only those with a site.
    bool list_code_functions = false;
    // Saved leak indexes (--leaks FILE...): each symbol explained gets a
    // note saying since which kernel its header inline leaks it.
    const LeakHistory* leak_history = nullptr;
};

}  // namespace modlink
