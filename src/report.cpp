// SPDX-License-Identifier: MIT
#include "modlink/report.h"

#include <fmt/format.h>

#include <set>

#include "modlink_config.h"

namespace modlink {

Json finding_json(const Finding& f) {
    Json j = {{"module", f.module}, {"name", f.module_name}, {"symbol", f.symbol},
              {"kind", kind_id(f.kind)}, {"severity", severity_name(f.severity)}, {"message", f.message}};
    if (!f.exporter.empty()) j["exporter"] = f.exporter;
    if (!f.ns.empty()) j["namespace"] = f.ns;
    if (f.module_crc) j["module_crc"] = crc_text(*f.module_crc);
    if (f.kernel_crc) j["kernel_crc"] = crc_text(*f.kernel_crc);
    j["notes"] = f.notes;
    return j;
}

std::string render_text(const std::vector<Finding>& findings, bool color) {
    std::string o;
    for (const Finding& f : findings) {
        if (f.kind == FindingKind::UnreadableModule) {
            // The tool's own error line, in the module's place.
            o += fmt::format("{}modlink: error:{} {}: {}\n", color ? "\033[1;31m" : "", color ? "\033[0m" : "", f.module,
                             f.message);
            continue;
        }
        const char* label = f.severity == Severity::Error ? "ERROR" : "WARNING";
        if (color)
            o += fmt::format("{}{}:\033[0m modlink: {}\n", f.severity == Severity::Error ? "\033[1;31m" : "\033[1;35m",
                             label, f.message);
        else
            o += fmt::format("{}: modlink: {}\n", label, f.message);
        for (const std::string& n : f.notes) o += fmt::format("  {}note:{} {}\n", color ? "\033[1;36m" : "", color ? "\033[0m" : "", n);
    }
    return o;
}

Json json_report_head(const ReportContext& ctx, std::size_t errors, std::size_t warnings) {
    return {{"schema", 1},
            {"tool", "modlink"},
            {"version", MODLINK_VERSION},
            {"command", ctx.command},
            {"kernel", {{"path", ctx.kernel_path}, {"release", ctx.kernel_release}}},
            {"modules_checked", ctx.modules_checked},
            {"modules_unreadable", ctx.modules_unreadable},
            {"errors", errors},
            {"warnings", warnings}};
}

std::string render_json(const ReportContext& ctx, const std::vector<Finding>& findings) {
    std::size_t errors = 0, warnings = 0;
    for (const Finding& f : findings) (f.severity == Severity::Error ? errors : warnings)++;
    Json doc = json_report_head(ctx, errors, warnings);
    Json& list = doc["findings"] = Json::array();
    for (const Finding& f : findings) list.push_back(finding_json(f));
    return json_text(doc);
}

Json sarif_document(const ReportContext& ctx, const std::vector<Finding>& findings) {
    // One rule per finding kind that occurs, in enum order.
    std::set<int> kinds;
    for (const Finding& f : findings) kinds.insert(static_cast<int>(f.kind));
    Json rules = Json::array();
    for (int k : kinds) {
        auto kind = static_cast<FindingKind>(k);
        rules.push_back({{"id", kind_id(kind)}, {"shortDescription", {{"text", kind_description(kind)}}}});
    }
    Json run = {{"tool", {{"driver", {{"name", "modlink"}, {"version", MODLINK_VERSION}, {"rules", rules}}}}},
                {"properties",
                 {{"command", ctx.command},
                  {"kernel", ctx.kernel_path},
                  {"kernelRelease", ctx.kernel_release},
                  {"modulesChecked", ctx.modules_checked},
                  {"modulesUnreadable", ctx.modules_unreadable}}},
                {"results", Json::array()}};
    return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", Json::array({run})}};
}

Json sarif_result(const Finding& f) {
    std::string text = f.message;
    for (const std::string& n : f.notes) text += "\nnote: " + n;
    Json r = {{"ruleId", kind_id(f.kind)},
              {"level", severity_name(f.severity)},
              {"message", {{"text", text}}},
              {"locations", Json::array({Json{{"physicalLocation", {{"artifactLocation", {{"uri", f.module}}}}}}})}};
    if (!f.symbol.empty()) r["properties"] = {{"symbol", f.symbol}, {"module", f.module_name}};
    return r;
}

std::string render_sarif(const ReportContext& ctx, const std::vector<Finding>& findings) {
    Json doc = sarif_document(ctx, findings);
    Json& results = doc["runs"][0]["results"];
    for (const Finding& f : findings) results.push_back(sarif_result(f));
    return json_text(doc);
}

}  // namespace modlink
