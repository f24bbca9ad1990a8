// SPDX-License-Identifier: MIT
#include "modlink/report.h"

#include <fmt/format.h>

#include <set>

#include "modlink_config.h"

namespace modlink {

namespace {

// Length of a valid UTF-8 sequence starting at s[i], or 0.
std::size_t utf8_len(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
    return n;
}

void append_finding_json(std::string& o, const Finding& f, const char* indent) {
    o += fmt::format("{}{{\"module\": {}, \"name\": {}, \"symbol\": {}, \"kind\": \"{}\", \"severity\": \"{}\", \"message\": {}",
                     indent, json_quote(f.module), json_quote(f.module_name), json_quote(f.symbol), kind_id(f.kind),
                     severity_name(f.severity), json_quote(f.message));
    if (!f.exporter.empty()) o += fmt::format(", \"exporter\": {}", json_quote(f.exporter));
    if (!f.ns.empty()) o += fmt::format(", \"namespace\": {}", json_quote(f.ns));
    if (f.module_crc) o += fmt::format(", \"module_crc\": \"0x{:08x}\"", *f.module_crc);
    if (f.kernel_crc) o += fmt::format(", \"kernel_crc\": \"0x{:08x}\"", *f.kernel_crc);
    o += ", \"notes\": [";
    for (std::size_t i = 0; i < f.notes.size(); ++i) o += (i ? ", " : "") + json_quote(f.notes[i]);
    o += "]}";
}

}  // namespace

std::string finding_json(const Finding& f) {
    std::string o;
    append_finding_json(o, f, "");
    return o;
}

std::string json_quote(std::string_view s) {
    std::string o = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"': o += "\\\""; continue;
            case '\\': o += "\\\\"; continue;
            case '\n': o += "\\n"; continue;
            case '\t': o += "\\t"; continue;
            case '\r': o += "\\r"; continue;
            default: break;
        }
        if (c < 0x20) {
            o += fmt::format("\\u{:04x}", c);
        } else if (c < 0x80) {
            o += static_cast<char>(c);
        } else if (std::size_t n = utf8_len(s, i)) {
            o.append(s.substr(i, n));
            i += n - 1;
        } else {
            o += fmt::format("\\u{:04x}", c);
        }
    }
    return o + "\"";
}

std::string render_text(const std::vector<Finding>& findings, bool color) {
    std::string o;
    for (const Finding& f : findings) {
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

std::string json_report_header(const ReportContext& ctx, std::size_t errors, std::size_t warnings) {
    std::string o = "{\n";
    o += fmt::format("  \"schema\": 1,\n  \"tool\": \"modlink\",\n  \"version\": \"{}\",\n  \"command\": {},\n",
                     MODLINK_VERSION, json_quote(ctx.command));
    o += fmt::format("  \"kernel\": {{\"path\": {}, \"release\": {}}},\n", json_quote(ctx.kernel_path),
                     json_quote(ctx.kernel_release));
    o += fmt::format("  \"modules_checked\": {},\n  \"errors\": {},\n  \"warnings\": {},\n", ctx.modules_checked, errors,
                     warnings);
    return o;
}

std::string render_json(const ReportContext& ctx, const std::vector<Finding>& findings) {
    std::size_t errors = 0, warnings = 0;
    for (const Finding& f : findings) (f.severity == Severity::Error ? errors : warnings)++;
    std::string o = json_report_header(ctx, errors, warnings);
    o += "  \"findings\": [";
    for (std::size_t i = 0; i < findings.size(); ++i) {
        o += i ? ",\n" : "\n";
        append_finding_json(o, findings[i], "    ");
    }
    o += findings.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return o;
}

std::string sarif_run_header(const ReportContext& ctx, const std::vector<Finding>& findings) {
    // One rule per finding kind that occurs, in enum order.
    std::set<int> kinds;
    for (const Finding& f : findings) kinds.insert(static_cast<int>(f.kind));
    std::string o = "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n";
    o += "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"modlink\", \"version\": \"" MODLINK_VERSION "\", \"rules\": [";
    bool first = true;
    for (int k : kinds) {
        auto kind = static_cast<FindingKind>(k);
        o += fmt::format("{}\n      {{\"id\": \"{}\", \"shortDescription\": {{\"text\": {}}}}}", first ? "" : ",",
                         kind_id(kind), json_quote(kind_description(kind)));
        first = false;
    }
    o += kinds.empty() ? "]}},\n" : "\n    ]}},\n";
    o += fmt::format("    \"properties\": {{\"command\": {}, \"kernel\": {}, \"kernelRelease\": {}, \"modulesChecked\": {}}},\n",
                     json_quote(ctx.command), json_quote(ctx.kernel_path), json_quote(ctx.kernel_release),
                     ctx.modules_checked);
    return o;
}

std::string render_sarif(const ReportContext& ctx, const std::vector<Finding>& findings) {
    std::string o = sarif_run_header(ctx, findings);
    o += "    \"results\": [";
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding& f = findings[i];
        std::string text = f.message;
        for (const std::string& n : f.notes) text += "\nnote: " + n;
        o += fmt::format("{}\n      {{\"ruleId\": \"{}\", \"level\": \"{}\", \"message\": {{\"text\": {}}}, "
                         "\"locations\": [{{\"physicalLocation\": {{\"artifactLocation\": {{\"uri\": {}}}}}}}]",
                         i ? "," : "", kind_id(f.kind), severity_name(f.severity), json_quote(text), json_quote(f.module));
        if (!f.symbol.empty())
            o += fmt::format(", \"properties\": {{\"symbol\": {}, \"module\": {}}}", json_quote(f.symbol),
                             json_quote(f.module_name));
        o += "}";
    }
    o += findings.empty() ? "]\n  }]\n}\n" : "\n    ]\n  }]\n}\n";
    return o;
}

}  // namespace modlink
