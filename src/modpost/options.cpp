// SPDX-License-Identifier: MIT
#include "modlink/modpost/options.h"

#include <getopt.h>
#include <unistd.h>

#include <cstring>

namespace modlink::modpost {

namespace {
// Every letter any era accepts.
constexpr const char* kAnyEraOptions = "ei:MmnT:to:au:WwENd:xb";
}  // namespace

std::optional<Options> parse_options(int argc, char** argv, const char* option_string) {
    Options o;
    // getopt keeps global state; a caller may parse more than once (tests).
    optind = 0;
    opterr = 1;
    // '+' is not used: glibc getopt permutes, as it does for the real modpost.
    int c;
    while ((c = getopt(argc, argv, option_string)) != -1) {
        switch (c) {
            case 'e': o.external_module = true; break;
            case 'M': o.config_modules = true; break;
            case 't': o.trim_unused = true; break;
            case 'u': o.trim_whitelist = optarg; break;
            case 'i': o.dump_inputs.emplace_back(optarg); break;
            case 'm': o.modversions = true; break;
            case 'n': o.ignore_missing_files = true; break;
            case 'T': o.object_list = optarg; break;
            case 'o': o.dump_output = optarg; break;
            case 'a': o.all_srcversion = true; break;
            case 'W': o.extra_warn = true; break;
            case 'w': o.warn_unresolved = true; break;
            case 'E': o.mismatch_is_error = true; break;
            case 'N': o.warn_missing_ns = true; break;
            case 'd': o.nsdeps_output = optarg; break;
            case 'x': o.extended_modversions = true; break;
            case 'b': o.basic_modversions = true; break;
            default: return std::nullopt;
        }
    }
    for (int i = optind; i < argc; ++i) o.objects.emplace_back(argv[i]);
    return o;
}

bool looks_like_modpost_option(const char* arg) {
    if (!arg || arg[0] != '-' || arg[1] == '\0' || arg[1] == '-') return false;
    // Every letter of a cluster must be a modpost option ("-me", "-T-").
    for (const char* p = arg + 1; *p; ++p) {
        const char* hit = std::strchr(kAnyEraOptions, *p);
        if (!hit || *p == ':') return false;
        if (hit[1] == ':') return true;  // the rest is the option's argument
    }
    return true;
}

}  // namespace modlink::modpost
