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

int run_modpost(int argc, char** argv, int first) {
    const char* explain_env = std::getenv("MODLINK_EXPLAIN");
    bool explain = explain_env && *explain_env && std::string_view(explain_env) != "0";
    std::vector<std::string> rest(argv + first, argv + argc);
    modpost::EraChoice choice = modpost::choose_era(rest, std::getenv("MODLINK_MODPOST_ERA"));
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
