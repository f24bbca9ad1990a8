// SPDX-License-Identifier: MIT
// `modlink check`: every reference in the given modules that modpost would
// refuse at build time or the loader at load time.
#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>
#include <cstdio>

#include "args.h"
#include "kernel_argument.h"
#include "commands.h"
#include "unreadable_modules.h"
#include "output_choice.h"
#include "modlink/checks.h"
#include "modlink/error.h"
#include "modlink/explain.h"
#include "modlink/leak_history.h"
#include "modlink/command_inputs.h"
#include "modlink/parallel.h"
#include "modlink/report.h"

namespace modlink::cli {

namespace {

constexpr const char* kUsage = R"(usage: modlink check [MODULE|DIR...] [--kernel PATH] [--symvers FILE]...
                     [--format text|json|sarif] [-j N] [--color auto|always|never]
                     [--explain [--leaks FILE]...]

Reports every reference in the modules that modpost would refuse at build
time or the kernel loader at load time: unresolved symbols, GPL-only symbols
in GPL-incompatible modules, namespaces not imported, CRC (modversions),
module_layout and vermagic mismatches, missing licenses, and GPL-using
modules importing from proprietary ones.

  MODULE|DIR       .ko, .ko.zst, .ko.xz, .ko.gz or .o files, or directories
                   searched for them; none: every module of the kernel's tree
  -k, --kernel PATH
                   a headers/build tree, a module tree (/lib/modules/REL),
                   a Module.symvers or symvers-*.gz, or a vmlinux
                   (default: /lib/modules/$(uname -r))
  --symvers FILE   more exports, like KBUILD_EXTRA_SYMBOLS (repeatable)
  --format FMT     text (default), json (schema 1) or sarif (2.1.0)
  -j, --jobs N     worker threads (default: all cores; output is the same)
  --color WHEN     color text output: auto (default), always, never
  --explain        add notes to each finding saying where the module
                   references the symbol and through which kernel inlines
                   (see modlink explain --help)
  --leaks FILE     with --explain: a saved leak index (modlink leaks
                   --format json; repeatable), to say since which of those
                   kernels each finding's header inline leaks the symbol
  -v, --verbose    say what was read and how long each step took (stderr)

A module that cannot be read (missing, truncated, not ELF, bad compression)
is one error line in its place; every other module is still checked.

Exit status: 0 no error found, 1 an error-severity finding, 2 some module
could not be read (after reporting the rest), or the check could not be
done at all (usage error, bad --kernel or --symvers).
)";

}  // namespace

int run_check(int argc, char** argv, int first) {
    Args args(argc, argv, first);
    InputRequest req;
    req.parse.keep_modinfo = false;  // no check reads beyond the extracted tags
    OutputChoice output;
    KernelFetchChoice fetch;
    bool kernel_given = false;
    bool explain = false;
    std::vector<std::string> leak_files;
    while (!args.done()) {
        if (help_asked(args, kUsage)) return 0;
        if (args.flag("--explain")) {
            explain = true;
        } else if (auto v = args.value("--leaks")) {
            leak_files.push_back(*v);
        } else if (auto v = args.value("--kernel", "-k")) {
            req.kernel = *v;
            kernel_given = true;
        } else if (auto v = args.value("--symvers")) {
            req.extra_symvers.push_back(*v);
        } else if (fetch.consume(args)) {
        } else if (output.consume(args)) {
        } else if (auto v = args.value("--jobs", "-j")) {
            req.jobs = parse_jobs(*v);
        } else if (args.flag("--verbose", "-v")) {
            enable_verbose_log();
        } else if (std::string p = args.positional(); !p.empty()) {
            req.modules.push_back(p);
        }
    }
    if (!kernel_given) req.kernel = default_kernel_path();
    else req.kernel = resolve_kernel_arguments({req.kernel}, fetch).front();

    LoadedInputs in = load_inputs(req);
    auto t0 = std::chrono::steady_clock::now();
    std::vector<std::vector<Finding>> per_module(in.modules.size());
    parallel_for(in.modules.size(), req.jobs,
                 [&](std::size_t i) { per_module[i] = check_module(in.modules[i], in.kernel); });
    if (explain) {
        ExplainOptions opts;
        opts.kernel_release = in.kernel.release;
        std::optional<LeakHistory> history;
        if (!leak_files.empty()) {
            history.emplace(read_leak_indexes(leak_files));
            opts.leak_history = &*history;
        }
        parallel_for(per_module.size(), req.jobs, [&](std::size_t i) { add_explanation_notes(per_module[i], opts); });
    }
    spdlog::debug("checked {} modules ({:.1f} ms)", in.modules.size(),
                  std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());

    std::vector<Finding> findings = findings_in_input_order(std::move(per_module), in.unreadable);
    bool any_error = false;
    for (const Finding& f : findings) any_error = any_error || f.severity == Severity::Error;

    ReportContext ctx{"check", in.kernel.path, in.kernel.release, in.modules.size(), in.unreadable.size()};
    if (output.format == OutputFormat::Text)
        print_text_report(findings, output.colored());
    else
        output.print([&](bool) { return std::string(); }, [&] { return render_json(ctx, findings); },
                     [&] { return render_sarif(ctx, findings); });
    return check_exit_status(any_error, in.unreadable.size(), in.modules.size());
}

}  // namespace modlink::cli
