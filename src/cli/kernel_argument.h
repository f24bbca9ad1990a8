// SPDX-License-Identifier: MIT
// --kernel debian:SUITE[/FLAVOUR][@ABI] wherever --kernel PATH is taken:
// the options that say how such a kernel is fetched, shared by every
// command, and the step that turns specs into cached headers trees before
// the command reads them (paths pass through unchanged).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "args.h"
#include "modlink/debian_kernel_fetch.h"

namespace modlink::cli {

struct KernelFetchChoice {
    std::string mirror;  // --mirror; "" = MODLINK_MIRROR or the machine's
    bool allow_expired_release = false;
    bool refresh = false;

    // Consumes --mirror, --allow-expired-release or --refresh.
    bool consume(Args& args);
    // The options these choices make (the cache, the archive, progress on
    // a terminal).
    KernelFetchOptions options() const;
};

// The help text of the options above, for each command's usage.
extern const char* const kKernelFetchHelp;

// Consumes --help/-h: prints the command's usage and the options above to
// stdout and returns true (the command then exits 0).
bool help_asked(Args& args, const char* usage);

// A --kernel argument made usable: a path as given, or a spec with the
// tree it was fetched into.
struct ResolvedKernel {
    std::string path;                       // the headers tree, or the path given
    std::optional<DebianKernelSpec> spec;   // with its defaults, for a debian: spec
    std::optional<CachedKernel> fetched;    // the cached tree of that spec
};
std::vector<ResolvedKernel> resolve_kernels(const std::vector<std::string>& kernels, const KernelFetchChoice& choice);

// Each debian: spec in `kernels` replaced by its cached headers tree,
// fetched first when needed; paths unchanged.
std::vector<std::string> resolve_kernel_arguments(const std::vector<std::string>& kernels, const KernelFetchChoice& choice);

}  // namespace modlink::cli
