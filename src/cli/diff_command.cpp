// SPDX-License-Identifier: MIT
// `modlink diff`: the exports of two kernels compared.
#include <cstdio>

#include "args.h"
#include "kernel_argument.h"
#include "commands.h"
#include "output_choice.h"
#include "modlink/error.h"
#include "modlink/command_inputs.h"
#include "modlink/kernel_diff.h"

namespace modlink::cli {

namespace {

constexpr const char* kUsage = R"(usage: modlink diff OLD_KERNEL NEW_KERNEL [--crc] [--format text|json] [-j N]
                    [--color auto|always|never]

Compares the exports of two kernels (each a headers/build tree, a module
tree, a Module.symvers or symvers-*.gz, or a vmlinux, as `modlink check
--kernel` takes it): symbols removed (-) and added (+), and changes (~) of
CRC, EXPORT_SYMBOL vs EXPORT_SYMBOL_GPL, namespace and exporting module,
one line each with what it means for modules built against OLD_KERNEL, then
a summary line. CRCs are compared only when both kernels use modversions;
their changes are one counting line, since a stable update changes
thousands of them.

  --crc            list CRC changes symbol by symbol too
  --format FMT     text (default) or json (schema 1, every change, CRCs included)
  -j, --jobs N     worker threads for reading module trees
  --color WHEN     color text output: auto (default), always, never
  -v, --verbose    say what was read and how long each step took (stderr)

Exit status: 0 the exports are the same, 4 they differ, 2 the comparison
could not be done (usage or input error).
)";

Kernel load_index(const std::string& path, int jobs) {
    InputRequest req;
    req.kernel = path;
    req.index_only = true;
    req.jobs = jobs;
    req.parse.keep_modinfo = false;
    return std::move(load_inputs(req).kernel);
}

}  // namespace

int run_diff(int argc, char** argv, int first) {
    Args args(argc, argv, first);
    OutputChoice output;
    KernelFetchChoice fetch;
    int jobs = 0;
    bool list_crcs = false;
    std::vector<std::string> kernels;
    while (!args.done()) {
        if (help_asked(args, kUsage)) return 0;
        if (args.flag("--crc")) {
            list_crcs = true;
        } else if (auto v = args.value("--jobs", "-j")) {
            jobs = parse_jobs(*v);
        } else if (args.flag("--verbose", "-v")) {
            enable_verbose_log();
        } else if (fetch.consume(args)) {
        } else if (output.consume(args)) {
        } else if (std::string p = args.positional(); !p.empty()) {
            kernels.push_back(p);
        }
    }
    if (output.format == OutputFormat::Sarif) throw Error("", "diff writes text or json, not sarif");
    if (kernels.size() != 2) throw Error("", "diff takes two kernels, OLD and NEW (see modlink diff --help)");
    kernels = resolve_kernel_arguments(kernels, fetch);
    Kernel before = load_index(kernels[0], jobs);
    Kernel after = load_index(kernels[1], jobs);
    KernelDiff d = diff_exports(before, after);
    output.print([&](bool color) { return render_diff_text(d, color, list_crcs); }, [&] { return render_diff_json(d); },
                 [&] { return std::string(); });
    return d.changes.empty() ? 0 : 4;
}

}  // namespace modlink::cli
