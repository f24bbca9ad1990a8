// SPDX-License-Identifier: MIT
// Reporters: modpost-style text, versioned JSON and SARIF 2.1.0. Each takes
// the findings in their final (deterministic) order and only formats them.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "modlink/findings.h"

namespace modlink {

enum class OutputFormat { Text, Json, Sarif };

struct ReportContext {
    std::string command;         // "check"
    std::string kernel_path;     // as given
    std::string kernel_release;  // "" when unknown
    std::size_t modules_checked = 0;
};

// `ERROR: modlink: <message>` per finding, then its notes indented.
std::string render_text(const std::vector<Finding>& findings, bool color);
// {"schema": 1, ...}; documented in the README.
std::string render_json(const ReportContext& ctx, const std::vector<Finding>& findings);
std::string render_sarif(const ReportContext& ctx, const std::vector<Finding>& findings);
// The SARIF document up to the run's "results" key: schema, the tool with
// one rule per kind among `findings`, and the run's properties.
std::string sarif_run_header(const ReportContext& ctx, const std::vector<Finding>& findings);

// The JSON report's common head, up to and including the "warnings"
// counter line: schema, tool, version, command, kernel, modules checked.
std::string json_report_header(const ReportContext& ctx, std::size_t errors, std::size_t warnings);

// JSON string escaping (also used by SARIF); invalid UTF-8 bytes are escaped
// as \u00XX so the output is always valid JSON.
std::string json_quote(std::string_view s);

// One finding as a JSON object on one line, as in render_json's "findings"
// (for reporters that nest findings, such as explain's).
std::string finding_json(const Finding& f);

}  // namespace modlink
