// SPDX-License-Identifier: MIT
// Formatting explanations: `note:` lines (text, and check --explain), JSON
// (schema 1, the explanation nested under each symbol) and SARIF 2.1.0,
// whose results point at the module's own source line so code scanning
// annotates the line the authors wrote, with the inline chain as related
// locations.
#include <fmt/format.h>

#include <set>

#include "modlink/explain.h"
#include "modlink_config.h"

namespace modlink {

std::string location_text(const SourceLocation& l) {
    return l.line ? fmt::format("{}:{}", l.file, l.line) : l.file.empty() ? "an unknown line" : l.file;
}

namespace {

std::string site_text(const ReferenceSite& s) {
    std::string t = fmt::format("{}+0x{:x}", s.section, s.offset);
    if (!s.code_section.empty() && s.code_section_index != s.section_index)
        t += fmt::format(" -> {}+0x{:x}", s.code_section, s.code_offset);
    return t;
}

std::string group_header(const SiteGroup& g) {
    constexpr std::size_t shown = 3;
    std::string list;
    for (std::size_t i = 0; i < g.sites.size() && i < shown; ++i) list += (i ? ", " : "") + site_text(g.sites[i]);
    if (g.sites.size() > shown) list += fmt::format(", +{} more", g.sites.size() - shown);
    std::string in = !g.function.empty()    ? fmt::format(" in {}()", g.function)
                     : !g.data_object.empty() ? fmt::format(" in {}", g.data_object)
                                              : "";
    return fmt::format("{} site{}{}: {} ({}, {})", g.sites.size(), g.sites.size() == 1 ? "" : "s", in, list,
                       site_kind_id(g.kind), g.sites.front().relocation);
}

std::string frame_uri(const std::string& file) {
    return !file.empty() && file[0] == '/' ? "file://" + file : file;
}

std::string sarif_location(const SourceLocation& l, const std::string& message, int id) {
    std::string o = "{";
    if (id >= 0) o += fmt::format("\"id\": {}, ", id);
    o += fmt::format("\"physicalLocation\": {{\"artifactLocation\": {{\"uri\": {}", json_quote(frame_uri(l.file)));
    if (!l.file.empty() && l.file[0] != '/') o += ", \"uriBaseId\": \"SRCROOT\"";
    o += "}";
    if (l.line) {
        o += fmt::format(", \"region\": {{\"startLine\": {}", l.line);
        if (l.column) o += fmt::format(", \"startColumn\": {}", l.column);
        o += "}";
    }
    o += "}";
    if (!message.empty()) o += fmt::format(", \"message\": {{\"text\": {}}}", json_quote(message));
    return o + "}";
}

std::string frames_json(const std::vector<InlineFrame>& frames) {
    std::string o = "[";
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const InlineFrame& f = frames[i];
        o += fmt::format("{}{{\"function\": {}, \"file\": {}, \"line\": {}, \"column\": {}, \"inlined\": {}, \"own\": {}}}",
                         i ? ", " : "", json_quote(f.function), json_quote(f.location.file), f.location.line,
                         f.location.column, f.inlined, f.location.own);
    }
    return o + "]";
}

std::string site_json(const ReferenceSite& s) {
    std::string o = fmt::format("{{\"section\": {}, \"offset\": \"0x{:x}\", \"relocation\": {}, \"kind\": \"{}\"",
                                json_quote(s.section), s.offset, json_quote(s.relocation), site_kind_id(s.kind));
    if (!s.code_section.empty())
        o += fmt::format(", \"code_section\": {}, \"code_offset\": \"0x{:x}\"", json_quote(s.code_section), s.code_offset);
    if (!s.function.empty()) o += fmt::format(", \"function\": {}", json_quote(s.function));
    if (!s.data_object.empty()) o += fmt::format(", \"data_object\": {}", json_quote(s.data_object));
    return o + "}";
}

std::string symbol_json(const SymbolExplanation& s, const std::vector<const Finding*>& findings, const char* indent) {
    std::string o = fmt::format("{}{{\"symbol\": {}, \"verdict\": {}, \"sites\": {},\n", indent, json_quote(s.symbol),
                                json_quote(s.verdict), s.site_count);
    o += fmt::format("{}  \"findings\": [", indent);
    for (std::size_t i = 0; i < findings.size(); ++i) o += (i ? ", " : "") + finding_json(*findings[i]);
    o += fmt::format("],\n{}  \"groups\": [", indent);
    for (std::size_t i = 0; i < s.groups.size(); ++i) {
        const SiteGroup& g = s.groups[i];
        o += fmt::format("{}\n{}    {{\"kind\": \"{}\", \"count\": {}, \"function\": {}, \"chain\": {},\n{}     \"sites\": [",
                         i ? "," : "", indent, site_kind_id(g.kind), g.sites.size(), json_quote(g.function),
                         frames_json(g.frames), indent);
        for (std::size_t k = 0; k < g.sites.size(); ++k) o += (k ? ", " : "") + site_json(g.sites[k]);
        o += "]}";
    }
    o += s.groups.empty() ? "]}" : fmt::format("\n{}  ]}}", indent);
    return o;
}

std::vector<const Finding*> findings_of(const ExplainedModule& m, const std::string& symbol) {
    std::vector<const Finding*> out;
    for (const Finding& f : m.findings)
        if (f.symbol == symbol) out.push_back(&f);
    return out;
}

}  // namespace

