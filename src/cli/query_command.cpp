// SPDX-License-Identifier: MIT
// `modlink query`: symbol facts for configure scripts, from one read of each
// kernel.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "args.h"
#include "kernel_argument.h"
#include "commands.h"
#include "modlink/error.h"
#include "modlink/command_inputs.h"
#include "modlink/query.h"

namespace modlink::cli {

namespace {

constexpr const char* kUsage = R"(usage: modlink query --kernel PATH [--kernel PATH]... [--module NAME [--license L]]
                     [--format text|json|autoconf] [--stdin] [-j N] SYMBOL...

For each kernel and each SYMBOL: exported or not, by which module,
EXPORT_SYMBOL or EXPORT_SYMBOL_GPL, its namespace (a `module:` list
included) and its CRC. Each kernel is read once (a headers/build tree, a
module tree, a Module.symvers or symvers-*.gz, or a vmlinux, as `modlink
check --kernel` takes it); a module tree without its build tree answers, for
the exports its modules own, from their export tables (__ksymtab_gpl,
__kflagstab), and calls vmlinux's symbols not exported.

  -k, --kernel PATH
                   a kernel (repeatable; answers keep this order)
  --module NAME    also say whether module NAME may use each symbol (a
                   `module:` namespace list must name it; a namespace
                   needs MODULE_IMPORT_NS, spelled as that kernel wants it)
  --license L      NAME's MODULE_LICENSE: GPL-only symbols are refused for a
                   GPL-incompatible one
  --format FMT     text (default: one tab-separated line per answer), json
                   (schema 1), or autoconf (#define HAVE_EXPORT_<SYM> 1 and
                   #define <SYM>_IS_GPL_ONLY 1 lines for config.h; one
                   kernel only, since a config.h is for one build)
  --stdin          read more symbols from stdin (whitespace-separated)
  -j, --jobs N     worker threads for reading module trees
  -v, --verbose    say what was read, how long it took and how long one
                   lookup takes (stderr)

Exit status: 0 every symbol is exported by every kernel (and usable, with
--module), 1 some symbol is not, 2 the query could not be done.
)";

// -v: how long one lookup takes once the kernel is read (each timed on its
// own; the median is what scripts/bench-query reports).
void log_lookup_times(const std::string& path, const Kernel& kernel, const std::vector<std::string>& symbols) {
    std::vector<double> ns;
    ns.reserve(symbols.size());
    for (const std::string& s : symbols) {
        auto t0 = std::chrono::steady_clock::now();
        const KernelExport* e = kernel.find(s);
        auto t1 = std::chrono::steady_clock::now();
        asm volatile("" : : "r"(e) : "memory");  // keep the lookup
        ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    }
    std::sort(ns.begin(), ns.end());
    spdlog::debug("{}: {} lookups, median {:.0f} ns, max {:.0f} ns", path, ns.size(), ns[ns.size() / 2], ns.back());
}

}  // namespace

int run_query(int argc, char** argv, int first) {
    Args args(argc, argv, first);
    std::vector<std::string> kernels, symbols;
    KernelFetchChoice fetch;
    std::string format = "text", module_name, license;
    bool from_stdin = false;
    int jobs = 0;
    while (!args.done()) {
        if (help_asked(args, kUsage)) return 0;
        if (auto v = args.value("--kernel", "-k")) kernels.push_back(*v);
        else if (fetch.consume(args)) {
        }
        else if (auto m = args.value("--module")) module_name = *m;
        else if (auto l = args.value("--license")) license = *l;
        else if (auto f = args.value("--format")) format = *f;
        else if (auto j = args.value("--jobs", "-j")) jobs = parse_jobs(*j);
        else if (args.flag("--stdin")) from_stdin = true;
        else if (args.flag("--verbose", "-v")) enable_verbose_log();
        else if (std::string s = args.positional(); !s.empty()) symbols.push_back(s);
    }
    if (format != "text" && format != "json" && format != "autoconf")
        throw Error("", "unknown format '" + format + "' (text, json or autoconf)");
    if (kernels.empty()) throw Error("", "query needs --kernel (see modlink query --help)");
    kernels = resolve_kernel_arguments(kernels, fetch);
    if (format == "autoconf" && kernels.size() > 1)
        throw Error("", "--format autoconf answers for one kernel (a config.h is for one build); run it once per --kernel");
    if (!license.empty() && module_name.empty()) throw Error("", "--license describes --module NAME, which is missing");
    if (from_stdin)
        for (std::string s; std::cin >> s;) symbols.push_back(s);
    if (symbols.empty()) throw Error("", "no symbols to look up (see modlink query --help)");
    std::optional<QueryingModule> module;
    if (!module_name.empty()) module = QueryingModule{module_name, license};

    std::vector<KernelAnswers> answers;
    std::vector<std::unique_ptr<Kernel>> indexes;  // the answers point into them
    bool all_good = true;
    for (const std::string& path : kernels) {
        InputRequest req;
        req.kernel = path;
        req.index_only = true;
        req.jobs = jobs;
        req.parse.keep_modinfo = false;
        req.need_vmlinux_exports = false;  // a bare module tree answers for its modules' exports
        indexes.push_back(std::make_unique<Kernel>(std::move(load_inputs(req).kernel)));
        answers.push_back(answer_query(path, *indexes.back(), symbols, module));
        if (spdlog::should_log(spdlog::level::debug)) log_lookup_times(path, *indexes.back(), symbols);
        for (const SymbolAnswer& a : answers.back().symbols)
            if (!a.exported || (a.usable && !*a.usable)) all_good = false;
    }
    std::string out = format == "json"       ? render_query_json(answers, module)
                      : format == "autoconf" ? render_query_autoconf(answers)
                                             : render_query_text(answers);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return all_good ? 0 : 1;
}

}  // namespace modlink::cli
