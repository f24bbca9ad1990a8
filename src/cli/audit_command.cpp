// SPDX-License-Identifier: MIT
// `modlink audit`: modules against several kernels, one verdict per pair.
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "output_choice.h"
#include "modlink/audit.h"
#include "modlink/error.h"

namespace modlink::cli {

namespace {

constexpr const char* kUsage = R"(usage: modlink audit MODULE|DIR... --kernel PATH [--kernel PATH]...
                     [--symvers FILE]... [--rebuilt] [--format text|json]
                     [-j N] [--color auto|always|never]

Checks the modules against every kernel given, as `modlink check` would
against each one, and prints a table (a row per module, a column per
kernel: ok, or how many errors and warnings), then each kernel's findings.

  MODULE|DIR       .ko, .ko.zst, .ko.xz, .ko.gz or .o files, or directories
                   searched for them
  --kernel PATH    a kernel as `modlink check` takes it: a headers/build tree,
                   a module tree, a Module.symvers or symvers-*.gz, or a
                   vmlinux (repeat once per kernel; columns keep this order)
  --symvers FILE   more exports for every kernel, like KBUILD_EXTRA_SYMBOLS
  --rebuilt        judge each module as if rebuilt against each kernel: skip
                   vermagic and CRC comparisons, keep symbols, GPL-only,
                   namespaces and licenses. The kernels' own header inlines
                   may still pull in other symbols in a real rebuild.
  --format FMT     text (default) or json (schema 1)
  -j, --jobs N     worker threads (default: all cores; output is the same)
  --color WHEN     color text output: auto (default), always, never
  -v, --verbose    say what was read and how long each step took (stderr)

Exit status: 0 every module passes on every kernel, 1 an error-severity
finding on some kernel, 2 the audit could not be done (usage or input error).
)";

}  // namespace

int run_audit(int argc, char** argv, int first) {
    Args args(argc, argv, first);
    AuditRequest req;
    OutputChoice output;
    while (!args.done()) {
        if (args.flag("--help", "-h")) {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (auto v = args.value("--kernel", "-k")) {
            req.kernels.push_back(*v);
        } else if (auto v = args.value("--symvers")) {
            req.extra_symvers.push_back(*v);
        } else if (args.flag("--rebuilt")) {
            req.as_rebuilt = true;
        } else if (auto v = args.value("--jobs", "-j")) {
            req.jobs = parse_jobs(*v);
        } else if (args.flag("--verbose", "-v")) {
            enable_verbose_log();
        } else if (output.consume(args)) {
        } else if (std::string p = args.positional(); !p.empty()) {
            req.modules.push_back(p);
        }
    }
    if (output.format == OutputFormat::Sarif) throw Error("", "audit writes text or json, not sarif");
    if (req.kernels.empty()) throw Error("", "no kernel given (see modlink audit --help)");
    if (req.modules.empty()) throw Error("", "no modules given (see modlink audit --help)");
    AuditResult result = audit_modules(req);
    output.print([&](bool color) { return render_audit_text(result, color); }, [&] { return render_audit_json(result); },
                 [&] { return std::string(); });
    return result.any_error() ? 1 : 0;
}

}  // namespace modlink::cli
