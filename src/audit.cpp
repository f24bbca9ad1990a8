// SPDX-License-Identifier: MIT
#include "modlink/audit.h"

#include "modlink/checks.h"
#include "modlink/error.h"
#include "modlink/command_inputs.h"
#include "modlink/parallel.h"

namespace modlink {

bool AuditResult::any_error() const {
    for (const AuditedKernel& k : kernels)
        for (const auto& list : k.findings)
            for (const Finding& f : list)
                if (f.severity == Severity::Error) return true;
    return false;
}

std::size_t AuditResult::unreadable_count() const {
    std::size_t n = 0;
    for (const AuditedModule& m : modules) n += !m.unreadable.empty();
    return n;
}

AuditResult audit_modules(const AuditRequest& req) {
    if (req.kernels.empty()) throw Error("", "no kernel given (--kernel PATH, once per kernel)");
    if (req.modules.empty()) throw Error("", "no modules given");
    AuditResult result;
    // Kernels one after another: each index is large, and only one is
    // needed at a time. The modules are re-read with each kernel because
    // load_inputs indexes them together (their own exports resolve each
    // other's imports); reading modules is cheap next to a kernel.
    for (const std::string& path : req.kernels) {
        InputRequest in_req;
        in_req.kernel = path;
        in_req.modules = req.modules;
        in_req.extra_symvers = req.extra_symvers;
        in_req.jobs = req.jobs;
        in_req.parse.keep_modinfo = false;
        LoadedInputs in = load_inputs(in_req);
        if (req.as_rebuilt) {
            in.kernel.vermagic.clear();
            in.kernel.modversions = Modversions::No;
        }
        std::vector<std::vector<Finding>> per_module(in.modules.size());
        parallel_for(in.modules.size(), req.jobs,
                     [&](std::size_t i) { per_module[i] = check_module(in.modules[i], in.kernel); });
        // Rows in input order, each unreadable module in its place (the
        // same files with every kernel, so the rows are set once).
        AuditedKernel k{path, in.kernel.release, {}};
        bool first_kernel = result.modules.empty();
        auto next_unreadable = in.unreadable.begin();
        for (std::size_t readable = 0; readable < in.modules.size() || next_unreadable != in.unreadable.end();) {
            if (next_unreadable != in.unreadable.end() && next_unreadable->position == k.findings.size()) {
                if (first_kernel)
                    result.modules.push_back({next_unreadable->path, module_name_from_path(next_unreadable->path),
                                              next_unreadable->problem});
                k.findings.push_back({unreadable_module_finding(*next_unreadable++)});
                continue;
            }
            if (first_kernel) result.modules.push_back({in.modules[readable].path, in.modules[readable].name, {}});
            k.findings.push_back(std::move(per_module[readable++]));
        }
        result.kernels.push_back(std::move(k));
    }
    return result;
}

}  // namespace modlink
