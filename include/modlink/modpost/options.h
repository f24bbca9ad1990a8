// SPDX-License-Identifier: MIT
// The command line of the kernel's modpost, as each era's binary accepts
// it (the era's getopt string, era.h). Kbuild cannot pass modlink's own
// flags, so this is the whole interface of the drop-in.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace modlink::modpost {

struct Options {
    bool external_module = false;        // -e: an M= build
    bool config_modules = false;         // -M (6.12): CONFIG_MODULES, exports are recorded
    bool trim_unused = false;            // -t (6.12): leave out exports nothing uses
    std::string trim_whitelist;          // -u (6.12): exports to keep anyway, one a line
    std::vector<std::string> dump_inputs; // -i, in command-line order
    bool modversions = false;            // -m
    bool ignore_missing_files = false;   // -n
    std::string object_list;             // -T (a file, or "-" for stdin); the last one counts
    std::string dump_output;             // -o
    bool all_srcversion = false;         // -a
    bool extra_warn = false;             // -W (6.1 accepts it and has no use for it)
    bool warn_unresolved = false;        // -w
    bool mismatch_is_error = false;      // -E
    bool warn_missing_ns = false;        // -N
    std::string nsdeps_output;           // -d
    bool extended_modversions = false;   // -x (7.2): ____version_ext_crcs[] and ____version_ext_names[]
    bool basic_modversions = false;      // -b (7.2): ____versions[]
    std::vector<std::string> objects;    // positional arguments
    // MODLINK_EXPLAIN=1 in the environment (kbuild cannot pass flags): after
    // each undefined / namespace / GPL-only message, indented "note:" lines
    // saying where the object references the symbol and through which
    // kernel inlines. Off by default, so the output is upstream's.
    bool explain = false;
    // MODLINK_KEEP_GOING=1: check every module, write outputs for those that
    // pass, verdicts to modlink-verdicts.json, exit 0 (modpost.cpp).
    bool keep_going = false;
};

// Parses argv[1..argc) with `option_string` the way getopt does (an
// unknown option or a missing argument is reported by getopt itself under
// argv[0]). nullopt on a usage error, for which modpost exits 1.
std::optional<Options> parse_options(int argc, char** argv, const char* option_string);

// True when `arg` is an option some era's modpost accepts ("-m", "-M",
// "-T", "-mo", ...), so the program can tell a modpost command line from
// its own (a first argument like that selects the drop-in:
// MODPOST=/path/to/modlink).
bool looks_like_modpost_option(const char* arg);

}  // namespace modlink::modpost
