// SPDX-License-Identifier: MIT
// How an audit reads: first the table a release manager scans (one row
// per module, one column per kernel), then the findings that explain each
// refusal, kernel by kernel, in the words of `modlink check`.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <cstddef>
#include <string>
#include <vector>

#include "modlink/audit.h"
#include "modlink/audit_leaks.h"
#include "modlink/plural.h"
#include "modlink/json.h"
#include "modlink/report.h"
#include "modlink_config.h"

namespace modlink {

namespace {

struct Tally {
    std::size_t errors = 0, warnings = 0;
};

Tally tally(const std::vector<Finding>& findings) {
    Tally t;
    for (const Finding& f : findings) (f.severity == Severity::Error ? t.errors : t.warnings)++;
    return t;
}


std::string cell(const Tally& t) {
    if (!t.errors && !t.warnings) return "ok";
    if (!t.warnings) return plural(t.errors, "error");
    if (!t.errors) return plural(t.warnings, "warning");
    return plural(t.errors, "error") + ", " + plural(t.warnings, "warning");
}

const char* verdict(const Tally& t) { return t.errors ? "error" : t.warnings ? "warning" : "ok"; }

// An unreadable module's cell and verdict say so, not "1 error".
std::string cell(const AuditedModule& m, const std::vector<Finding>& findings) {
    return m.unreadable.empty() ? cell(tally(findings)) : "unreadable";
}
const char* verdict(const AuditedModule& m, const std::vector<Finding>& findings) {
    return m.unreadable.empty() ? verdict(tally(findings)) : "unreadable";
}

// A column is headed by the kernel's release; a kernel known only by a
// dump has none, and its path is too long for a header: "#N", spelled out
// under the table. A release given twice gets its "#N" too.
std::vector<std::string> kernel_labels(const AuditResult& r) {
    std::map<std::string, int> uses;
    for (const AuditedKernel& k : r.kernels) ++uses[k.release];
    std::vector<std::string> labels;
    for (std::size_t k = 0; k < r.kernels.size(); ++k) {
        const std::string& release = r.kernels[k].release;
        if (release.empty()) labels.push_back(fmt::format("#{}", k + 1));
        else if (uses[release] > 1) labels.push_back(fmt::format("{} #{}", release, k + 1));
        else labels.push_back(release);
    }
    return labels;
}

// A row is headed by the module's name, or its path where two modules
// share a name.
std::vector<std::string> module_labels(const AuditResult& r) {
    std::map<std::string, int> uses;
    for (const AuditedModule& m : r.modules) ++uses[m.name];
    std::vector<std::string> labels;
    for (const AuditedModule& m : r.modules) labels.push_back(uses[m.name] > 1 ? m.path : m.name);
    return labels;
}

std::string pad(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

std::string render_audit_text(const AuditResult& r, bool color, const AuditLeaks* leaks) {
    // Column widths: the widest label or cell of each column.
    std::vector<std::string> columns = kernel_labels(r), rows = module_labels(r);
    std::vector<std::vector<std::string>> cells(r.modules.size());
    std::vector<std::size_t> width(r.kernels.size() + 1, 0);
    width[0] = 6;  // "module"
    for (const std::string& m : rows) width[0] = std::max(width[0], m.size());
    for (std::size_t k = 0; k < r.kernels.size(); ++k) width[k + 1] = columns[k].size();
    for (std::size_t m = 0; m < r.modules.size(); ++m)
        for (std::size_t k = 0; k < r.kernels.size(); ++k) {
            cells[m].push_back(cell(r.modules[m], r.kernels[k].findings[m]));
            width[k + 1] = std::max(width[k + 1], cells[m].back().size());
        }

    std::string o = pad("module", width[0]);
    for (std::size_t k = 0; k < r.kernels.size(); ++k) o += "  " + pad(columns[k], width[k + 1]);
    while (!o.empty() && o.back() == ' ') o.pop_back();
    o += '\n';
    std::size_t loads_everywhere = 0;
    for (std::size_t m = 0; m < r.modules.size(); ++m) {
        std::string row = pad(rows[m], width[0]);
        bool refused = false;
        for (std::size_t k = 0; k < r.kernels.size(); ++k) {
            const std::string& c = cells[m][k];
            bool bad = tally(r.kernels[k].findings[m]).errors > 0;
            refused = refused || bad;
            std::string padded = pad(c, width[k + 1]);
            if (color) padded = (bad ? "\033[1;31m" : c == "ok" ? "\033[32m" : "\033[35m") + c + "\033[0m" +
                                padded.substr(c.size());
            row += "  " + padded;
        }
        while (!row.empty() && row.back() == ' ') row.pop_back();
        o += row + '\n';
        if (!refused) ++loads_everywhere;
    }
    for (std::size_t k = 0; k < r.kernels.size(); ++k)
        if (columns[k].starts_with("#")) o += fmt::format("{}: {}\n", columns[k], r.kernels[k].path);

    // Findings by kernel, then by module: the messages name modules by
    // their loader name, which two files may share.
    for (std::size_t k = 0; k < r.kernels.size(); ++k) {
        bool heading = false;
        for (std::size_t m = 0; m < r.modules.size(); ++m) {
            const std::vector<Finding>& list = r.kernels[k].findings[m];
            if (list.empty() || !r.modules[m].unreadable.empty()) continue;
            if (!heading) o += fmt::format("\n== {} ({})\n", columns[k], r.kernels[k].path), heading = true;
            o += fmt::format("-- {}\n", r.modules[m].path);
            o += render_text(list, color);
        }
    }
    std::size_t unreadable = r.unreadable_count();
    o += fmt::format("\n{} of {} {} on {}{}\n", loads_everywhere, plural(r.modules.size(), "module"),
                     loads_everywhere == 1 ? "loads" : "load",
                     r.kernels.size() == 1 ? columns[0] : fmt::format("all {} kernels", r.kernels.size()),
                     unreadable ? fmt::format(" ({} could not be read)", unreadable) : "");
    if (leaks) o += render_audit_leaks_text(r, *leaks);
    return o;
}

std::string render_audit_json(const AuditResult& r, const AuditLeaks* leaks) {
    Json doc = {{"schema", 1},
                {"tool", "modlink"},
                {"version", MODLINK_VERSION},
                {"command", "audit"},
                {"modules_unreadable", r.unreadable_count()}};
    Json& kernels = doc["kernels"] = Json::array();
    for (const AuditedKernel& kernel : r.kernels) {
        std::vector<Finding> all;
        for (const auto& list : kernel.findings) all.insert(all.end(), list.begin(), list.end());
        Tally t = tally(all);
        Json findings = Json::array();
        for (const Finding& f : all) findings.push_back(finding_json(f));
        kernels.push_back({{"path", kernel.path},
                           {"release", kernel.release},
                           {"errors", t.errors},
                           {"warnings", t.warnings},
                           {"findings", std::move(findings)}});
    }
    Json& modules = doc["modules"] = Json::array();
    for (std::size_t m = 0; m < r.modules.size(); ++m) {
        Json verdicts = Json::array();
        for (const AuditedKernel& kernel : r.kernels) verdicts.push_back(verdict(r.modules[m], kernel.findings[m]));
        modules.push_back({{"module", r.modules[m].path}, {"name", r.modules[m].name}, {"verdicts", std::move(verdicts)}});
        if (leaks) modules.back()["inline_leaks"] = audit_leaks_json(r, *leaks, m);
    }
    return json_text(doc);
}

}  // namespace modlink
