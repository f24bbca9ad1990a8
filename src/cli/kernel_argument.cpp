// SPDX-License-Identifier: MIT
#include "kernel_argument.h"

#include <unistd.h>

#include <cstdio>
#include <optional>

#include "modlink/debian_kernel_spec.h"
#include "modlink/kernel_cache.h"

namespace modlink::cli {

const char* const kKernelFetchHelp = R"(
A kernel may also be named debian:SUITE[/FLAVOUR][@ABI] (debian:trixie,
debian:bookworm/rt-amd64, debian:trixie@6.12.57+deb13): its headers are
fetched from the Debian archive once, verified by apt, and kept in
$XDG_CACHE_HOME/modlink/kernels (modlink kernel --help).
  --mirror URI     the Debian archive to fetch from (default: MODLINK_MIRROR,
                   else this machine's apt sources, else deb.debian.org)
  --allow-expired-release
                   accept a Release file past its Valid-Until (a dated
                   mirror's sid); its signature is still checked
  --refresh        ask the archive for a newer ABI even when one is cached
)";

bool KernelFetchChoice::consume(Args& args) {
    if (auto v = args.value("--mirror")) {
        mirror = *v;
        return true;
    }
    if (args.flag("--allow-expired-release")) {
        allow_expired_release = true;
        return true;
    }
    if (args.flag("--refresh")) {
        refresh = true;
        return true;
    }
    return false;
}

KernelFetchOptions KernelFetchChoice::options() const {
    KernelFetchOptions o;
    o.cache_root = kernel_cache_directory();
    o.archive = configured_debian_archive();
    if (!mirror.empty()) o.archive.mirror = mirror;
    o.archive.allow_expired_release = allow_expired_release;
    o.refresh = refresh;
    o.progress = ::isatty(STDERR_FILENO) != 0;
    return o;
}

std::vector<ResolvedKernel> resolve_kernels(const std::vector<std::string>& kernels, const KernelFetchChoice& choice) {
    std::vector<ResolvedKernel> out;
    std::optional<KernelFetchOptions> options;  // read once, and only for a spec
    for (const std::string& k : kernels) {
        if (!is_debian_kernel_spec(k)) {
            out.push_back({k, std::nullopt, std::nullopt});
            continue;
        }
        if (!options) options = choice.options();
        DebianKernelSpec spec = with_defaults(parse_debian_kernel_spec(k));
        CachedKernel fetched = fetch_debian_kernel(spec, *options);
        out.push_back({fetched.headers, spec, fetched});
    }
    return out;
}

std::vector<std::string> resolve_kernel_arguments(const std::vector<std::string>& kernels, const KernelFetchChoice& choice) {
    std::vector<std::string> paths;
    for (ResolvedKernel& k : resolve_kernels(kernels, choice)) paths.push_back(std::move(k.path));
    return paths;
}

bool help_asked(Args& args, const char* usage) {
    if (!args.flag("--help", "-h")) return false;
    std::fputs(usage, stdout);
    std::fputs(kKernelFetchHelp, stdout);
    return true;
}

}  // namespace modlink::cli
