// SPDX-License-Identifier: MIT
// `modlink kernel fetch|list|remove`: the cache of Debian kernels that
// --kernel debian:SPEC reads (debian_kernel_fetch.h).
#include <cstdio>
#include <string>
#include <vector>

#include "args.h"
#include "commands.h"
#include "kernel_argument.h"
#include "modlink/debian_kernel_fetch.h"
#include "modlink/error.h"
#include "modlink/json.h"

namespace modlink::cli {

namespace {

constexpr const char* kUsage = R"(usage: modlink kernel fetch SPEC... [--mirror URI] [--allow-expired-release] [--refresh]
       modlink kernel list [--format text|json]
       modlink kernel remove SPEC...

Debian kernels for --kernel, kept in $XDG_CACHE_HOME/modlink/kernels. A SPEC
is debian:SUITE[/FLAVOUR][@ABI]: the newest ABI of the suite's own kernel
(the one its linux-headers-FLAVOUR metapackage depends on, -updates and
-security pockets included) unless @ABI names one, of the host's generic
flavour unless /FLAVOUR names one. Examples: debian:bookworm, debian:sid,
debian:trixie-backports, debian:bookworm/rt-amd64, debian:bookworm/arm64,
debian:trixie@6.12.57+deb13.

  fetch    fetch each SPEC unless it is cached (no network then) and print
           its headers tree, one line each, as --kernel and make -C take it
  list     the cached kernels: release, suites, flavour, headers tree
  remove   delete the cached kernels each SPEC matches (every ABI of the
           suite and flavour unless @ABI is given)
%s
Exit status: 0 done, 2 not (a bad spec, an unknown suite, flavour or ABI,
no network, a download or unpack that failed: one line says which).
)";

void print_usage(std::FILE* to) { std::fprintf(to, kUsage, kKernelFetchHelp); }

int fetch(Args& args) {
    KernelFetchChoice choice;
    std::vector<std::string> specs;
    while (!args.done()) {
        if (choice.consume(args)) continue;
        std::string p = args.positional();
        if (!p.empty()) specs.push_back(p);
    }
    if (specs.empty()) throw Error("", "kernel fetch needs a SPEC (see modlink kernel --help)");
    // Every spec parsed before anything is fetched: a typo in the third
    // fails at once, not after two downloads.
    std::vector<DebianKernelSpec> parsed;
    for (const std::string& s : specs) parsed.push_back(parse_debian_kernel_spec(s));
    KernelFetchOptions options = choice.options();
    for (const DebianKernelSpec& s : parsed) std::printf("%s\n", fetch_debian_kernel(s, options).headers.c_str());
    return 0;
}

int list(Args& args) {
    bool json = false;
    while (!args.done()) {
        if (auto v = args.value("--format")) {
            if (*v == "json") json = true;
            else if (*v != "text") throw Error("", "unknown format '" + *v + "' (text or json)");
        } else {
            args.positional();
            throw Error("", "kernel list takes no arguments");
        }
    }
    KernelCache cache(kernel_cache_directory());
    std::vector<CachedKernel> kernels = cache.list();
    if (json) {
        Json doc = Json::array();
        for (const CachedKernel& k : kernels)
            doc.push_back({{"release", k.release}, {"suites", k.suites}, {"flavour", k.flavour},
                           {"architecture", k.architecture}, {"abi", k.abi}, {"packages", k.packages},
                           {"headers", k.headers}});
        std::string text = json_text(doc);
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    }
    for (const CachedKernel& k : kernels) {
        std::string suites;
        for (const std::string& s : k.suites) suites += (suites.empty() ? "" : ",") + s;
        std::printf("%s\t%s\t%s\t%s\n", k.release.c_str(), suites.c_str(), k.flavour.c_str(), k.headers.c_str());
    }
    return 0;
}

int remove(Args& args) {
    std::vector<DebianKernelSpec> specs;
    while (!args.done())
        if (std::string p = args.positional(); !p.empty()) specs.push_back(parse_debian_kernel_spec(p));
    if (specs.empty()) throw Error("", "kernel remove needs a SPEC (see modlink kernel --help)");
    std::string root = kernel_cache_directory();
    KernelCache cache(root);
    KernelCacheLock lock(root);
    for (const DebianKernelSpec& s : specs) {
        std::vector<CachedKernel> matches = cached_debian_kernels(s, cache);
        if (matches.empty()) throw Error("", "no cached kernel matches " + s.text() + " (see modlink kernel list)");
        for (const CachedKernel& k : matches) {
            cache.remove(k);
            std::printf("removed %s\n", k.release.c_str());
        }
    }
    return 0;
}

}  // namespace

int run_kernel(int argc, char** argv, int first) {
    Args args(argc, argv, first);
    if (args.done()) {
        print_usage(stderr);
        return 2;
    }
    if (args.flag("--help", "-h")) {
        print_usage(stdout);
        return 0;
    }
    std::string sub = args.positional();
    if (sub == "fetch") return fetch(args);
    if (sub == "list") return list(args);
    if (sub == "remove") return remove(args);
    throw Error("", "unknown kernel command '" + sub + "' (fetch, list or remove)");
}

}  // namespace modlink::cli
