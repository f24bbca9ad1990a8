// SPDX-License-Identifier: MIT
// Formatting explanations: text (findings as check prints them, with the
// note lines), JSON (schema 1, the explanation nested under each symbol)
// and SARIF 2.1.0, whose results point at the module's own source line so
// code scanning annotates the line the authors wrote, with the inline chain
// as related locations.
#include "modlink/explain_report.h"

#include <fmt/format.h>

#include <string_view>

#include "modlink/explain_notes.h"
#include "modlink/json.h"
#include "modlink/report.h"

namespace modlink {

namespace {

std::string frame_uri(const std::string& file) {
    return !file.empty() && file[0] == '/' ? "file://" + file : file;
}

Json sarif_location(const SourceLocation& l, const std::string& message, int id) {
    Json artifact = {{"uri", frame_uri(l.file)}};
    if (!l.file.empty() && l.file[0] != '/') artifact["uriBaseId"] = "SRCROOT";
    Json physical = {{"artifactLocation", std::move(artifact)}};
    if (l.line) {
        Json region = {{"startLine", l.line}};
        if (l.column) region["startColumn"] = l.column;
        physical["region"] = std::move(region);
    }
    Json o = Json::object();
    if (id >= 0) o["id"] = id;
    o["physicalLocation"] = std::move(physical);
    if (!message.empty()) o["message"] = {{"text", message}};
    return o;
}

Json frames_json(const std::vector<InlineFrame>& frames) {
    Json o = Json::array();
    for (const InlineFrame& f : frames)
        o.push_back({{"function", f.function},
                     {"file", f.location.file},
                     {"line", f.location.line},
                     {"column", f.location.column},
                     {"inlined", f.inlined},
                     {"own", f.location.own}});
    return o;
}

Json site_json(const ReferenceSite& s) {
    Json o = {{"section", s.section},
              {"offset", fmt::format("0x{:x}", s.offset)},
              {"relocation", s.relocation},
              {"kind", site_kind_id(s.kind)}};
    if (!s.code_section.empty()) {
        o["code_section"] = s.code_section;
        o["code_offset"] = fmt::format("0x{:x}", s.code_offset);
    }
    if (!s.function.empty()) o["function"] = s.function;
    if (!s.data_object.empty()) o["data_object"] = s.data_object;
    return o;
}

Json symbol_json(const SymbolExplanation& s, const std::vector<const Finding*>& findings) {
    Json fs = Json::array();
    for (const Finding* f : findings) fs.push_back(finding_json(*f));
    Json groups = Json::array();
    for (const SiteGroup& g : s.groups) {
        Json sites = Json::array();
        for (const ReferenceSite& site : g.sites) sites.push_back(site_json(site));
        groups.push_back({{"kind", site_kind_id(g.kind)},
                          {"count", g.sites.size()},
                          {"function", g.function},
                          {"chain", frames_json(g.frames)},
                          {"sites", std::move(sites)}});
    }
    Json out = {{"symbol", s.symbol}, {"verdict", s.verdict}};
    if (!s.leak_history.empty()) out["leak_history"] = s.leak_history;
    out["sites"] = s.site_count;
    out["findings"] = std::move(fs);
    out["groups"] = std::move(groups);
    return out;
}

std::vector<const Finding*> findings_of(const ExplainedModule& m, const std::string& symbol) {
    std::vector<const Finding*> out;
    for (const Finding& f : m.findings)
        if (f.symbol == symbol) out.push_back(&f);
    return out;
}

}  // namespace

// Findings print as check prints them (render_text), the explanation as
// more notes after a symbol's last finding; a symbol asked about without a
// finding gets a line of its own.
std::string render_explain_text(const std::vector<ExplainedModule>& mods, bool color) {
    std::string o;
    for (const ExplainedModule& m : mods) {
        std::vector<Finding> module_level;
        for (const Finding& f : m.findings)
            if (f.symbol.empty()) module_level.push_back(f);
        o += render_text(module_level, color);
        bool first_symbol = true;  // the no-DWARF note goes with the first one only
        for (const SymbolExplanation& s : m.explanation.symbols) {
            std::vector<Finding> fs;
            for (const Finding* f : findings_of(m, s.symbol)) fs.push_back(*f);
            std::vector<std::string> notes = explanation_notes(m.explanation, s, first_symbol);
            first_symbol = false;
            if (!fs.empty()) {
                fs.back().notes.insert(fs.back().notes.end(), notes.begin(), notes.end());
                o += render_text(fs, color);
                continue;
            }
            std::string_view file = m.module;
            file = file.substr(file.rfind('/') + 1);
            if (s.groups.empty()) {
                o += fmt::format("modlink: {} does not reference '{}'\n", file, s.symbol);
                continue;
            }
            o += fmt::format("modlink: {} references '{}'\n", file, s.symbol);
            for (const std::string& n : notes)
                o += fmt::format("  {}note:{} {}\n", color ? "\033[1;36m" : "", color ? "\033[0m" : "", n);
        }
    }
    return o;
}

std::string render_explain_json(const ReportContext& ctx, const std::vector<ExplainedModule>& mods) {
    std::size_t errors = 0, warnings = 0;
    for (const ExplainedModule& m : mods)
        for (const Finding& f : m.findings) (f.severity == Severity::Error ? errors : warnings)++;
    Json doc = json_report_head(ctx, errors, warnings);
    Json& list = doc["modules"] = Json::array();
    for (const ExplainedModule& m : mods) {
        const Explanation& e = m.explanation;
        Json j = {{"module", m.module}, {"name", m.module_name}};
        if (e.has_dwarf) {
            j["debug_info"] = {{"file", e.debug_file}, {"dwarf_version", e.dwarf_version}};
        } else {
            j["debug_info"] = nullptr;
            j["no_debug_info"] = e.no_debug_info;
        }
        Json module_level = Json::array();
        for (const Finding& f : m.findings)
            if (f.symbol.empty()) module_level.push_back(finding_json(f));
        j["findings"] = std::move(module_level);
        Json symbols = Json::array();
        for (const SymbolExplanation& s : e.symbols) symbols.push_back(symbol_json(s, findings_of(m, s.symbol)));
        j["symbols"] = std::move(symbols);
        list.push_back(std::move(j));
    }
    return json_text(doc);
}

std::string render_explain_sarif(const ReportContext& ctx, const std::vector<ExplainedModule>& mods) {
    std::vector<Finding> all;
    for (const ExplainedModule& m : mods) all.insert(all.end(), m.findings.begin(), m.findings.end());
    Json doc = sarif_document(ctx, all);
    Json& run = doc["runs"][0];
    // Before "results", as SARIF readers show it.
    Json results = std::move(run["results"]);
    run.erase("results");
    run["originalUriBaseIds"] = {{"SRCROOT", {{"description", {{"text", "the module's source tree (see --prefix-map)"}}}}}};
    for (const ExplainedModule& m : mods) {
        for (const Finding& f : m.findings) {
            const SymbolExplanation* s = nullptr;
            for (const SymbolExplanation& x : m.explanation.symbols)
                if (!f.symbol.empty() && x.symbol == f.symbol) s = &x;
            std::string text = f.message;
            Json location = {{"physicalLocation", {{"artifactLocation", {{"uri", f.module}}}}}};
            Json related = Json::array();
            if (s) {
                text += "\n" + s->verdict;
                if (!s->groups.empty()) {
                    const SiteGroup& g = s->groups[s->verdict_group];
                    // The module's own line: what code scanning should annotate.
                    for (const InlineFrame& fr : g.frames)
                        if (fr.location.own) {
                            location = sarif_location(fr.location, "", -1);
                            break;
                        }
                    int id = 0;
                    for (const SiteGroup& each : s->groups)
                        for (std::size_t i = 0; i < each.frames.size(); ++i) {
                            const InlineFrame& fr = each.frames[i];
                            std::string msg =
                                each.kind == SiteKind::Data
                                    ? fmt::format("definition of {} ({} site{})", fr.function, each.sites.size(),
                                                  each.sites.size() == 1 ? "" : "s")
                                    : fmt::format("{}{}() ({} site{})", i ? "inlined into " : "", fr.function,
                                                  each.sites.size(), each.sites.size() == 1 ? "" : "s");
                            related.push_back(sarif_location(fr.location, msg, id++));
                        }
                }
            }
            Json r = {{"ruleId", kind_id(f.kind)},
                      {"level", severity_name(f.severity)},
                      {"message", {{"text", text}}},
                      {"locations", Json::array({std::move(location)})}};
            if (!related.empty()) r["relatedLocations"] = std::move(related);
            Json props = {{"module", f.module}, {"symbol", f.symbol}};
            if (s) props["sites"] = s->site_count;
            r["properties"] = std::move(props);
            results.push_back(std::move(r));
        }
    }
    run["results"] = std::move(results);
    return json_text(doc);
}

}  // namespace modlink
