// SPDX-License-Identifier: MIT
// `modlink audit`: modules against several kernels, one verdict per pair.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "args.h"
#include "kernel_argument.h"
#include "commands.h"
#include "unreadable_modules.h"
#include "output_choice.h"
#include "modlink/audit.h"
#include "modlink/audit_source.h"
#include "modlink/audit_source_report.h"
#include "modlink/error.h"
#include "modlink/command_inputs.h"
#include "modlink/audit_leaks.h"
#include "modlink/debian_kernel_spec.h"
#include "modlink/leak_history.h"
#include "modlink/toolchain_root.h"

namespace modlink::cli {

namespace {

constexpr const char* kUsage = R"(usage: modlink audit MODULE|DIR... --kernel PATH [--kernel PATH]...
                     [--symvers FILE]... [--rebuilt] [--leaks FILE]... [--format text|json]
                     [-j N] [--color auto|always|never]
       modlink audit --source DIR --kernel HEADERS [--kernel HEADERS]...
                     [--root DIR | --toolchain] [--cc CC] [--make-arg ARG]...
                     [-j N] [--format text|json|sarif|markdown]

Checks the modules against every kernel given, as `modlink check` would
against each one, and prints a table (a row per module, a column per
kernel: ok, or how many errors and warnings), then each kernel's findings.

  MODULE|DIR       .ko, .ko.zst, .ko.xz, .ko.gz or .o files, or directories
                   searched for them
  -k, --kernel PATH
                   a kernel as `modlink check` takes it: a headers/build tree,
                   a module tree, a Module.symvers or symvers-*.gz, or a
                   vmlinux (repeat once per kernel; columns keep this order)
  --symvers FILE   more exports for every kernel, like KBUILD_EXTRA_SYMBOLS
  --rebuilt        judge each module as if rebuilt against each kernel: skip
                   vermagic and CRC comparisons, keep symbols, GPL-only,
                   namespaces and licenses. The kernels' own header inlines
                   may still pull in other symbols in a real rebuild.
  --leaks FILE     a saved leak index (modlink leaks --format json) of one
                   of the kernels (repeatable): after the findings, the
                   header functions each module's code holds (from its
                   DWARF) that leak a GPL-only symbol on that kernel, "new"
                   where the kernel before it with an index had no such
                   leak: what refuses a GPL-incompatible module once rebuilt
  --format FMT     text (default) or json (schema 1)
  -j, --jobs N     worker threads (default: all cores; output is the same)
  --color WHEN     color text output: auto (default), always, never
  -v, --verbose    say what was read and how long each step took (stderr)

With --source, DIR is a module's source: for each headers tree it is copied
to a scratch directory and built with Kbuild (make -C HEADERS M=COPY
modules) with modlink as modpost in keep-going mode, so every module gets a
verdict; each built module is then checked and explained against that
kernel. A build that fails before modpost is that kernel's verdict,
build-failed, with the compiler's first error line.

  --source DIR     the source to build (it is never written to)
  --root DIR       build for the --kernel before it inside this chroot,
                   where that kernel's compiler lives (its /proc and /dev
                   are bind-mounted for the build when they are not)
  --toolchain      build for each --kernel debian:SUITE in a minimal root of
                   that suite with the kernel's headers package installed by
                   its apt, which brings the kernel's own compiler; made once
                   with debootstrap and kept in $XDG_CACHE_HOME/modlink/
                   toolchains (needs root and debootstrap)
  --cc CC          the compiler (default: each tree's own, from
                   CONFIG_CC_VERSION_TEXT; named when it is not installed)
  --make-arg ARG   one more word for make's command line (repeatable)
  -j, --jobs N     builds at once (default 1)
  --format FMT     also sarif (one run per kernel) and markdown (a CI
                   job summary)

Exit status: 0 every module passes on every kernel, 1 an error-severity
finding on some kernel, 2 the audit could not be done (usage or input error).
)";

// --toolchain, before anything is fetched: roots can be made here, and
// each debian: kernel is one a root of its suite can build for.
void check_toolchain_request(const std::vector<std::string>& kernels, const SourceAuditRequest& source) {
    if (source.source_dir.empty()) throw Error("", "--toolchain goes with --source");
    bool any = false;
    for (std::size_t i = 0; i < kernels.size(); ++i) {
        if (!is_debian_kernel_spec(kernels[i])) continue;
        any = true;
        if (i < source.roots.size() && !source.roots[i].empty())
            throw Error(source.roots[i], "--root and --toolchain both name a root for " + kernels[i]);
        require_toolchain_architecture(parse_debian_kernel_spec(kernels[i]));
    }
    if (!any) throw Error("", "--toolchain makes roots for --kernel debian:SUITE kernels, and none was given");
    require_toolchain_prerequisites();
}

// --toolchain: each debian: kernel is built for in its suite's root, from
// the headers the root's apt installed there. Returns the roots held for
// the builds (see use_toolchain_root).
std::vector<std::shared_ptr<void>> use_toolchains(const std::vector<ResolvedKernel>& kernels, const KernelFetchChoice& fetch,
                                                  SourceAuditRequest& source, std::vector<std::string>& paths) {
    ToolchainOptions options;
    options.cache_root = toolchain_cache_directory();
    options.archive = fetch.options().archive;
    options.progress = ::isatty(STDERR_FILENO) != 0;
    source.roots.resize(kernels.size());
    for (std::size_t i = 0; i < kernels.size(); ++i) {
        if (!kernels[i].spec) continue;
        ToolchainKernel t = toolchain_for(*kernels[i].spec, *kernels[i].fetched, options);
        source.roots[i] = t.root;
        paths[i] = t.root + t.headers;
    }
    std::vector<std::shared_ptr<void>> held;
    std::vector<std::string> roots = source.roots;
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    for (const std::string& root : roots)
        if (root.starts_with(options.cache_root + "/")) held.push_back(use_toolchain_root(root, options.progress));
    return held;
}

}  // namespace

