// SPDX-License-Identifier: MIT
#include "modlink/audit_source_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "modlink/json.h"
#include "modlink/plural.h"
#include "modlink/report.h"
#include "modlink_config.h"

namespace modlink {

namespace {

const char* verdict_id(CellVerdict v) {
    switch (v) {
        case CellVerdict::Ok: return "ok";
        case CellVerdict::Warning: return "warning";
        case CellVerdict::Error: return "error";
        case CellVerdict::BuildFailed: return "build-failed";
    }
    return "error";
}

std::string column_label(const KernelBuildResult& k) { return k.release.empty() ? k.kernel : k.release; }

std::string cell_text(const SourceAudit& a, std::size_t m, std::size_t k) {
    CellVerdict v = a.verdict(m, k);
    if (v == CellVerdict::BuildFailed) return "build-failed";
    const SourceModuleResult* r = a.kernels[k].find_module(a.modules[m]);
    if (!r) return "not built";
    std::size_t errors = 0, warnings = 0;
    for (const Finding& f : r->findings) (f.severity == Severity::Error ? errors : warnings)++;
    if (v == CellVerdict::Ok) return warnings ? fmt::format("{} warning{}", warnings, warnings == 1 ? "" : "s") : "ok";
    if (errors == 0) return "refused";
    return fmt::format("{} error{}", errors, errors == 1 ? "" : "s");
}

}  // namespace

std::string render_source_audit_text(const SourceAudit& a) {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"module"});
    for (const KernelBuildResult& k : a.kernels) rows[0].push_back(column_label(k));
    for (std::size_t m = 0; m < a.modules.size(); ++m) {
        rows.push_back({a.modules[m]});
        for (std::size_t k = 0; k < a.kernels.size(); ++k) rows.back().push_back(cell_text(a, m, k));
    }
    std::vector<std::size_t> width(rows[0].size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    std::string o;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() ? fmt::format("{:<{}}  ", row[c], width[c]) : row[c];
        o += line + "\n";
    }
    for (const KernelBuildResult& k : a.kernels) {
        bool heading = false;
        auto head = [&] {
            if (!heading) o += fmt::format("\n== {} ({}, {})\n", column_label(k), k.kernel, k.compiler), heading = true;
        };
        if (k.build_failed) {
            head();
            o += "build failed: " + k.failure + "\n";
        }
        for (const SourceModuleResult& m : k.modules) {
            if (!m.refused && m.findings.empty()) continue;
            head();
            o += "-- " + m.name + "\n";
            if (!m.findings.empty()) o += render_text(m.findings, false);
            else
                for (const std::string& l : m.modpost_lines) o += l;
        }
    }
    std::size_t clean = 0;
    for (std::size_t m = 0; m < a.modules.size(); ++m) {
        bool ok = true;
        for (std::size_t k = 0; k < a.kernels.size(); ++k)
            ok = ok && (a.verdict(m, k) == CellVerdict::Ok || a.verdict(m, k) == CellVerdict::Warning);
        clean += ok;
    }
    o += fmt::format("\n{} of {} {} and {} on {}\n", clean, plural(a.modules.size(), "module"),
                     clean == 1 ? "builds" : "build", clean == 1 ? "loads" : "load",
                     a.kernels.size() == 1 ? column_label(a.kernels[0]) : fmt::format("all {} kernels", a.kernels.size()));
    return o;
}

std::string render_source_audit_markdown(const SourceAudit& a) {
    std::string o = "| module |";
    for (const KernelBuildResult& k : a.kernels) o += fmt::format(" {} |", column_label(k));
    o += "\n|---|";
    for (std::size_t k = 0; k < a.kernels.size(); ++k) o += "---|";
    o += "\n";
    for (std::size_t m = 0; m < a.modules.size(); ++m) {
        o += "| `" + a.modules[m] + "` |";
        for (std::size_t k = 0; k < a.kernels.size(); ++k) {
            std::string c = cell_text(a, m, k);
            CellVerdict v = a.verdict(m, k);
            bool passes = v == CellVerdict::Ok || v == CellVerdict::Warning;
            o += passes ? fmt::format(" {} |", c) : fmt::format(" **{}** |", c);
        }
        o += "\n";
    }
    for (const KernelBuildResult& k : a.kernels) {
        std::string body;
        if (k.build_failed) body += "build failed: " + k.failure + "\n";
        for (const SourceModuleResult& m : k.modules)
            if (!m.findings.empty()) body += "-- " + m.name + "\n" + render_text(m.findings, false);
        if (!body.empty())
            o += fmt::format("\n<details><summary>{} ({})</summary>\n\n```\n{}```\n</details>\n", column_label(k), k.compiler, body);
    }
    return o;
}

std::string render_source_audit_json(const SourceAudit& a) {
    Json doc = {{"schema", 1}, {"tool", "modlink"}, {"version", MODLINK_VERSION}, {"command", "audit-source"}};
    Json& kernels = doc["kernels"] = Json::array();
    for (const KernelBuildResult& k : a.kernels) {
        Json mods = Json::array();
        for (const SourceModuleResult& m : k.modules) {
            Json findings = Json::array();
            for (const Finding& f : m.findings) findings.push_back(finding_json(f));
            mods.push_back({{"module", m.name}, {"refused", m.refused}, {"findings", std::move(findings)},
                            {"modpost", m.modpost_lines}});
        }
        kernels.push_back({{"path", k.kernel}, {"release", k.release}, {"compiler", k.compiler}, {"era", k.era},
                           {"build_failed", k.build_failed}, {"failure", k.failure}, {"modules", std::move(mods)}});
    }
    Json& modules = doc["modules"] = Json::array();
    for (std::size_t m = 0; m < a.modules.size(); ++m) {
        Json verdicts = Json::array();
        for (std::size_t k = 0; k < a.kernels.size(); ++k) verdicts.push_back(verdict_id(a.verdict(m, k)));
        modules.push_back({{"module", a.modules[m]}, {"verdicts", std::move(verdicts)}});
    }
    return json_text(doc);
}

std::string render_source_audit_sarif(const SourceAudit& a) {
    Json runs = Json::array();
    for (const KernelBuildResult& k : a.kernels) {
        std::vector<Finding> all;
        for (const SourceModuleResult& m : k.modules) all.insert(all.end(), m.findings.begin(), m.findings.end());
        ReportContext ctx{"audit --source", k.kernel, k.release, k.modules.size()};
        Json run = sarif_document(ctx, all)["runs"][0];
        run["automationDetails"] = {{"id", "modlink-audit/" + column_label(k) + "/"}};
        if (k.build_failed)
            run["invocations"] = Json::array({Json{{"executionSuccessful", false},
                                                   {"toolExecutionNotifications",
                                                    Json::array({Json{{"level", "error"}, {"message", {{"text", "build failed: " + k.failure}}}}})}}});
        for (const Finding& f : all) run["results"].push_back(sarif_result(f));
        runs.push_back(std::move(run));
    }
    Json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", std::move(runs)}};
    return json_text(doc);
}

}  // namespace modlink
