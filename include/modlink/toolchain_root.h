// SPDX-License-Identifier: MIT
// `audit --source --toolchain`: a fetched Debian kernel built for as its
// own suite's users build, in a minimal root of that suite (debootstrap,
// once) with the kernel's headers package installed by the root's apt, so
// that the compiler (CONFIG_CC_VERSION_TEXT's gcc-N) and kbuild's programs
// come as Debian's dependencies say, and the flavour Makefile's /usr/src
// paths are the real ones. One root per suite and architecture, kept in
// $XDG_CACHE_HOME/modlink/toolchains; each kernel's headers are installed
// into it once. debootstrap and chroot need root.
#pragma once

#include <memory>
#include <string>

#include "modlink/apt_private_state.h"
#include "modlink/debian_kernel_spec.h"
#include "modlink/kernel_cache.h"

namespace modlink {

struct ToolchainOptions {
    std::string cache_root;  // toolchain_cache_directory() unless a test says otherwise
    AptArchive archive;      // where the root's apt fetches from, and how strictly
    bool progress = false;   // a status line on stderr while a root is made (a terminal)
};

// A kernel's headers inside its suite's root.
struct ToolchainKernel {
    std::string root;     // the root, as this process sees it
    std::string headers;  // the headers tree, as the root sees it (/usr/src/linux-headers-REL)
};

// $XDG_CACHE_HOME/modlink/toolchains (beside the kernel cache).
std::string toolchain_cache_directory();

// The suite a root is made of for a spec's suite: trixie-backports and
// bookworm-security are trixie's and bookworm's roots (with the pocket in
// their sources); unstable is sid.
std::string toolchain_base_suite(const std::string& suite);

// Throws Error (one line, with the fix) when roots cannot be made here:
// not run as root, no debootstrap, no archive keyring. Checked before
// anything is fetched.
void require_toolchain_prerequisites();

// Throws Error when `spec`'s flavour is of another architecture than this
// machine's (a root of the suite would not run its compiler here).
void require_toolchain_architecture(const DebianKernelSpec& spec);

// The root for `spec`'s suite with `kernel` (fetched for that spec) in
// it: made when missing (one at a time), the headers package installed at
// the version fetched when it is not (while no other modlink builds there:
// see use_toolchain_root). Throws Error, one line: what
// require_toolchain_prerequisites() says, a kernel of another architecture
// than this machine's, or a debootstrap or apt run that failed (naming its
// log and apt's E: line).
ToolchainKernel toolchain_for(const DebianKernelSpec& spec, const CachedKernel& kernel, const ToolchainOptions& options);

// Holds `root` for builds until the returned handle goes: apt in another
// modlink waits to change the root until then (and this one waits for an
// install there to finish). Take it after every toolchain_for of the run.
std::shared_ptr<void> use_toolchain_root(const std::string& root, bool progress);

}  // namespace modlink
