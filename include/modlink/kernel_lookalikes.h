// SPDX-License-Identifier: MIT
// Paths people give as a kernel that hold no export index modlink can read:
// a compressed kernel image, a System.map, a .config, an initramfs, a
// module, a kernel source tree that was never built. Each is recognised by
// its content, not its name, so the error can say what the path is and what
// to give instead.
#pragma once

#include <string>

namespace modlink {

// What a regular file given as --kernel is, when it is not a symbol dump or
// a vmlinux: one sentence with the fix, or "" when it looks like a dump or
// an ELF executable (or like nothing we know: the dump reader then names
// the line it cannot parse).
std::string kernel_file_lookalike(const std::string& path);

// A kernel source tree without Module.symvers (never built, or cleaned):
// what it is and what to do, or "" for any other directory. Asked before a
// directory is taken for a module tree, since a source tree has kernel/ too.
std::string kernel_source_tree_lookalike(const std::string& path);

// A directory that is no kind of kernel: when it has a build link that leads
// nowhere (a module tree whose headers are not installed), what to install;
// else "".
std::string dangling_module_tree(const std::string& path);

}  // namespace modlink
