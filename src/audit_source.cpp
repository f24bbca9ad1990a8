// SPDX-License-Identifier: MIT
// audit --source as a whole: the request checked, the roots readied, one
// build per kernel (in parallel), the table's rows; a cell's verdict.
#include "modlink/audit_source.h"

#include <algorithm>
#include <filesystem>

#include "modlink/audit_source_build.h"
#include "modlink/audit_source_root.h"
#include "modlink/error.h"
#include "modlink/parallel.h"

namespace modlink {

namespace fs = std::filesystem;

const SourceModuleResult* KernelBuildResult::find_module(const std::string& name) const {
    for (const SourceModuleResult& m : modules)
        if (m.name == name) return &m;
    return nullptr;
}

CellVerdict SourceAudit::verdict(std::size_t m, std::size_t k) const {
    const KernelBuildResult& kb = kernels[k];
    const SourceModuleResult* r = kb.find_module(modules[m]);
    if (!r) return kb.build_failed ? CellVerdict::BuildFailed : CellVerdict::Error;
    bool error = r->refused, warning = false;
    for (const Finding& f : r->findings) (f.severity == Severity::Error ? error : warning) = true;
    return error ? CellVerdict::Error : warning ? CellVerdict::Warning : CellVerdict::Ok;
}

bool SourceAudit::any_error() const {
    for (const KernelBuildResult& k : kernels)
        if (k.build_failed) return true;
    for (std::size_t m = 0; m < modules.size(); ++m)
        for (std::size_t k = 0; k < kernels.size(); ++k)
            if (verdict(m, k) == CellVerdict::Error || verdict(m, k) == CellVerdict::BuildFailed) return true;
    return false;
}

namespace {

// Each kernel's root, made canonical; "" for a kernel built on this system.
std::vector<std::string> roots_of(const SourceAuditRequest& req) {
    std::vector<std::string> roots = req.roots;
    roots.resize(req.kernels.size());
    for (std::string& root : roots) {
        if (root.empty()) continue;
        if (!fs::is_directory(root)) throw Error(root, "not a directory (--root)");
        root = fs::canonical(root).string();
    }
    return roots;
}

// Every kernel must be a tree Kbuild can build against.
void require_kernel_trees(const SourceAuditRequest& req, const std::vector<std::string>& roots) {
    for (std::size_t i = 0; i < req.kernels.size(); ++i) {
        const std::string& k = req.kernels[i];
        if (!fs::exists(fs::path(rooted_path(roots[i], k).host) / "Makefile"))
            throw Error(k, "not a kernel headers or build tree (no Makefile)");
    }
}

// The table's rows: every module any build produced, in first-seen order.
std::vector<std::string> module_rows(const std::vector<KernelBuildResult>& kernels) {
    std::vector<std::string> rows;
    for (const KernelBuildResult& k : kernels)
        for (const SourceModuleResult& m : k.modules)
            if (std::find(rows.begin(), rows.end(), m.name) == rows.end()) rows.push_back(m.name);
    return rows;
}

}  // namespace

SourceAudit audit_source(const SourceAuditRequest& req) {
    if (!fs::is_directory(req.source_dir)) throw Error(req.source_dir, "not a directory");
    std::vector<std::string> roots = roots_of(req);
    require_kernel_trees(req, roots);
    RootMounts mounts(roots);
    SourceAudit a;
    a.kernels.resize(req.kernels.size());
    parallel_for(req.kernels.size(), req.jobs,
                 [&](std::size_t i) { a.kernels[i] = build_for_kernel(req, req.kernels[i], roots[i]); });
    a.modules = module_rows(a.kernels);
    return a;
}

}  // namespace modlink
