// SPDX-License-Identifier: MIT
// Which MODULE_LICENSE strings the kernel treats as GPL-compatible, and the
// two rules that read them: modpost fails a build when *any* license tag is
// incompatible; the loader taints and refuses GPL-only symbols when the
// *first* tag is (include/linux/license.h's list; kernel/module/main.c reads
// only the first license= entry).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace modlink {

// Exact, case-sensitive match against the kernel's list.
bool license_is_gpl_compatible(std::string_view license);

// modpost: GPL-incompatible if any tag is incompatible (none at all counts as
// compatible there; the missing tag is its own error).
bool modpost_gpl_incompatible(const std::vector<std::string>& licenses);

// Loader: only the first tag counts, a missing one reads "unspecified", and a
// few module names are proprietary whatever they say.
bool loader_proprietary(const std::vector<std::string>& licenses, std::string_view module_name);

// The license string the loader reads (first tag or "unspecified").
std::string loader_license(const std::vector<std::string>& licenses);

}  // namespace modlink
