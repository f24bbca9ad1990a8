// SPDX-License-Identifier: MIT
// The drop-in face: `modlink modpost ARGS`, a binary invoked as `modpost`,
// or a command line that starts with a modpost option (Kbuild's
// MODPOST=/path/to/modlink). Everything after the selector is modpost's
// own command line, parsed with the 6.1 option set.
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "commands.h"
#include "modlink/modpost/modpost.h"
#include "modlink/modpost/options.h"

namespace modlink::cli {

int run_modpost(int argc, char** argv, int first) {
    // getopt reads argv[0] for its messages and argv[1..] as the command
    // line: hand it the program name followed by modpost's arguments.
    std::vector<char*> args;
    args.push_back(argv[0]);
    for (int i = first; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    auto options = modpost::parse_options(static_cast<int>(args.size() - 1), args.data());
    if (!options) return 1;
    const char* explain = std::getenv("MODLINK_EXPLAIN");
    options->explain = explain && *explain && std::string_view(explain) != "0";
    int rc = modpost::run(*options);
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
