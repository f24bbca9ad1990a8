// SPDX-License-Identifier: MIT
// `modlink explain`'s reports: each module's findings with the explanation
// of their symbols, as text, JSON (schema 1, the explanation nested under
// each symbol) and SARIF 2.1.0.
#pragma once

#include <string>
#include <vector>

#include "modlink/explanation.h"
#include "modlink/findings.h"
#include "modlink/report.h"

namespace modlink {

struct ExplainedModule {
    std::string module;       // path as given
    std::string module_name;
    std::vector<Finding> findings;  // of this module, in check's order
    Explanation explanation;
};

std::string render_explain_text(const std::vector<ExplainedModule>& mods, bool color);
std::string render_explain_json(const ReportContext& ctx, const std::vector<ExplainedModule>& mods);
// SARIF 2.1.0: each finding's result points at the module's own source line
// of its first site group, with the inline chain as related locations.
std::string render_explain_sarif(const ReportContext& ctx, const std::vector<ExplainedModule>& mods);

}  // namespace modlink
