// SPDX-License-Identifier: MIT
// What a --kernel path is. A kernel is one path: a headers/build tree, a
// module tree (/lib/modules/<release>, or one with only its build link), a
// Module.symvers or symvers-*.gz, or a vmlinux. Locating it says which
// files hold its exports and facts; kernel.h reads them into the index.
#pragma once

#include <string>
#include <vector>

namespace modlink {

// What a --kernel path turned out to hold.
struct KernelLocation {
    std::string path;                  // as given
    std::vector<std::string> symvers;  // symbol dumps, read in order
    std::string vmlinux;               // an ELF vmlinux to read exports from
    std::string module_tree;           // lib/modules/<release>
    std::string build_tree;            // headers/build tree (.config, release)
};

// Works out what `path` is. Throws Error when it is none of the kinds above
// (saying what it looks like instead, where kernel_lookalikes.h knows).
KernelLocation locate_kernel(const std::string& path);

}  // namespace modlink
