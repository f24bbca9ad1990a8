// SPDX-License-Identifier: MIT
// Reporters: modpost-style text, versioned JSON and SARIF 2.1.0. Each takes
// the findings in their final (deterministic) order and only formats them.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "modlink/findings.h"
#include "modlink/json.h"

namespace modlink {

enum class OutputFormat { Text, Json, Sarif };

struct ReportContext {
    std::string command;         // "check"
    std::string kernel_path;     // as given
    std::string kernel_release;  // "" when unknown
    std::size_t modules_checked = 0;     // modules read and checked
    std::size_t modules_unreadable = 0;  // modules that could not be read (each also a finding)
};

// `ERROR: modlink: <message>` per finding, then its notes indented.
std::string render_text(const std::vector<Finding>& findings, bool color);
// {"schema": 1, ...}; documented in the README.
std::string render_json(const ReportContext& ctx, const std::vector<Finding>& findings);
std::string render_sarif(const ReportContext& ctx, const std::vector<Finding>& findings);
// The SARIF 2.1.0 document with its one run: the tool with one rule per
// kind among `findings`, the run's properties and an empty "results".
Json sarif_document(const ReportContext& ctx, const std::vector<Finding>& findings);

// One finding as a SARIF result located at the module file, its notes in
// the message.
Json sarif_result(const Finding& f);

// The JSON report's common head, up to and including the "warnings"
// counter: schema, tool, version, command, kernel, modules checked.
Json json_report_head(const ReportContext& ctx, std::size_t errors, std::size_t warnings);

// One finding as in render_json's "findings" (for reporters that nest
// findings, such as explain's and audit's).
Json finding_json(const Finding& f);

}  // namespace modlink
