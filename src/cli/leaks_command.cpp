// SPDX-License-Identifier: MIT
// `modlink leaks --kernel K --debug-dir D`: the kernel's leak index
// (leak_index.h), from its modules with DWARF.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <cstdio>
#include <mutex>
#include <optional>

#include "args.h"
#include "commands.h"
#include "kernel_argument.h"
#include "modlink/atomic_write.h"
#include "modlink/command_inputs.h"
#include "modlink/error.h"
#include "modlink/explain.h"
#include "modlink/leak_diff.h"
#include "modlink/leak_index.h"
#include "modlink/memory_budget.h"
#include "modlink/module.h"
#include "modlink/module_files.h"
#include "modlink/opened_module.h"
#include "modlink/parallel.h"

namespace modlink::cli {

namespace {

constexpr const char* kUsage = R"(usage: modlink leaks --kernel PATH --debug-dir DIR [-o FILE] [--format text|json]
                     [-j N] [-v]
       modlink leaks --diff OLD NEW [-o FILE] [--format text|json] [-j N] [-v]
         (OLD and NEW each an index file or a --kernel PATH --debug-dir DIR pair)

Builds the kernel's leak index: which header functions (static inlines of
include/ and arch/*/include/, and out-of-line copies of them) pull a
GPL-only export into any module that uses them. Every module under DIR with
DWARF is read (Debian's linux-image-RELEASE-dbg ships them under
/usr/lib/debug/lib/modules/RELEASE; a kernel build tree with
CONFIG_DEBUG_INFO has them too); each reference to a GPL-only export of the
kernel (a call, a static key, a static call, data) is explained through its
inline chain, and every header function on that chain gets an entry: the
function, its header and line, the symbol, the kind of reference, the
shortest chain seen, and how many modules and sites showed it.

  --diff OLD NEW      compare two kernels, each a saved index (--format json)
                      or a --kernel/--debug-dir pair, in that order: first
                      the header functions that modules used in OLD without
                      any GPL-only symbol and that pull one in NEW in at
                      least half the modules that use them (what breaks
                      existing modules), by cause; then functions that
                      gained another GPL-only symbol, functions new in NEW,
                      and leaks gone; last the changes that fewer than half
                      a function's users show (incidental: an argument
                      computed inside the inline)
  -k, --kernel PATH   the kernel whose exports say what is GPL-only (a
                      headers or build tree, a module tree, or a
                      debian:SUITE[/FLAVOUR][@ABI] spec)
  --debug-dir DIR     the modules with DWARF (searched recursively)
  -o, --output FILE   write the index to FILE (whole or not at all)
  --format FMT        text (default; most-used functions first) or json
                      (schema: doc/schema/leaks.schema.json)
  -j, --jobs N        worker threads (default: one per core)
  -v, --verbose       say what was read and how long each step took (stderr)

A progress line (modules done of all) goes to stderr on a terminal.
Exit status: 0 the index was made (with --diff: nothing broke), 4 --diff
found header functions that broke, 2 the job could not be done (usage or
input error). A module that cannot be read is named on stderr and left out.
)";

struct ModuleLeaks {
    bool read = false;
    bool has_dwarf = false;
    std::vector<LeakSighting> sightings;
    std::vector<UsedFunction> functions;  // header functions its code holds
    std::string problem;  // why the module could not be read
};

// One kernel of the command line: a saved index file, or a kernel and the
// directory of its modules with DWARF.
struct KernelSide {
    std::string index_file;
    std::string kernel;
    std::string debug_dir;
};

// The kernel's leak index, from every module under the side's debug
// directory.
LeakIndex build_leak_index(const KernelSide& side, const KernelFetchChoice& fetch, int jobs) {
    InputRequest req;
    req.kernel = resolve_kernel_arguments({side.kernel}, fetch).front();
    req.index_only = true;
    req.jobs = jobs;
    LoadedInputs in = load_inputs(req);
    std::vector<std::string> paths = expand_module_paths({side.debug_dir});

    ExplainOptions opts;
    opts.system_debug_dir = false;
    opts.kernel_release = in.kernel.release;
    opts.list_code_functions = true;
    std::vector<ModuleLeaks> results(paths.size());
    bool progress = isatty(STDERR_FILENO);
    std::atomic<std::size_t> done{0};
    std::mutex progress_mutex;
    MemoryBudget budget(kDwarfReadingBudget);
    parallel_for(paths.size(), jobs, [&](std::size_t i) {
        ModuleLeaks& r = results[i];
        MemoryBudget::Lease lease = budget.take_file(paths[i]);
        try {
            ParseOptions parse;
            parse.keep_modinfo = false;
            OpenedModule opened(paths[i], parse);
            const Module& m = opened.module();
            std::vector<std::string> gpl;
            for (const Import& imp : m.imports)
                if (const KernelExport* e = in.kernel.find(imp.name); e && e->gpl_only) gpl.emplace_back(imp.name);
            // The module's own GPL-only exports too: the exporter uses its
            // header inlines like any other module (nf_conntrack.ko and
            // nf_ct_unlink_expect() -> nf_ct_unlink_expect_report), and
            // without them its use would count as clean.
            for (const Export& x : m.exports)
                if (x.gpl_only) gpl.emplace_back(x.name);
            r.read = true;
            // Every module with DWARF, GPL-only imports or not: the header
            // functions it uses clean are what a diff's headline needs.
            Explanation e = opened.explain(gpl, opts);
            r.has_dwarf = e.has_dwarf;
            if (e.has_dwarf) {
                r.sightings = leak_sightings(e);
                r.functions = header_functions_used(e.code_functions);
            }
        } catch (const Error& e) {
            r.problem = e.describe();
        }
        std::size_t n = done.fetch_add(1) + 1;
        if (progress) {
            std::lock_guard lock(progress_mutex);
            std::fprintf(stderr, "\rmodlink leaks: %zu of %zu modules", n, paths.size());
            if (n == paths.size()) std::fputc('\n', stderr);
        }
    });

    LeakIndex index;
    LeakIndexBuilder builder;
    index.kernel_path = in.kernel.path;
    index.release = in.kernel.release;
    std::string base = side.debug_dir;
    while (base.size() > 1 && base.back() == '/') base.pop_back();
    // The evidence is named as in the module tree (kernel/drivers/...), so
    // it reads the same for a debug directory anywhere.
    auto evidence_name = [&](const std::string& path) {
        std::string name = path.rfind(base + "/", 0) == 0 ? path.substr(base.size() + 1) : path;
        std::string tree = "lib/modules/" + index.release + "/";
        if (std::size_t at = name.find(tree); !index.release.empty() && at != std::string::npos &&
                                              (at == 0 || name[at - 1] == '/'))
            name = name.substr(at + tree.size());
        return name;
    };
    for (std::size_t i = 0; i < paths.size(); ++i) {
        const ModuleLeaks& r = results[i];
        if (!r.problem.empty()) {
            std::fprintf(stderr, "modlink: warning: %s (left out of the index)\n", r.problem.c_str());
            continue;
        }
        if (!r.has_dwarf) {
            ++index.modules_without_dwarf;
            continue;
        }
        ++index.modules_read;
        builder.add_module(evidence_name(paths[i]), r.sightings, r.functions);
    }
    builder.finish(index);
    return index;
}

}  // namespace

int run_leaks(int argc, char** argv, int first) {
    Args args(argc, argv, first);
    std::string output, format = "text";
    KernelFetchChoice fetch;
    int jobs = 0;
    bool diff = false;
    // In command-line order: --diff's OLD is the first. --kernel and
    // --debug-dir pair up in either order.
    std::vector<KernelSide> sides;
    auto pair_with = [&](auto lacks) -> KernelSide& {
        if (sides.empty() || !sides.back().index_file.empty() || !lacks(sides.back())) sides.emplace_back();
        return sides.back();
    };
    while (!args.done()) {
        if (help_asked(args, kUsage)) return 0;
        if (auto v = args.value("--kernel", "-k")) {
            pair_with([](const KernelSide& s) { return s.kernel.empty(); }).kernel = *v;
        } else if (auto v = args.value("--debug-dir")) {
            pair_with([](const KernelSide& s) { return s.debug_dir.empty(); }).debug_dir = *v;
        } else if (auto v = args.value("--output", "-o")) {
            output = *v;
        } else if (auto v = args.value("--format")) {
            if (*v != "text" && *v != "json") throw Error("", "--format takes text or json, got '" + *v + "'");
            format = *v;
        } else if (auto v = args.value("--jobs", "-j")) {
            jobs = parse_jobs(*v);
        } else if (args.flag("--diff")) {
            diff = true;
        } else if (args.flag("--verbose", "-v")) {
            enable_verbose_log();
        } else if (fetch.consume(args)) {
        } else if (std::string p = args.positional(); !p.empty()) {
            sides.push_back({p, "", ""});
        }
    }
    for (const KernelSide& s : sides) {
        if (!s.index_file.empty()) {
            if (!diff) throw Error("", "unexpected argument '" + s.index_file + "' (see modlink leaks --help)");
            continue;
        }
        if (s.kernel.empty()) throw Error("", "--debug-dir " + s.debug_dir + " has no --kernel (see modlink leaks --help)");
        if (s.debug_dir.empty()) throw Error("", "--kernel " + s.kernel + " has no --debug-dir (see modlink leaks --help)");
    }
    if (diff && sides.size() != 2)
        throw Error("", "--diff takes two kernels, OLD and NEW: index files (modlink leaks --format json writes them) "
                        "or --kernel/--debug-dir pairs");
    if (!diff && sides.empty()) throw Error("", "no --kernel given (see modlink leaks --help)");
    if (!diff && sides.size() > 1) throw Error("", "one --kernel and --debug-dir at a time (or --diff OLD NEW)");
    if (!output.empty()) {
        // Said before the work, not after it.
        std::filesystem::path dir = std::filesystem::path(output).parent_path();
        if (!dir.empty() && !std::filesystem::is_directory(dir))
            throw Error(output, "cannot write: no directory " + dir.string());
    }
    auto emit = [&](const std::string& bytes) {
        if (output.empty()) std::fwrite(bytes.data(), 1, bytes.size(), stdout);
        else write_file_atomically(output, bytes);
    };
    if (diff) {
        // Index files first: a bad one is said before a kernel is indexed.
        std::optional<LeakIndex> indexes[2];
        for (int i : {0, 1})
            if (!sides[i].index_file.empty()) indexes[i] = read_leak_index(sides[i].index_file);
        for (int i : {0, 1})
            if (!indexes[i]) indexes[i] = build_leak_index(sides[i], fetch, jobs);
        LeakDiff d = diff_leak_indexes(*indexes[0], *indexes[1]);
        emit(format == "json" ? leak_diff_json(d) : leak_diff_text(d));
        return d.broken.empty() ? 0 : 4;
    }
    LeakIndex index = build_leak_index(sides.front(), fetch, jobs);
    emit(format == "json" ? leak_index_json(index) : leak_index_text(index));
    return 0;
}

}  // namespace modlink::cli
