// SPDX-License-Identifier: MIT
#include "modlink/audit.h"

#include "modlink/checks.h"
#include "modlink/error.h"
#include "modlink/inputs.h"
#include "modlink/parallel.h"

namespace modlink {

bool AuditResult::any_error() const {
    for (const AuditedKernel& k : kernels)
        for (const auto& list : k.findings)
            for (const Finding& f : list)
                if (f.severity == Severity::Error) return true;
    return false;
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
        if (result.modules.empty())
            for (const Module& m : in.modules) result.modules.push_back({m.path, m.name});
        AuditedKernel k{path, in.kernel.release, {}};
        k.findings.resize(in.modules.size());
        parallel_for(in.modules.size(), req.jobs,
                     [&](std::size_t i) { k.findings[i] = check_module(in.modules[i], in.kernel); });
        result.kernels.push_back(std::move(k));
    }
    return result;
}

}  // namespace modlink
