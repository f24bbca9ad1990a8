// SPDX-License-Identifier: MIT
// modlink made runnable inside a chroot, so that a build there can use it
// as its modpost: the binary and the libraries it links beyond the C and
// C++ runtimes (which the root has, newer), with a wrapper script that
// points the loader at them.
#pragma once

#include <filesystem>
#include <string>

namespace modlink {

// Copies `self` (the running modlink) and its libraries into `host_dir`,
// which the root sees as `inside_dir`, and writes the wrapper `modpost`
// there. Returns the wrapper's path inside the root.
std::string bundle_modlink(const std::string& self, const std::filesystem::path& host_dir, const std::string& inside_dir);

}  // namespace modlink
