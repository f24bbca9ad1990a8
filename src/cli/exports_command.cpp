// SPDX-License-Identifier: MIT
// `modlink exports`: the exports of modules in Module.symvers format, so a
// module tree (or a vendor's prebuilt modules) can serve as a symbol dump,
// and so our reading of every export era can be compared with the kernel's
// own Module.symvers.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "args.h"
#include "commands.h"
#include "unreadable_modules.h"
#include "modlink/error.h"
#include "modlink/module.h"
#include "modlink/module_files.h"
#include "modlink/parallel.h"

namespace modlink::cli {

namespace {

constexpr const char* kUsage = R"(usage: modlink exports MODULE|DIR... [-j N]

Prints the exports of the modules as Module.symvers lines:
CRC, symbol, module, EXPORT_SYMBOL or EXPORT_SYMBOL_GPL, namespace.
Modules found under a DIR are named by their path below it (a module
tree's leading kernel/ dropped), as the kernel's own Module.symvers names them.

  MODULE|DIR       .ko, .ko.zst, .ko.xz, .ko.gz or .o files, or directories
                   searched for them
  -j, --jobs N     worker threads (default: all cores; output is the same)
  -v, --verbose    say how many modules were read and how long it took (stderr)

A module that cannot be read is one error line on stderr, in its place;
the other modules' exports are still printed.

Exit status: 0 every module was read, 2 some module could not be read (after
printing the rest), or a usage error.
)";

// "DIR/kernel/drivers/net/foo.ko.xz" -> "drivers/net/foo".
std::string symvers_module_name(const std::string& root, const std::string& path) {
    std::string rel = path;
    if (!root.empty() && rel.compare(0, root.size() + 1, root + "/") == 0) {
        rel = rel.substr(root.size() + 1);
        if (rel.compare(0, 7, "kernel/") == 0) rel = rel.substr(7);
    }
    return std::string(strip_module_suffix(rel));
}

}  // namespace

int run_exports(int argc, char** argv, int first) {
    Args args(argc, argv, first);
    std::vector<std::string> roots;
    int jobs = 0;
    while (!args.done()) {
        if (args.flag("--help", "-h")) {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (auto v = args.value("--jobs", "-j")) jobs = parse_jobs(*v);
        else if (args.flag("--verbose", "-v")) enable_verbose_log();
        else if (std::string p = args.positional(); !p.empty()) roots.push_back(p);
    }
    if (roots.empty()) throw Error("", "no modules given (see modlink exports --help)");

    // (root, path, problem): a path that names nothing readable is reported
    // in its place, and every other module's exports are still printed.
    struct File {
        std::string root, path, problem;
    };
    std::vector<File> files;
    for (const std::string& r : roots) {
        std::string root = r;
        while (root.size() > 1 && root.back() == '/') root.pop_back();
        try {
            for (std::string& p : expand_module_paths({root})) files.push_back({root, std::move(p), {}});
        } catch (const Error& e) {
            files.push_back({root, root, e.what()});
        }
    }
    std::vector<std::string> out(files.size());
    auto t0 = std::chrono::steady_clock::now();
    parallel_for(files.size(), jobs, [&](std::size_t i) {
        File& f = files[i];
        if (!f.problem.empty()) return;
        try {
            Module m = read_module(f.path);
            std::string name = f.root == f.path ? symvers_module_name("", f.path) : symvers_module_name(f.root, f.path);
            for (const Export& e : m.exports)
                out[i] += fmt::format("0x{:08x}\t{}\t{}\tEXPORT_SYMBOL{}\t{}\n", e.crc.value_or(0), e.name, name,
                                      e.gpl_only ? "_GPL" : "", e.ns);
        } catch (const Error& e) {
            f.problem = e.what();
        }
    });
    spdlog::debug("read {} modules ({:.1f} ms)", files.size(),
                  std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    std::size_t unreadable = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (files[i].problem.empty()) {
            std::fwrite(out[i].data(), 1, out[i].size(), stdout);
            continue;
        }
        // Its error line where its exports would have been, on stderr.
        std::fflush(stdout);
        std::fprintf(stderr, "modlink: error: %s: %s\n", files[i].path.c_str(), files[i].problem.c_str());
        ++unreadable;
    }
    return check_exit_status(false, unreadable, files.size() - unreadable);
}

}  // namespace modlink::cli