int run_audit(int argc, char** argv, int first) {
    Args args(argc, argv, first);
    AuditRequest req;
    OutputChoice output;
    KernelFetchChoice fetch;
    SourceAuditRequest source;
    bool markdown = false, jobs_given = false, toolchain = false;
    std::vector<std::string> leak_files;
    while (!args.done()) {
        if (help_asked(args, kUsage)) return 0;
        if (auto v = args.value("--kernel", "-k")) {
            req.kernels.push_back(*v);
        } else if (auto v = args.value("--symvers")) {
            req.extra_symvers.push_back(*v);
        } else if (auto v = args.value("--leaks")) {
            leak_files.push_back(*v);
        } else if (args.flag("--rebuilt")) {
            req.as_rebuilt = true;
        } else if (auto v = args.value("--source")) {
            source.source_dir = *v;
        } else if (auto v = args.value("--root")) {
            // The chroot of the --kernel given before it.
            if (req.kernels.empty()) throw Error("", "--root goes after the --kernel whose build it hosts");
            source.roots.resize(req.kernels.size());
            source.roots.back() = *v;
        } else if (args.flag("--toolchain")) {
            toolchain = true;
        } else if (auto v = args.value("--cc")) {
            source.cc = *v;
        } else if (auto v = args.value("--make-arg")) {
            source.make_args.push_back(*v);
        } else if (auto v = args.value("--format")) {
            if (*v == "markdown") markdown = true;
            else if (*v == "text") output.format = OutputFormat::Text;
            else if (*v == "json") output.format = OutputFormat::Json;
            else if (*v == "sarif") output.format = OutputFormat::Sarif;
            else throw Error("", "unknown format '" + *v + "' (text, json, sarif or markdown)");
        } else if (auto v = args.value("--jobs", "-j")) {
            req.jobs = parse_jobs(*v);
            jobs_given = true;
        } else if (args.flag("--verbose", "-v")) {
            enable_verbose_log();
        } else if (fetch.consume(args)) {
        } else if (output.consume(args)) {
        } else if (std::string p = args.positional(); !p.empty()) {
            req.modules.push_back(p);
        }
    }
    if (toolchain) check_toolchain_request(req.kernels, source);
    std::vector<ResolvedKernel> kernels = resolve_kernels(req.kernels, fetch);
    req.kernels.clear();
    for (const ResolvedKernel& k : kernels) req.kernels.push_back(k.path);
    if (!source.source_dir.empty()) {
        std::vector<std::shared_ptr<void>> roots_held;
        if (toolchain) roots_held = use_toolchains(kernels, fetch, source, req.kernels);
        if (!req.modules.empty()) throw Error("", "--source builds its modules; give no MODULE|DIR with it");
        if (!leak_files.empty()) throw Error("", "--leaks goes with modules, not --source");
        if (req.kernels.empty()) throw Error("", "no kernel given (see modlink audit --help)");
        source.kernels = req.kernels;
        source.jobs = jobs_given ? req.jobs : 1;
        source.modpost = std::filesystem::read_symlink("/proc/self/exe").string();
        SourceAudit result = audit_source(source);
        std::string out = markdown ? render_source_audit_markdown(result)
                          : output.format == OutputFormat::Json  ? render_source_audit_json(result)
                          : output.format == OutputFormat::Sarif ? render_source_audit_sarif(result)
                                                                 : render_source_audit_text(result);
        std::fwrite(out.data(), 1, out.size(), stdout);
        return result.any_error() ? 1 : 0;
    }
    if (!source.cc.empty() || !source.make_args.empty()) throw Error("", "--cc and --make-arg go with --source");
    // Read before the audit: a bad file is said before the work.
    std::vector<LeakIndex> leak_indexes = read_leak_indexes(leak_files);
    if (markdown) throw Error("", "--format markdown goes with --source");
    if (output.format == OutputFormat::Sarif) throw Error("", "audit writes text or json, not sarif");
    if (req.kernels.empty()) throw Error("", "no kernel given (see modlink audit --help)");
    if (req.modules.empty()) throw Error("", "no modules given (see modlink audit --help)");
    AuditResult result = audit_modules(req);
    std::optional<AuditLeaks> leaks;
    if (!leak_files.empty()) leaks = find_audit_leaks(result, leak_indexes, leak_files, req.jobs);
    const AuditLeaks* shown_leaks = leaks ? &*leaks : nullptr;
    std::size_t unreadable = result.unreadable_count();
    // With no module read there is no table to show, only the errors.
    if (unreadable < result.modules.size() || output.format != OutputFormat::Text)
        output.print([&](bool color) { return render_audit_text(result, color, shown_leaks); },
                     [&] { return render_audit_json(result, shown_leaks); }, [&] { return std::string(); });
    // Each unreadable module's error line once, not once per kernel (its
    // row says "unreadable").
    if (output.format == OutputFormat::Text)
        for (const AuditedModule& m : result.modules)
            if (!m.unreadable.empty()) print_unreadable(unreadable_module_finding({m.path, m.unreadable, 0}));
    return check_exit_status(result.any_error(), unreadable, result.modules.size() - unreadable);
}

}  // namespace modlink::cli
