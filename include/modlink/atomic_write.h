// SPDX-License-Identifier: MIT
// Writing a whole file so that readers see the old one or the new one,
// never half: into FILE.tmp, then renamed over FILE. Used for the kernel
// cache's manifests, the rewritten flavour Makefile and apt's sources.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "modlink/error.h"

namespace modlink {

inline void write_file_atomically(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << text;
        out.flush();
        if (!out) throw Error(tmp.string(), "cannot write (disk full?)");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw Error(path.string(), "cannot write: " + ec.message());
}

}  // namespace modlink
