// SPDX-License-Identifier: MIT
// How a source audit reads: the table (one row per module, one column per
// kernel, each cell a verdict), then each kernel's findings in the words of
// `modlink check`; as text, Markdown (for a CI summary), JSON and SARIF.
#pragma once

#include <string>

#include "modlink/audit_source.h"

namespace modlink {

std::string render_source_audit_text(const SourceAudit& a);
std::string render_source_audit_markdown(const SourceAudit& a);
std::string render_source_audit_json(const SourceAudit& a);
// One SARIF run per kernel, so code scanning shows each kernel's results.
std::string render_source_audit_sarif(const SourceAudit& a);

}  // namespace modlink
