// SPDX-License-Identifier: MIT
// The drop-in face: `modlink modpost ARGS`, a binary invoked as `modpost`,
// or a command line that starts with a modpost option (Kbuild's
// MODPOST=/path/to/modlink). Everything after the selector is modpost's
// own command line. The era is chosen first (era_choice.h); a kernel
// version with no verified era goes to that tree's own modpost.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "modlink/modpost/delegate.h"
#include "modlink/modpost/era_choice.h"
#include "modlink/modpost/modpost.h"
#include "modlink/modpost/options.h"

namespace modlink::cli {

namespace {

// Kbuild never passes --help, so answering it changes nothing upstream
// would print for a real build.
constexpr const char* kUsage = R"(usage: modlink modpost [MODPOST OPTION...] [OBJECT...]
       (also run as `modpost`, or as MODPOST=/path/to/modlink on make's command line)

Kbuild's modpost step: checks the modules and writes each one's .mod.c
and the Module.symvers dump exactly as the kernel tree's own modpost of
that era would, byte for byte, with its messages and exit status. The era comes
from the tree being built (its include/config/kernel.release): Linux
%s are modlink's own (each from X.Y.0 to every stable update
X.Y.z); a tree of any other version, or a release candidate (X.Y.0-rcN),
is handed to that tree's scripts/mod/modpost.

Options are the era's modpost options, as scripts/Makefile.modpost passes
them (getopt's letters per era:%s).

  --list-eras            print the known eras, one a line, and exit

Environment:
  MODLINK_EXPLAIN=1      after each GPL-only or unresolved-symbol error, add
                         notes on which kernel inline pulled the symbol in
  MODLINK_KEEP_GOING=1   check every module even after errors (configure probes)
  MODLINK_MODPOST_ERA=E  use era E (one of %s) whatever the tree says

Exit status: as the era's modpost.
)";

}  // namespace

int run_modpost(int argc, char** argv, int first) {
    if (argc - first == 1 && std::string_view(argv[first]) == "--help") {
        std::string letters;
        for (const modpost::KnownEra& k : modpost::known_eras())
            letters += std::string(" ") + std::string(k.era().name) + " " + k.era().option_string;
        std::printf(kUsage, modpost::known_era_names(", ").c_str(), letters.c_str(),
                    modpost::known_era_names(", ").c_str());
        return 0;
    }
    if (argc - first == 1 && std::string_view(argv[first]) == "--list-eras") {
        for (const modpost::KnownEra& k : modpost::known_eras()) std::printf("%s\n", std::string(k.era().name).c_str());
        return 0;
    }
    const char* explain_env = std::getenv("MODLINK_EXPLAIN");
    bool explain = explain_env && *explain_env && std::string_view(explain_env) != "0";
    std::vector<std::string> rest(argv + first, argv + argc);
    modpost::EraChoice choice = modpost::choose_era(rest, std::getenv("MODLINK_MODPOST_ERA"));
    // MODLINK_ERA_LOG=FILE (tests): one line per run, the era modlink ran
    // as its own, or "handover VERSION" when the tree's modpost ran, so an
    // oracle test can rule the hand-over out.
    if (const char* log = std::getenv("MODLINK_ERA_LOG"); log && *log)
        if (FILE* f = std::fopen(log, "a")) {
            if (choice.era) std::fprintf(f, "%s\n", std::string(choice.era->name).c_str());
            else std::fprintf(f, "handover %s\n", choice.version.empty() ? "?" : choice.version.c_str());
            std::fclose(f);
        }
    if (!choice.era) {
        if (choice.tree.empty()) {
            std::fprintf(stderr, "modlink: error: %s\n", choice.problem.c_str());
            return 1;
        }
        return modpost::delegate_to_tree_modpost(choice.tree, choice.version, rest, explain);
    }
    // getopt reads argv[0] for its messages and argv[1..] as the command
    // line: hand it the program name followed by modpost's arguments.
    std::vector<char*> args;
    args.push_back(argv[0]);
    for (int i = first; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    auto options =
        modpost::parse_options(static_cast<int>(args.size() - 1), args.data(), choice.era->option_string);
    if (!options) return 1;
    options->explain = explain;
    const char* keep_going_env = std::getenv("MODLINK_KEEP_GOING");
    options->keep_going = keep_going_env && *keep_going_env && std::string_view(keep_going_env) != "0";
    int rc = modpost::run(*options, *choice.era);
    std::fflush(stderr);
    return rc;
}

bool invoked_as_modpost(int argc, char** argv) {
    if (argc < 1 || !argv[0]) return false;
    std::string_view self = argv[0];
    std::size_t slash = self.rfind('/');
    if (slash != std::string_view::npos) self.remove_prefix(slash + 1);
    if (self == "modpost") return true;
    return argc >= 2 && modpost::looks_like_modpost_option(argv[1]);
}

}  // namespace modlink::cli
