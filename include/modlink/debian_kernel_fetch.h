// SPDX-License-Identifier: MIT
// From a spec (debian_kernel_spec.h) to a headers tree on disk: the
// suite's own kernel (the newest ABI its linux-headers-FLAVOUR metapackage
// depends on) or the ABI asked for, of the flavour; its headers,
// -common and linux-kbuild packages fetched with apt into a private state
// (apt_private_state.h), unpacked into the kernel cache (kernel_cache.h)
// with the flavour Makefile's absolute /usr/src paths pointed into the
// tree, so that Kbuild, the drop-in and every --kernel reader use it as an
// installed one. A kernel already in the cache is used without network.
#pragma once

#include <string>
#include <vector>

#include "modlink/apt_private_state.h"
#include "modlink/debian_kernel_spec.h"
#include "modlink/kernel_cache.h"

namespace modlink {

struct KernelFetchOptions {
    std::string cache_root;  // kernel_cache_directory() unless a test says otherwise
    AptArchive archive;
    bool refresh = false;   // ask the archive for a newer ABI even when one is cached
    bool progress = false;  // a progress line on stderr (a terminal)
};

// The spec with its defaults: the host architecture's generic flavour.
// Throws Error for a flavour modlink does not know (listing those it does).
DebianKernelSpec with_defaults(const DebianKernelSpec& spec);

// The cached trees `spec` (defaults filled) matches, newest ABI first. No
// network.
std::vector<CachedKernel> cached_debian_kernels(const DebianKernelSpec& spec, const KernelCache& cache);

// The tree `spec` names: from the cache when it is there (and not
// options.refresh), else fetched. Throws Error, one line each: an unknown
// suite or flavour (naming those the archive has), no network (naming the
// URL), an ABI the archive no longer has, a download or unpack that failed.
CachedKernel fetch_debian_kernel(const DebianKernelSpec& spec, const KernelFetchOptions& options);

}  // namespace modlink
