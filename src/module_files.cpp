// SPDX-License-Identifier: MIT
#include "modlink/module_files.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "modlink/error.h"

namespace modlink {

namespace fs = std::filesystem;

bool looks_like_module_file(std::string_view name) {
    for (std::string_view ext : {".ko", ".ko.zst", ".ko.xz", ".ko.gz"})
        if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) return true;
    return false;
}

std::vector<std::string> expand_module_paths(const std::vector<std::string>& paths, EmptyDirectory empty) {
    std::vector<std::string> out;
    for (const std::string& p : paths) {
        std::error_code ec;
        fs::file_status st = fs::status(p, ec);
        if (ec || !fs::exists(st)) throw Error(p, "no such file or directory");
        if (!fs::is_directory(st)) {
            out.push_back(p);
            continue;
        }
        std::vector<std::string> found;
        fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
        if (ec) throw Error(p, ec.message());
        for (; it != end; it.increment(ec)) {
            if (ec) throw Error(p, ec.message());
            // Do not wander into the headers tree through lib/modules/*/build.
            if (it->is_symlink(ec) && it->is_directory(ec)) {
                it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec) && looks_like_module_file(it->path().filename().native()))
                found.push_back(it->path().string());
        }
        if (found.empty() && empty == EmptyDirectory::Error)
            throw Error(p, "no modules here (*.ko, *.ko.zst, *.ko.xz or *.ko.gz)");
        std::sort(found.begin(), found.end());
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

}  // namespace modlink
