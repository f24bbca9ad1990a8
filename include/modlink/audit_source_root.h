// SPDX-License-Identifier: MIT
// A kernel that a source audit builds for inside a chroot (--root): its
// paths as modlink sees them and as the build does, the command that runs
// the build there, and the root's /proc and /dev, which a build needs.
#pragma once

#include <string>
#include <vector>

namespace modlink {

// A path given for a build in `root` ("" = this system), which may be given
// with the root's prefix or as the root sees it.
struct RootedPath {
    std::string host;    // as this process sees it
    std::string inside;  // as the build in the root sees it
};
RootedPath rooted_path(const std::string& root, const std::string& given);

// The words before a command line that runs in `root`: none on this
// system; in a root, chroot and a clean environment (a standard PATH,
// HOME, a UTF-8 locale, then `extra_env`, "NAME=value" each), since the
// host's need not fit the root.
std::vector<std::string> command_in_root(const std::string& root, const std::vector<std::string>& extra_env = {});

// Detaches every mount below `dir` (deepest first), such as a killed run
// left: before a directory is removed, so that removing it never reaches
// into the host's /dev. Throws Error when one cannot be detached.
void detach_mounts_below(const std::string& dir);

// Each root's /proc and /dev, bind-mounted for the builds where they are
// not mounted already, and unmounted again when this goes. The first one
// moves modlink into a mount namespace of its own (when it may), so that
// these mounts are seen by modlink and its children only and vanish with
// them even when modlink is killed. Roots that are "" are skipped. Throws
// Error when a root has no /proc or /dev, or one cannot be mounted.
class RootMounts {
public:
    explicit RootMounts(const std::vector<std::string>& roots);
    ~RootMounts();
    RootMounts(const RootMounts&) = delete;
    RootMounts& operator=(const RootMounts&) = delete;

private:
    std::vector<std::string> mounted_;
};

}  // namespace modlink
