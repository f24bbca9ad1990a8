// SPDX-License-Identifier: MIT
#include "modlink/audit_source_root.h"

#include <sys/mount.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "modlink/error.h"

namespace modlink {

RootedPath rooted_path(const std::string& root, const std::string& given) {
    RootedPath p{given, given};
    if (root.empty()) return p;
    if (given.rfind(root + "/", 0) == 0) p.inside = given.substr(root.size());
    else p.host = root + given;
    return p;
}

std::vector<std::string> command_in_root(const std::string& root) {
    if (root.empty()) return {};
    return {"chroot", root, "/usr/bin/env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME=/root",
            "LANG=C.UTF-8", "MODLINK_KEEP_GOING=1"};
}

RootMounts::RootMounts(const std::vector<std::string>& roots) {
    for (const std::string& root : roots) {
        if (root.empty()) continue;
        for (const char* m : {"/proc", "/dev"}) {
            std::string target = root + m;
            struct stat here {}, parent {};
            if (::stat(target.c_str(), &here) != 0 || ::stat(root.c_str(), &parent) != 0)
                throw Error(root, std::string("no ") + m + " in the root");
            if (here.st_dev != parent.st_dev) continue;  // mounted already
            if (::mount(m, target.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0)
                throw Error(root, std::string("cannot bind-mount ") + m + ": " + std::strerror(errno));
            mounted_.push_back(target);
        }
    }
}

RootMounts::~RootMounts() {
    for (auto it = mounted_.rbegin(); it != mounted_.rend(); ++it) ::umount2(it->c_str(), MNT_DETACH);
}

}  // namespace modlink
