// SPDX-License-Identifier: MIT
// modlink's entry point: picks the front end and turns tool failures into
// the single line `modlink: error: FILE: what is wrong` and exit status 2.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string_view>

#include "commands.h"
#include "modlink/error.h"
#include "modlink/modpost/era.h"
#include "modlink_config.h"

namespace {

constexpr const char* kUsage = R"(usage: modlink COMMAND [ARGS...]

Commands:
  check     report what modpost or the kernel loader would refuse in modules
            (modlink check --help)
  exports   print the exports of modules as Module.symvers lines
  modpost   the kernel's modpost (%s), byte for byte: modlink modpost [modpost options]
  explain   where a module references a symbol, through which kernel inlines
            (modlink explain --help)
  audit     check modules against several kernels: a verdict per pair
            (modlink audit --help)
  diff      compare the exports of two kernels (modlink diff --help)
  query     symbol facts per kernel for configure scripts: exported, owner,
            GPL-only, namespace, CRC (modlink query --help)
  kernel    fetch Debian kernels for --kernel debian:SUITE, list and remove
            them (modlink kernel --help)
  leaks     which header functions pull GPL-only symbols into modules, from
            a kernel's debug modules (modlink leaks --help)

Options:
  --help       this text
  --version    print the version
)";

int dispatch(int argc, char** argv) {
    // Kbuild runs MODPOST=/path/to/modlink with modpost's own arguments.
    if (modlink::cli::invoked_as_modpost(argc, argv)) return modlink::cli::run_modpost(argc, argv, 1);
    if (argc < 2) {
        std::fprintf(stderr, kUsage, modlink::modpost::known_era_names(", ").c_str());
        return 2;
    }
    std::string_view cmd = argv[1];
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        std::printf(kUsage, modlink::modpost::known_era_names(", ").c_str());
        return 0;
    }
    if (cmd == "--version" || cmd == "-V") {
        std::printf("modlink %s\n", MODLINK_VERSION);
        return 0;
    }
    if (cmd == "check") return modlink::cli::run_check(argc, argv, 2);
    if (cmd == "exports") return modlink::cli::run_exports(argc, argv, 2);
    if (cmd == "modpost") return modlink::cli::run_modpost(argc, argv, 2);
    if (cmd == "explain") return modlink::cli::run_explain(argc, argv, 2);
    if (cmd == "audit") return modlink::cli::run_audit(argc, argv, 2);
    if (cmd == "diff") return modlink::cli::run_diff(argc, argv, 2);
    if (cmd == "query") return modlink::cli::run_query(argc, argv, 2);
    if (cmd == "leaks") return modlink::cli::run_leaks(argc, argv, 2);
    if (cmd == "kernel") return modlink::cli::run_kernel(argc, argv, 2);
    throw modlink::Error("", "unknown command '" + std::string(cmd) + "' (see modlink --help)");
}

}  // namespace

int main(int argc, char** argv) {
    try {
        int rc = dispatch(argc, argv);
        // A full disk or closed pipe may have failed any earlier write.
        if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
            std::fprintf(stderr, "modlink: error: cannot write output: %s\n", std::strerror(errno));
            return 2;
        }
        return rc;
    } catch (const modlink::Error& e) {
        std::fprintf(stderr, "modlink: error: %s\n", e.describe().c_str());
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "modlink: error: out of memory\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "modlink: error: %s\n", e.what());
    }
    return 2;
}
