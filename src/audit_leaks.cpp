// SPDX-License-Identifier: MIT
#include "modlink/audit_leaks.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <utility>

#include "modlink/error.h"
#include "modlink/json.h"
#include "modlink/license.h"
#include "modlink/memory_budget.h"
#include "modlink/opened_module.h"
#include "modlink/parallel.h"

namespace modlink {

namespace {

// What a module's DWARF says it uses.
struct ModuleCode {
    bool has_dwarf = false;
    bool gpl_incompatible = false;
    std::set<std::string> header_functions;
    std::string problem;  // why its DWARF could not be read
};

ModuleCode read_module_code(const AuditedModule& am, MemoryBudget& budget) {
    ModuleCode c;
    if (!am.unreadable.empty()) return c;
    MemoryBudget::Lease lease = budget.take_file(am.path);
    try {
        ParseOptions parse;
        parse.keep_modinfo = false;
        OpenedModule opened(am.path, parse);
        const Module& m = opened.module();
        c.gpl_incompatible = modpost_gpl_incompatible(m.licenses) || loader_proprietary(m.licenses, m.name);
        ExplainOptions opts;
        opts.list_code_functions = true;
        Explanation e = opened.explain({}, opts);
        c.has_dwarf = e.has_dwarf;
        for (const UsedFunction& f : header_functions_used(e.code_functions)) c.header_functions.insert(f.function);
    } catch (const Error& e) {
        c.problem = e.describe();
    }
    return c;
}

}  // namespace

AuditLeaks find_audit_leaks(const AuditResult& audit, const std::vector<LeakIndex>& indexes,
                            const std::vector<std::string>& index_files, int jobs) {
    AuditLeaks out;
    out.indexed.assign(audit.kernels.size(), "");
    std::vector<const LeakIndex*> by_kernel(audit.kernels.size(), nullptr);
    for (std::size_t i = 0; i < indexes.size(); ++i) {
        const LeakIndex& x = indexes[i];
        const std::string& path = index_files.at(i);
        std::size_t k = 0;
        while (k < audit.kernels.size() && (x.release.empty() || audit.kernels[k].release != x.release)) ++k;
        if (k == audit.kernels.size())
            throw Error(path, "a leak index of " + (x.release.empty() ? std::string("an unknown release") : x.release) +
                                  ", which no --kernel of the audit is");
        if (by_kernel[k]) throw Error(path, "a second leak index of " + x.release);
        by_kernel[k] = &x;
        out.indexed[k] = x.release;
    }

    std::vector<ModuleCode> code(audit.modules.size());
    MemoryBudget budget(kDwarfReadingBudget);
    parallel_for(audit.modules.size(), jobs,
                 [&](std::size_t m) { code[m] = read_module_code(audit.modules[m], budget); });
    for (const ModuleCode& c : code) {
        out.gpl_incompatible.push_back(c.gpl_incompatible);
        out.has_dwarf.push_back(c.has_dwarf);
        out.problems.push_back(c.problem);
    }

    out.leaks.assign(audit.kernels.size(), std::vector<std::vector<InlineLeak>>(audit.modules.size()));
    const LeakIndex* previous = nullptr;
    for (std::size_t k = 0; k < audit.kernels.size(); ++k) {
        const LeakIndex* x = by_kernel[k];
        if (!x) continue;
        std::set<std::pair<std::string, std::string>> before;  // of the function bodies, as below
        if (previous)
            for (const LeakEntry& e : previous->leaks)
                if (leaks_in_most_users(e)) before.emplace(e.function, e.symbol);
        for (std::size_t m = 0; m < audit.modules.size(); ++m)
            for (const LeakEntry& e : x->leaks)  // most modules first
                // What the function's body does, not an argument some
                // module computed inside it (leak_index.h).
                if (leaks_in_most_users(e) && code[m].header_functions.count(e.function))
                    out.leaks[k][m].push_back({e.function, e.file, e.line, e.symbol, e.chain,
                                               previous && !before.count({e.function, e.symbol})});
        previous = x;
    }
    return out;
}

std::string render_audit_leaks_text(const AuditResult& audit, const AuditLeaks& leaks) {
    std::string indexed;
    for (const std::string& r : leaks.indexed)
        if (!r.empty()) indexed += (indexed.empty() ? "" : ", ") + r;
    std::string o = "\n== Header functions that leak (leak indexes of " + indexed +
                    "; after the first, only what is new)\n";
    for (std::size_t m = 0; m < audit.modules.size(); ++m) {
        if (!audit.modules[m].unreadable.empty()) continue;
        o += "-- " + audit.modules[m].path;
        if (!leaks.problems[m].empty()) {
            o += ": cannot say, " + leaks.problems[m] + "\n";
            continue;
        }
        if (!leaks.has_dwarf[m]) {
            o += ": no DWARF, nothing to say (build with ccflags-y += -g)\n";
            continue;
        }
        o += leaks.gpl_incompatible[m] ? " (GPL-incompatible: refused where rebuilt)\n" : " (GPL-compatible: allowed)\n";
        // The first kernel with an index: all its leaks; each later one:
        // what is new since the one before (JSON has them all).
        bool any = false, baseline = true;
        for (std::size_t k = 0; k < audit.kernels.size(); ++k) {
            if (leaks.indexed[k].empty()) continue;
            for (const InlineLeak& l : leaks.leaks[k][m]) {
                if (!baseline && !l.is_new) continue;
                o += fmt::format("  {}: {}() {}:{} -> {}{}\n      {}\n", leaks.indexed[k], l.function, l.file, l.line,
                                 l.symbol, l.is_new ? " (new)" : "", chain_text(l.chain));
                any = true;
            }
            baseline = false;
        }
        if (!any) o += "  none of its header functions leaks\n";
    }
    return o;
}

Json audit_leaks_json(const AuditResult& audit, const AuditLeaks& leaks, std::size_t module) {
    if (!leaks.has_dwarf.at(module)) return Json(nullptr);  // nothing can be said
    Json out = Json::array();
    for (std::size_t k = 0; k < audit.kernels.size(); ++k)
        for (const InlineLeak& l : leaks.leaks[k][module])
            out.push_back(Json{{"kernel", leaks.indexed[k]},
                               {"function", l.function},
                               {"file", l.file},
                               {"line", l.line},
                               {"symbol", l.symbol},
                               {"chain", l.chain},
                               {"new", l.is_new}});
    return out;
}

}  // namespace modlink
