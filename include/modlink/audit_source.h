// SPDX-License-Identifier: MIT
// Source audit: "will my source build and load against each of these
// kernels, and if not, why?" For each headers tree the source is copied to a
// scratch directory and built with Kbuild, with modlink as its modpost in
// keep-going mode, so every module gets a verdict; then each built module is
// checked and explained against that kernel. A build that fails before
// modpost (a compiler error, a missing compiler) is its own verdict.
// One kernel's build is audit_source_build.h; a kernel in a chroot,
// audit_source_root.h; the renderers, audit_source_report.h.
#pragma once

#include <string>
#include <vector>

#include "modlink/explain_options.h"
#include "modlink/findings.h"

namespace modlink {

struct SourceAuditRequest {
    std::string source_dir;
    std::vector<std::string> kernels;    // headers/build trees, in column order
    // --root: the chroot each kernel's build runs in ("" = this system),
    // one per kernel. A kernel path may be given inside the root or with it.
    std::vector<std::string> roots;
    std::string cc;                      // --cc: "" = each tree's own compiler (CONFIG_CC_VERSION_TEXT)
    std::vector<std::string> make_args;  // --make-arg, appended to make's command line
    std::string modpost;                 // the drop-in to build with (modlink itself)
    int jobs = 1;                        // builds at once
    ExplainOptions explain;
};

enum class CellVerdict { Ok, Warning, Error, BuildFailed };

struct SourceModuleResult {
    std::string name;     // the module's name (its path below the source, no suffix)
    bool refused = false;  // modpost's keep-going verdict
    std::vector<Finding> findings;        // check + explain on the built object or .ko
    std::vector<std::string> modpost_lines;  // what modpost printed for it
};

struct KernelBuildResult {
    std::string kernel;   // as given
    std::string release;  // "" when unknown
    std::string compiler;  // what CC was
    bool build_failed = false;
    std::string failure;   // the first compiler error line, or why the build could not run
    std::string era;       // the drop-in era that ran ("" when the tree's own modpost did)
    std::vector<SourceModuleResult> modules;
    // The module of that name, nullptr when this build did not produce it.
    const SourceModuleResult* find_module(const std::string& name) const;
};

struct SourceAudit {
    std::vector<std::string> modules;  // rows: every module any build produced, first-seen order
    std::vector<KernelBuildResult> kernels;
    CellVerdict verdict(std::size_t module, std::size_t kernel) const;
    bool any_error() const;
};

// Throws Error for a source directory or kernel that cannot be used at all;
// a build that fails is a result, not an error.
SourceAudit audit_source(const SourceAuditRequest& req);

}  // namespace modlink
