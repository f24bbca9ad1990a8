// SPDX-License-Identifier: MIT
// The command line of the kernel's modpost, as the 6.1 binary accepts it
// (getopt string "ei:mnT:o:aWwENd:"). Kbuild cannot pass modlink's own
// flags, so this is the whole interface of the drop-in.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace modlink::modpost {

struct Options {
    bool external_module = false;        // -e: an M= build
    std::vector<std::string> dump_inputs; // -i, in command-line order
    bool modversions = false;            // -m
    bool ignore_missing_files = false;   // -n
    std::string object_list;             // -T (a file, or "-" for stdin); the last one counts
    std::string dump_output;             // -o
    bool all_srcversion = false;         // -a
    bool extra_warn = false;             // -W (accepted; 6.1 has no use for it)
    bool warn_unresolved = false;        // -w
    bool mismatch_is_error = false;      // -E
    bool warn_missing_ns = false;        // -N
    std::string nsdeps_output;           // -d
    std::vector<std::string> objects;    // positional arguments
    // MODLINK_EXPLAIN=1 in the environment (kbuild cannot pass flags): after
    // each undefined / namespace / GPL-only message, indented "note:" lines
    // saying where the object references the symbol and through which
    // kernel inlines. Off by default, so the output is upstream's.
    bool explain = false;
};

// The 6.1 getopt string; a first argument that is one of these options
// selects the drop-in (MODPOST=/path/to/modlink).
inline constexpr const char* kOptionString61 = "ei:mnT:o:aWwENd:";

// Parses argv[1..argc) the way getopt does (an unknown option or a missing
// argument is reported by getopt itself under argv[0]). nullopt on a usage
// error, for which modpost exits 1.
std::optional<Options> parse_options(int argc, char** argv);

// True when `arg` is an option modpost 6.1 accepts ("-m", "-T", "-mo", ...),
// so the program can tell a modpost command line from its own.
bool looks_like_modpost_option(const char* arg);

}  // namespace modlink::modpost