std::vector<std::string> explanation_notes(const Explanation& e, const SymbolExplanation& s) {
    std::vector<std::string> notes;
    if (!e.has_dwarf) notes.push_back(e.no_debug_info);
    notes.push_back(s.verdict);
    for (const SiteGroup& g : s.groups) {
        notes.push_back(group_header(g));
        if (g.kind == SiteKind::Data) {
            for (const InlineFrame& f : g.frames)
                notes.push_back(fmt::format("  `{}` defined at {}", f.function, location_text(f.location)));
            continue;
        }
        for (std::size_t i = 0; i < g.frames.size(); ++i) {
            const InlineFrame& f = g.frames[i];
            std::string name = f.function.empty() ? "??" : f.function + "()";
            notes.push_back(fmt::format("  {}{} at {}", i ? "inlined into " : "", name, location_text(f.location)));
        }
    }
    return notes;
}

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
        for (const SymbolExplanation& s : m.explanation.symbols) {
            std::vector<Finding> fs;
            for (const Finding* f : findings_of(m, s.symbol)) fs.push_back(*f);
            std::vector<std::string> notes = explanation_notes(m.explanation, s);
            if (!fs.empty()) {
                fs.back().notes.insert(fs.back().notes.end(), notes.begin(), notes.end());
                o += render_text(fs, color);
                continue;
            }
            std::string_view file = m.module;
            o += fmt::format("modlink: {} references '{}'\n", file.substr(file.rfind('/') + 1), s.symbol);
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
    std::string o = json_report_header(ctx, errors, warnings);
    o += "  \"modules\": [";
    for (std::size_t i = 0; i < mods.size(); ++i) {
        const ExplainedModule& m = mods[i];
        const Explanation& e = m.explanation;
        o += fmt::format("{}\n    {{\"module\": {}, \"name\": {},\n", i ? "," : "", json_quote(m.module),
                         json_quote(m.module_name));
        if (e.has_dwarf)
            o += fmt::format("     \"debug_info\": {{\"file\": {}, \"dwarf_version\": {}}},\n", json_quote(e.debug_file),
                             e.dwarf_version);
        else
            o += fmt::format("     \"debug_info\": null, \"no_debug_info\": {},\n", json_quote(e.no_debug_info));
        o += "     \"findings\": [";
        bool first = true;
        for (const Finding& f : m.findings)
            if (f.symbol.empty()) {
                o += (first ? "" : ", ") + finding_json(f);
                first = false;
            }
        o += "],\n     \"symbols\": [";
        for (std::size_t k = 0; k < e.symbols.size(); ++k)
            o += (k ? ",\n" : "\n") + symbol_json(e.symbols[k], findings_of(m, e.symbols[k].symbol), "       ");
        o += e.symbols.empty() ? "]}" : "\n     ]}";
    }
    o += mods.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return o;
}

std::string render_explain_sarif(const ReportContext& ctx, const std::vector<ExplainedModule>& mods) {
    std::vector<Finding> all;
    for (const ExplainedModule& m : mods) all.insert(all.end(), m.findings.begin(), m.findings.end());
    std::string o = sarif_run_header(ctx, all);
    o += "    \"originalUriBaseIds\": {\"SRCROOT\": {\"description\": {\"text\": \"the module's source tree (see --prefix-map)\"}}},\n";
    o += "    \"results\": [";
    bool any = false;
    for (const ExplainedModule& m : mods) {
        for (const Finding& f : m.findings) {
            const SymbolExplanation* s = nullptr;
            for (const SymbolExplanation& x : m.explanation.symbols)
                if (!f.symbol.empty() && x.symbol == f.symbol) s = &x;
            std::string text = f.message;
            std::string location = fmt::format("{{\"physicalLocation\": {{\"artifactLocation\": {{\"uri\": {}}}}}}}",
                                               json_quote(f.module));
            std::string related;
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
                            related += (id ? ", " : "") + sarif_location(fr.location, msg, id);
                            ++id;
                        }
                }
            }
            o += fmt::format("{}\n      {{\"ruleId\": \"{}\", \"level\": \"{}\", \"message\": {{\"text\": {}}}, "
                             "\"locations\": [{}]",
                             any ? "," : "", kind_id(f.kind), severity_name(f.severity), json_quote(text), location);
            if (!related.empty()) o += ", \"relatedLocations\": [" + related + "]";
            o += fmt::format(", \"properties\": {{\"module\": {}, \"symbol\": {}", json_quote(f.module),
                             json_quote(f.symbol));
            if (s) o += fmt::format(", \"sites\": {}", s->site_count);
            o += "}}";
            any = true;
        }
    }
    o += any ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n";
    return o;
}

}  // namespace modlink
