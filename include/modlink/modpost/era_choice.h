// SPDX-License-Identifier: MIT
// Which era a drop-in run follows, chosen once before anything is read:
//   1. MODLINK_MODPOST_ERA=6.1|6.12 names one outright;
//   2. otherwise the kernel tree Kbuild runs modpost for: the working
//      directory (6.12 and older run modpost in the kernel tree) or the
//      tree of a -i dump (6.13+ run it in the module directory), whose
//      include/config/kernel.release or Makefile VERSION/PATCHLEVEL says
//      the version;
//   3. with no tree to read, a command line of 6.1's options alone is
//      6.1's (the drop-in's first era, used that way by scripts), and one
//      with a later option (-M -t -u -x -b) cannot be placed.
// An era covers one release and its stable updates (7.3.0 to 7.3.x); a
// version with no verified era, and a release candidate (7.3.0-rc1, whose
// modpost may still change before 7.3.0), is handed to that tree's own
// modpost (delegate.h), never to the nearest era.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modlink/modpost/era.h"

namespace modlink::modpost {

struct EraChoice {
    const Era* era = nullptr;  // nullptr: no verified era (see tree and version)
    std::string tree;          // the kernel tree whose version was read ("" if none)
    std::string version;       // its release or "MAJOR.MINOR" ("" if none)
    std::string problem;       // when era and tree are both unknown: why
};

// `args` is modpost's command line (argv[1..]); `era_override` the value
// of MODLINK_MODPOST_ERA (nullptr when unset).
EraChoice choose_era(const std::vector<std::string>& args, const char* era_override);

// The kernel version of a tree, as "MAJOR.MINOR..." text and numbers;
// nullopt when the directory holds no kernel tree.
struct TreeVersion {
    std::string text;
    unsigned major = 0;
    unsigned minor = 0;
    bool release_candidate = false;  // -rcN (kernel.release, or the Makefile's EXTRAVERSION)
};
std::optional<TreeVersion> read_tree_version(const std::string& dir);

}  // namespace modlink::modpost
