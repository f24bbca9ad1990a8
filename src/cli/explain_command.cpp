// SPDX-License-Identifier: MIT
// `modlink explain MODULE [SYMBOL...]`: for each finding of `check` (or each
// symbol named), where the module references the symbol and through which
// chain of inlined kernel functions.
#include <cstdio>
#include <optional>

#include "args.h"
#include "kernel_argument.h"
#include "commands.h"
#include "output_choice.h"
#include "modlink/checks.h"
#include "modlink/error.h"
#include "modlink/explain.h"
#include "modlink/explain_report.h"
#include "modlink/leak_history.h"
#include "modlink/command_inputs.h"

namespace modlink::cli {

namespace {

constexpr const char* kUsage = R"(usage: modlink explain MODULE [SYMBOL...] [--kernel PATH] [--symvers FILE]...
                       [--debug-dir DIR]... [--prefix-map OLD=NEW]... [--leaks FILE]...
                       [--format text|json|sarif] [--color auto|always|never]

For each finding of `modlink check` on MODULE (or each SYMBOL named), shows
every place the module references the symbol: the relocation site, the
function holding it, and with DWARF the chain of inlined kernel functions
(file and line of each, innermost first) down to the module's own source
line, plus a one-line verdict: called directly, or pulled in by a kernel
inline.

  MODULE             a .ko (or .ko.zst, .ko.xz, .ko.gz, .o)
  SYMBOL             explain these symbols only; with SYMBOLs and no
                     --kernel, no kernel is read (no findings, just sites)
  -k, --kernel PATH  the kernel to check against (see modlink check --help;
                     default: /lib/modules/$(uname -r))
  --symvers FILE     more exports, like KBUILD_EXTRA_SYMBOLS (repeatable)
  --debug-dir DIR    where separate debug files live (repeatable): searched
                     by build ID (DIR/.build-id/xx/rest.debug), by module
                     tree path (DIR/lib/modules/RELEASE/...) and by name,
                     before /usr/lib/debug
  --prefix-map OLD=NEW
                     show source paths under OLD as NEW (repeatable)
  --leaks FILE       a saved leak index (modlink leaks --format json;
                     repeatable): says since which of those kernels the
                     header inline behind each finding pulls the symbol in
  --format FMT       text (default), json (schema 1) or sarif (2.1.0)
  --color WHEN       color text output: auto (default), always, never
  -j, --jobs N       worker threads for reading the kernel's module tree
  -v, --verbose      say what was read and how long each step took (stderr)

Without DWARF in the module or a debug file, the answer is function-level
(from the symbol table) and says how to get DWARF.

Exit status: 0 no error-severity finding, 1 an error-severity finding or a
SYMBOL the module does not reference, 2 the job could not be done (usage or
input error).
)";

}  // namespace

int run_explain(int argc, char** argv, int first) {
    Args args(argc, argv, first);
    InputRequest req;
    req.parse.keep_modinfo = false;
    ExplainOptions opts;
    OutputChoice output;
    KernelFetchChoice fetch;
    bool kernel_given = false;
    std::vector<std::string> positional;
    std::vector<std::string> leak_files;
    while (!args.done()) {
        if (help_asked(args, kUsage)) return 0;
        if (auto v = args.value("--kernel", "-k")) {
            req.kernel = *v;
            kernel_given = true;
        } else if (auto v = args.value("--symvers")) {
            req.extra_symvers.push_back(*v);
        } else if (auto v = args.value("--debug-dir")) {
            opts.debug_dirs.push_back(*v);
        } else if (auto v = args.value("--leaks")) {
            leak_files.push_back(*v);
        } else if (auto v = args.value("--prefix-map")) {
            auto eq = v->find('=');
            if (eq == std::string::npos || eq == 0)
                throw Error("", "--prefix-map needs OLD=NEW, got '" + *v + "'");
            opts.prefix_map.emplace_back(v->substr(0, eq), v->substr(eq + 1));
        } else if (fetch.consume(args)) {
        } else if (output.consume(args)) {
        } else if (auto v = args.value("--jobs", "-j")) {
            req.jobs = parse_jobs(*v);
        } else if (args.flag("--verbose", "-v")) {
            enable_verbose_log();
        } else if (std::string p = args.positional(); !p.empty()) {
            positional.push_back(p);
        }
    }
    if (positional.empty()) throw Error("", "no module given (see modlink explain --help)");
    std::optional<LeakHistory> history;
    if (!leak_files.empty()) {
        history.emplace(read_leak_indexes(leak_files));
        opts.leak_history = &*history;
    }
    std::string module_path = positional.front();
    std::vector<std::string> symbols(positional.begin() + 1, positional.end());
    bool symbols_named = !symbols.empty();

    ExplainedModule out;
    out.module = module_path;
    out.module_name = module_name_from_path(module_path);
    ReportContext ctx{"explain", "", "", 1};
    // Named symbols need no kernel unless one is given; findings do.
    if (symbols.empty() || kernel_given) {
        if (!kernel_given) req.kernel = default_kernel_path();
        else req.kernel = resolve_kernel_arguments({req.kernel}, fetch).front();
        req.modules = {module_path};
        LoadedInputs in = load_inputs(req);
        ctx.kernel_path = in.kernel.path;
        ctx.kernel_release = in.kernel.release;
        opts.kernel_release = in.kernel.release;
        for (const Module& m : in.modules) {
            out.module_name = m.name;
            for (Finding& f : check_module(m, in.kernel))
                if (symbols.empty() || f.symbol.empty() ||
                    std::find(symbols.begin(), symbols.end(), f.symbol) != symbols.end())
                    out.findings.push_back(std::move(f));
        }
        if (symbols.empty()) symbols = finding_symbols(out.findings);
    }
    out.explanation = explain_module(module_path, symbols, opts);

    bool any_error = false;
    for (const Finding& f : out.findings) any_error = any_error || f.severity == Severity::Error;
    // A symbol asked about that the module never references is a wrong
    // question, answered in one line (render_explain_text) and exit 1.
    if (symbols_named)
        for (const SymbolExplanation& s : out.explanation.symbols) any_error = any_error || s.groups.empty();
    std::vector<ExplainedModule> mods;
    mods.push_back(std::move(out));
    output.print([&](bool color) { return render_explain_text(mods, color); }, [&] { return render_explain_json(ctx, mods); },
                 [&] { return render_explain_sarif(ctx, mods); });
    return any_error ? 1 : 0;
}

}  // namespace modlink::cli
