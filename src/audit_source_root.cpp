// SPDX-License-Identifier: MIT
#include "modlink/audit_source_root.h"

#include <sched.h>
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

namespace {

// Whether modlink now has a mount namespace of its own, whose mounts no
// other process sees and which goes with modlink and its children however
// they end: a killed audit then leaves no /proc or /dev mounted in a root
// (where a later `rm -rf` of the root would reach the host's /dev). Its
// mounts must not propagate back, so "/" is made private in it; inside a
// chroot, where "/" is no mount point, each root is made a private mount
// of its own instead (own_each_root). Without CAP_SYS_ADMIN: no namespace,
// and the mounts below fail as before.
struct PrivateMounts {
    bool entered = false;
    bool own_each_root = false;
};
const PrivateMounts& private_mount_namespace() {
    static const PrivateMounts p = [] {
        PrivateMounts r;
        if (::unshare(CLONE_NEWNS) != 0) return r;
        r.entered = true;
        r.own_each_root = ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0;
        return r;
    }();
    return p;
}

}  // namespace

RootMounts::RootMounts(const std::vector<std::string>& roots) {
    const PrivateMounts& ns = private_mount_namespace();
    for (const std::string& root : roots) {
        if (root.empty()) continue;
        if (ns.entered && ns.own_each_root && ::mount(root.c_str(), root.c_str(), nullptr, MS_BIND | MS_REC, nullptr) == 0) {
            mounted_.push_back(root);
            ::mount(nullptr, root.c_str(), nullptr, MS_REC | MS_PRIVATE, nullptr);
        }
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
