// SPDX-License-Identifier: MIT
#include "modlink/explain_notes.h"

#include <fmt/format.h>

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

}  // namespace

std::vector<std::string> explanation_notes(const Explanation& e, const SymbolExplanation& s, bool with_debug_note) {
    std::vector<std::string> notes;
    if (!e.has_dwarf && with_debug_note) notes.push_back(e.no_debug_info);
    notes.push_back(s.verdict);
    if (!s.leak_history.empty()) notes.push_back(s.leak_history);
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

}  // namespace modlink
