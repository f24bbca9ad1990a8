// SPDX-License-Identifier: MIT
// Audit: the same modules checked against several kernels at once, the
// question a vendor asks before a release ("on which of the kernels we
// support does this module load, and why not on the others?").
#pragma once

#include <string>
#include <vector>

#include "modlink/findings.h"
#include "modlink/report.h"

namespace modlink {

struct AuditRequest {
    std::vector<std::string> kernels;        // one --kernel PATH each, in order
    std::vector<std::string> modules;        // module files or directories
    std::vector<std::string> extra_symvers;  // added to every kernel
    int jobs = 0;
    // Judge each module as if rebuilt against each kernel: vermagic and
    // CRCs (modversions, module_layout) are not compared, so only what the
    // code references counts (symbols, GPL-only, namespaces, licenses).
    bool as_rebuilt = false;
};

struct AuditedKernel {
    std::string path;     // as given
    std::string release;  // "" when unknown
    // One list per module, in AuditResult::modules order.
    std::vector<std::vector<Finding>> findings;
};

struct AuditedModule {
    std::string path;  // as found (a directory expands to its modules)
    std::string name;
    // Non-empty when the module could not be read: each kernel's findings
    // for it are then that one unreadable-module finding.
    std::string unreadable;
};

struct AuditResult {
    std::vector<AuditedModule> modules;
    std::vector<AuditedKernel> kernels;
    bool any_error() const;
    std::size_t unreadable_count() const;
};

// Loads each kernel in turn and checks every module against it. Throws
// Error for an unreadable kernel or --symvers file, naming the file; a
// module that cannot be read is an AuditedModule with `unreadable` set.
AuditResult audit_modules(const AuditRequest& req);

struct AuditLeaks;  // audit_leaks.h

// A module × kernel table of verdicts, then each kernel's findings, then
// (with leak indexes) the header functions that leak.
std::string render_audit_text(const AuditResult& r, bool color, const AuditLeaks* leaks = nullptr);
// {"schema": 1, "command": "audit", "kernels": [...], "modules": [...]};
// with leak indexes each module has "inline_leaks".
std::string render_audit_json(const AuditResult& r, const AuditLeaks* leaks = nullptr);

}  // namespace modlink
