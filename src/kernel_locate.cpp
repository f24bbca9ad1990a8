// SPDX-License-Identifier: MIT
#include "modlink/kernel_locate.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "modlink/error.h"
#include "modlink/kernel_lookalikes.h"

namespace modlink {

namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

bool is_dir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

bool file_starts_with_elf_magic(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    char magic[4] = {};
    f.read(magic, 4);
    return f.gcount() == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
}

// lib/modules/<release>/build is usually an absolute symlink into /usr/src.
// In an unpacked package root it points at the host's /usr/src, so also try
// the same target below the root the module tree sits in.
std::string find_build_tree(const fs::path& module_tree) {
    fs::path link = module_tree / "build";
    std::error_code ec;
    if (is_file(link / "Module.symvers")) return link.string();
    fs::path target = fs::read_symlink(link, ec);
    if (ec || !target.is_absolute()) return {};
    fs::path root = module_tree.parent_path().parent_path().parent_path();  // <root>/lib/modules/<rel>
    fs::path inside = root / target.relative_path();
    if (is_file(inside / "Module.symvers")) return inside.string();
    return {};
}

}  // namespace

KernelLocation locate_kernel(const std::string& path) {
    KernelLocation loc;
    loc.path = path;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(path, "no such file or directory");
    if (!is_dir(path)) {
        if (std::string what = kernel_file_lookalike(path); !what.empty()) throw Error(path, what);
        if (file_starts_with_elf_magic(path)) loc.vmlinux = path;
        else loc.symvers.push_back(path);
        return loc;
    }
    // "/lib/modules/6.1.0-56-amd64/" names the same tree as without the
    // slash; the release and /boot/symvers-<release> come from the last name.
    // "." has no name of its own until made absolute.
    fs::path dir = fs::absolute(path, ec).lexically_normal();
    if (ec) dir = fs::path(path).lexically_normal();
    if (!dir.has_filename() && dir.has_parent_path()) dir = dir.parent_path();
    if (is_file(dir / "Module.symvers")) {
        loc.build_tree = dir.string();
        loc.symvers.push_back((dir / "Module.symvers").string());
        return loc;
    }
    if (std::string what = kernel_source_tree_lookalike(dir.string()); !what.empty()) throw Error(path, what);
    if (is_file(dir / "modules.order") || is_file(dir / "modules.dep") || is_dir(dir / "kernel")) {
        loc.module_tree = dir.string();
        loc.build_tree = find_build_tree(dir);
        if (!loc.build_tree.empty()) {
            loc.symvers.push_back((fs::path(loc.build_tree) / "Module.symvers").string());
        } else {
            // Fedora-style /boot/symvers-<release>.gz beside the tree's root.
            fs::path root = dir.parent_path().parent_path().parent_path();
            fs::path boot = root / "boot" / ("symvers-" + dir.filename().string() + ".gz");
            if (is_file(boot)) loc.symvers.push_back(boot.string());
        }
        return loc;
    }
    // /lib/modules/REL as installing only linux-headers-REL leaves it (what
    // CI containers have): just the build and source links.
    if (std::string build = find_build_tree(dir); !build.empty()) {
        loc.build_tree = build;
        loc.symvers.push_back((fs::path(build) / "Module.symvers").string());
        return loc;
    }
    if (std::string what = dangling_module_tree(dir.string()); !what.empty()) throw Error(path, what);
    throw Error(path, "not a kernel: no Module.symvers, module tree (modules.order, kernel/) or vmlinux here");
}

}  // namespace modlink
