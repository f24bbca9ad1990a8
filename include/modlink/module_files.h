// SPDX-License-Identifier: MIT
// Finding module files: a path names a module file, or a directory whose
// tree is searched for *.ko, *.ko.zst, *.ko.xz and *.ko.gz.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace modlink {

bool looks_like_module_file(std::string_view name);

enum class EmptyDirectory { Error, Allowed };

// Expands directories (sorted, so the order is the same on every run);
// files are kept as given. Throws Error for a path that does not exist,
// and for a directory without modules unless that is allowed (a user who
// names a build directory with no .ko in it should hear so, not "ok").
std::vector<std::string> expand_module_paths(const std::vector<std::string>& paths,
                                             EmptyDirectory empty = EmptyDirectory::Error);

}  // namespace modlink
