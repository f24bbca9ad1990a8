// SPDX-License-Identifier: MIT
#include "modlink/audit_source_bundle.h"

#include <fstream>
#include <mutex>
#include <sstream>

#include "modlink/subprocess.h"

namespace modlink {

namespace fs = std::filesystem;

// The copies are written under spawn_lock() (subprocess.h): they are opened
// without O_CLOEXEC, and the wrapper is run by a build that another thread
// may be starting meanwhile.
std::string bundle_modlink(const std::string& self, const fs::path& host_dir, const std::string& inside_dir) {
    std::string libraries = output_of({"ldd", self});
    std::lock_guard<std::mutex> hold(spawn_lock());
    fs::create_directories(host_dir / "lib");
    fs::copy_file(self, host_dir / "modlink.bin", fs::copy_options::overwrite_existing);
    std::istringstream lines(libraries);
    for (std::string l; std::getline(lines, l);) {
        std::size_t arrow = l.find("=> /");
        if (arrow == std::string::npos) continue;
        std::string lib = l.substr(arrow + 3, l.find(' ', arrow + 3) - arrow - 3);
        std::string base = fs::path(lib).filename().string();
        static const char* runtime[] = {"libc.so", "libm.so", "libstdc++.so", "libgcc_s.so", "libpthread.so", "libdl.so", "librt.so"};
        bool skip = false;
        for (const char* r : runtime) skip = skip || base.rfind(r, 0) == 0;
        if (!skip) fs::copy_file(fs::canonical(lib), host_dir / "lib" / base, fs::copy_options::overwrite_existing);
    }
    std::ofstream w(host_dir / "modpost");
    w << "#!/bin/sh\nLD_LIBRARY_PATH=" << inside_dir << "/lib exec " << inside_dir << "/modlink.bin \"$@\"\n";
    w.close();
    fs::permissions(host_dir / "modpost", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                              fs::perms::others_read | fs::perms::others_exec);
    return inside_dir + "/modpost";
}

}  // namespace modlink
