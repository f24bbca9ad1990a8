// SPDX-License-Identifier: MIT
// `modlink exports`: the exports of modules in Module.symvers format, so a
// module tree (or a vendor's prebuilt modules) can serve as a symbol dump,
// and so our reading of every export era can be compared with the kernel's
// own Module.symvers.
#include <fmt/format.h>

#include <cstdio>
#include <optional>

#include "args.h"
#include "commands.h"
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
        else if (std::string p = args.positional(); !p.empty()) roots.push_back(p);
    }
    if (roots.empty()) throw Error("", "no modules given (see modlink exports --help)");

    std::vector<std::pair<std::string, std::string>> files;  // (root, path)
    for (const std::string& r : roots) {
        std::string root = r;
        while (root.size() > 1 && root.back() == '/') root.pop_back();
        for (std::string& p : expand_module_paths({root})) files.emplace_back(root, std::move(p));
    }
    std::vector<std::string> out(files.size());
    parallel_for(files.size(), jobs, [&](std::size_t i) {
        Module m = read_module(files[i].second);
        std::string name = files[i].first == files[i].second ? symvers_module_name("", files[i].second)
                                                              : symvers_module_name(files[i].first, files[i].second);
        for (const Export& e : m.exports)
            out[i] += fmt::format("0x{:08x}\t{}\t{}\tEXPORT_SYMBOL{}\t{}\n", e.crc.value_or(0), e.name, name,
                                  e.gpl_only ? "_GPL" : "", e.ns);
    });
    for (const std::string& s : out) std::fwrite(s.data(), 1, s.size(), stdout);
    return 0;
}

}  // namespace modlink::cli
