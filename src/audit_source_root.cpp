// SPDX-License-Identifier: MIT
#include "modlink/audit_source_root.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "modlink/error.h"
#include "modlink/subprocess.h"

namespace modlink {

namespace fs = std::filesystem;

RootedPath rooted_path(const std::string& root, const std::string& given) {
    RootedPath p{given, given};
    if (root.empty()) return p;
    if (given.rfind(root + "/", 0) == 0) p.inside = given.substr(root.size());
    else p.host = root + given;
    return p;
}

std::vector<std::string> command_in_root(const std::string& root, const std::vector<std::string>& extra_env) {
    if (root.empty()) return {};
    // chroot is in /usr/sbin, which root's PATH after a plain `su` lacks.
    static const std::string chroot = program_runnable("chroot") ? "chroot" : "/usr/sbin/chroot";
    std::vector<std::string> argv = {chroot, root, "/usr/bin/env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
                                     "HOME=/root", "LANG=C.UTF-8"};
    argv.insert(argv.end(), extra_env.begin(), extra_env.end());
    return argv;
}

namespace {

// Whether modlink now has a mount namespace of its own, whose mounts no
// other process sees and which goes with modlink and its children however
// they end: a killed audit then leaves no /proc or /dev mounted in a root
// (where a later `rm -rf` of the root would reach the host's /dev). Its
// mounts must not propagate back, so "/" is made a slave in it (the host's
// later mounts, an automounted home, still show). Inside a chroot, where
// "/" is no mount point, each root is made a private mount of its own
// instead (own_each_root; that bind itself does reach the outer namespace,
// and stays there if modlink is killed). Without CAP_SYS_ADMIN: no
// namespace, and the mounts below fail as before.
// unshare(CLONE_NEWNS) moves only the calling thread: this must run before
// modlink starts threads (parallel_for's workers, made later, inherit it).
struct PrivateMounts {
    bool entered = false;
    bool own_each_root = false;
};
const PrivateMounts& private_mount_namespace() {
    static const PrivateMounts p = [] {
        PrivateMounts r;
        if (::unshare(CLONE_NEWNS) != 0) return r;
        r.entered = true;
        r.own_each_root = ::mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) != 0;
        return r;
    }();
    return p;
}

// A mount point as /proc/self/mountinfo writes it: space, tab, newline and
// backslash as \ooo.
std::string unescape_mount_point(const std::string& field) {
    std::string out;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size()) {
            out += static_cast<char>(std::strtol(field.substr(i + 1, 3).c_str(), nullptr, 8));
            i += 3;
        } else {
            out += field[i];
        }
    }
    return out;
}

}  // namespace

void detach_mounts_below(const std::string& dir) {
    std::string canonical = fs::weakly_canonical(dir).string();
    std::ifstream in("/proc/self/mountinfo");
    std::vector<std::string> below;
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string id, parent, dev, source_root, point;
        fields >> id >> parent >> dev >> source_root >> point;
        std::string m = unescape_mount_point(point);
        if (m.starts_with(canonical + "/")) below.push_back(m);
    }
    // Deepest first.
    std::sort(below.begin(), below.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const std::string& m : below)
        if (::umount2(m.c_str(), MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT)
            throw Error(m, std::string("cannot unmount what a killed run left mounted: ") + std::strerror(errno));
}

RootMounts::RootMounts(const std::vector<std::string>& roots) {
    for (const std::string& root : roots) {
        if (root.empty()) continue;
        const PrivateMounts& ns = private_mount_namespace();
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
