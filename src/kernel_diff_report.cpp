// SPDX-License-Identifier: MIT
// A kernel diff reads like a patch of the export table: "-" for what went
// away, "+" for what came, "~" for what changed, each with what it means
// for modules built against the old kernel.
#include <fmt/format.h>

#include "modlink/namespaces.h"
#include "modlink/json.h"
#include "modlink/kernel_diff.h"
#include "modlink/report.h"
#include "modlink_config.h"

namespace modlink {

namespace {

const char* macro(const KernelExport& e) { return e.gpl_only ? "EXPORT_SYMBOL_GPL" : "EXPORT_SYMBOL"; }

std::string describe(const KernelExport& e) {
    std::string s = fmt::format("{}, {}", e.owner, macro(e));
    if (!e.ns.empty()) s += ", namespace " + e.ns;
    return s;
}

std::string ns_or_none(const std::string& ns) { return ns.empty() ? "(none)" : ns; }

// What a namespace change asks of the modules that use the symbol.
std::string namespace_consequence(const std::string& ns, const std::string& release) {
    if (ns.empty()) return "";
    if (auto statement = import_ns_statement(ns, release)) return ": users need " + *statement;
    return ": only the modules " + ns.substr(kModuleNamespacePrefix.size()) + " may use it";
}

std::string line(const ExportChange& c, const std::string& new_release) {
    const KernelExport* x = c.before ? &*c.before : nullptr;
    const KernelExport* y = c.after ? &*c.after : nullptr;
    switch (c.kind) {
        case ExportChangeKind::Removed:
            return fmt::format("- {} ({}): modules that use it no longer load", c.symbol, describe(*x));
        case ExportChangeKind::Added: return fmt::format("+ {} ({})", c.symbol, describe(*y));
        case ExportChangeKind::Crc:
            return fmt::format("~ {}: CRC 0x{:08x} -> 0x{:08x} ({}): modules built against the old kernel fail to load",
                               c.symbol, x->crc.value_or(0), y->crc.value_or(0), y->owner);
        case ExportChangeKind::License:
            return y->gpl_only ? fmt::format("~ {}: EXPORT_SYMBOL -> EXPORT_SYMBOL_GPL ({}): GPL-incompatible modules "
                                             "can no longer use it",
                                             c.symbol, y->owner)
                               : fmt::format("~ {}: EXPORT_SYMBOL_GPL -> EXPORT_SYMBOL ({})", c.symbol, y->owner);
        case ExportChangeKind::Namespace:
            return fmt::format("~ {}: namespace {} -> {} ({}){}", c.symbol, ns_or_none(x->ns), ns_or_none(y->ns),
                               y->owner, namespace_consequence(y->ns, new_release));
        case ExportChangeKind::Owner:
            return fmt::format("~ {}: exported by {} -> {}", c.symbol, x->owner, y->owner);
    }
    return {};
}

std::string label(const std::string& release, const std::string& path) { return release.empty() ? path : release; }

Json export_json(const std::optional<KernelExport>& e) {
    if (!e) return nullptr;
    return {{"owner", e->owner}, {"gpl_only", e->gpl_only}, {"namespace", e->ns}, {"crc", crc_text(e->crc.value_or(0))}};
}

constexpr ExportChangeKind kAllKinds[] = {ExportChangeKind::Removed, ExportChangeKind::Added,
                                          ExportChangeKind::Crc,     ExportChangeKind::License,
                                          ExportChangeKind::Namespace, ExportChangeKind::Owner};

}  // namespace

std::string render_diff_text(const KernelDiff& d, bool color, bool list_crcs) {
    std::string o;
    for (const ExportChange& c : d.changes) {
        if (c.kind == ExportChangeKind::Crc && !list_crcs) continue;
        std::string l = line(c, d.new_release);
        if (color) {
            const char* on = c.kind == ExportChangeKind::Added ? "\033[32m"
                             : c.kind == ExportChangeKind::Removed ? "\033[31m"
                                                                   : "\033[33m";
            l = on + l + "\033[0m";
        }
        o += l + '\n';
    }
    // A stable update changes thousands of CRCs at once; one line says what
    // they mean, and --crc lists them.
    if (std::size_t crcs = d.count(ExportChangeKind::Crc); crcs && !list_crcs)
        o += fmt::format("~ {} changed: modules built against the old kernel that use them fail to load "
                         "(--crc lists them)\n",
                         crcs == 1 ? std::string("1 CRC") : fmt::format("{} CRCs", crcs));
    o += fmt::format("{} -> {}: {} removed, {} added, {} CRCs changed{}, {} GPL-only changes, {} namespace changes, {} moved\n",
                     label(d.old_release, d.old_path), label(d.new_release, d.new_path),
                     d.count(ExportChangeKind::Removed), d.count(ExportChangeKind::Added), d.count(ExportChangeKind::Crc),
                     d.crcs_compared ? "" : " (not compared: a kernel without modversions)",
                     d.count(ExportChangeKind::License), d.count(ExportChangeKind::Namespace),
                     d.count(ExportChangeKind::Owner));
    return o;
}

std::string render_diff_json(const KernelDiff& d) {
    Json counts = Json::object();
    for (ExportChangeKind k : kAllKinds) counts[export_change_id(k)] = d.count(k);
    Json changes = Json::array();
    for (const ExportChange& c : d.changes)
        changes.push_back({{"symbol", c.symbol},
                           {"change", export_change_id(c.kind)},
                           {"old", export_json(c.before)},
                           {"new", export_json(c.after)}});
    Json doc = {{"schema", 1},
                {"tool", "modlink"},
                {"version", MODLINK_VERSION},
                {"command", "diff"},
                {"old", {{"path", d.old_path}, {"release", d.old_release}}},
                {"new", {{"path", d.new_path}, {"release", d.new_release}}},
                {"crcs_compared", d.crcs_compared},
                {"counts", std::move(counts)},
                {"changes", std::move(changes)}};
    return json_text(doc);
}

}  // namespace modlink
