// SPDX-License-Identifier: MIT
// explain_module(): reference sites from the relocations, inline chains
// from DWARF when there is any, then per symbol the sites grouped by chain
// and one verdict line saying who really wrote the reference: the module
// (a direct call or use) or a kernel header inline it called.
#include <algorithm>
#include <fmt/format.h>
#include <memory>
#include <optional>

#include "modlink/elf.h"
#include "modlink/error.h"
#include "modlink/explain.h"
#include "modlink/leak_history.h"
#include "modlink/explain_debug_files.h"
#include "modlink/explain_dwarf.h"
#include "modlink/explain_notes.h"
#include "modlink/explain_sites.h"
#include "modlink/input_file.h"

namespace modlink {

namespace {

std::string file_name(std::string_view path) { return std::string(path.substr(path.rfind('/') + 1)); }

std::string site_address(const ReferenceSite& s) { return fmt::format("{}+0x{:x}", s.section, s.offset); }

// Same chain from the same source lines (columns may differ: two uses on
// one line are one thing to fix).
bool same_chain(const std::vector<InlineFrame>& a, const std::vector<InlineFrame>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const InlineFrame& x, const InlineFrame& y) {
        return x.function == y.function && x.inlined == y.inlined && x.location.file == y.location.file &&
               x.location.line == y.location.line;
    });
}

// The innermost frame whose location is in the module's own source: the
// line its authors wrote. Frames inside it are kernel inlines.
std::optional<std::size_t> own_frame(const std::vector<InlineFrame>& frames) {
    for (std::size_t i = 0; i < frames.size(); ++i)
        if (frames[i].location.own) return i;
    return std::nullopt;
}

// 0: the module's own code, directly; 1: through a kernel inline; 2: data.
int directness(const SiteGroup& g) {
    if (g.kind == SiteKind::Data) return 2;
    auto own = own_frame(g.frames);
    return own && *own == 0 ? 0 : 1;
}

std::string verdict_with_dwarf(const SiteGroup& g) {
    auto own = own_frame(g.frames);
    // Without an own frame (sources outside the module's tree), the
    // outermost frame is the best "where" there is.
    std::size_t at = own ? *own : g.frames.size() - 1;
    const SourceLocation& used = g.frames[at].location;
    if (at == 0 && !used.own) {
        // The site is in the body of a kernel header function that the
        // compiler emitted into the module as a function of its own (its
        // address was taken, or it was too big to inline): the header's
        // code, not the module's, as an inline would be.
        std::string what = fmt::format("kernel function `{}()` ({}), a header function compiled out of line into the module",
                                       g.frames[0].function, location_text(used));
        switch (g.kind) {
            case SiteKind::StaticKey: return "static key used by " + what;
            case SiteKind::StaticCall: return "static call made by " + what;
            case SiteKind::ExceptionTable: return "exception table entry for " + what;
            default: return "pulled in by " + what;
        }
    }
    if (at == 0) {
        switch (g.kind) {
            case SiteKind::Call: return "called directly at " + location_text(used);
            case SiteKind::StaticKey: return "static key used directly at " + location_text(used);
            case SiteKind::StaticCall: return "static call made directly at " + location_text(used);
            case SiteKind::ExceptionTable: return "exception table entry for code at " + location_text(used);
            default: return "referenced directly at " + location_text(used);
        }
    }
    const InlineFrame& inl = g.frames[at - 1];
    std::string what = fmt::format("`{}()` ({})", inl.function, location_text(inl.location));
    switch (g.kind) {
        case SiteKind::StaticKey: return fmt::format("static key used by {} at {}", what, location_text(used));
        case SiteKind::StaticCall: return fmt::format("static call made by {} at {}", what, location_text(used));
        case SiteKind::ExceptionTable:
            return fmt::format("exception table entry for {} at {}", what, location_text(used));
        default: return fmt::format("pulled in by kernel inline {} used at {}", what, location_text(used));
    }
}

std::string verdict_without_dwarf(const SiteGroup& g) {
    const ReferenceSite& s = g.sites.front();
    std::string code = s.code_section.empty() ? site_address(s) : fmt::format("{}+0x{:x}", s.code_section, s.code_offset);
    std::string in = g.function.empty() ? code : fmt::format("`{}()` ({})", g.function, code);
    switch (g.kind) {
        case SiteKind::Call: return "called from " + in;
        case SiteKind::StaticKey: return "static key used in " + in;
        case SiteKind::StaticCall: return "static call made in " + in;
        case SiteKind::ExceptionTable: return "exception table entry for " + in;
        default: return "referenced in " + in;
    }
}

std::string verdict(const SiteGroup& g) {
    if (g.kind == SiteKind::Data) {
        const ReferenceSite& s = g.sites.front();
        if (g.data_object.empty()) return "referenced from data at " + site_address(s);
        if (g.frames.empty()) return fmt::format("referenced from data object `{}` ({})", g.data_object, site_address(s));
        return fmt::format("referenced from data object `{}` defined at {} ({})", g.data_object,
                           location_text(g.frames.front().location), site_address(s));
    }
    return g.frames.empty() ? verdict_without_dwarf(g) : verdict_with_dwarf(g);
}

SymbolExplanation explain_symbol(const std::string& symbol, std::vector<ReferenceSite> sites,
                                 const std::string& module_file) {
    SymbolExplanation out;
    out.symbol = symbol;
    out.site_count = sites.size();
    for (ReferenceSite& s : sites) {
        auto same = [&](const SiteGroup& g) {
            return g.kind == s.kind && g.function == s.function && g.data_object == s.data_object &&
                   same_chain(g.frames, s.frames);
        };
        auto it = std::find_if(out.groups.begin(), out.groups.end(), same);
        if (it == out.groups.end()) {
            out.groups.push_back({s.kind, s.function, s.data_object, s.frames, {}});
            it = out.groups.end() - 1;
        }
        it->sites.push_back(std::move(s));
    }
    if (out.groups.empty()) {
        out.verdict = fmt::format("no relocation in {} names '{}'", module_file, symbol);
        return out;
    }
    // The verdict names what the authors can fix most directly: their own
    // use first, then a kernel inline, then data; ties by first site.
    auto best = std::min_element(out.groups.begin(), out.groups.end(), [](const SiteGroup& a, const SiteGroup& b) {
        return directness(a) < directness(b);
    });
    out.verdict_group = static_cast<std::size_t>(best - out.groups.begin());
    out.verdict = verdict(*best);
    if (out.groups.size() > 1) {
        std::size_t others = out.groups.size() - 1;
        out.verdict += fmt::format(" (and {} other place{})", others, others == 1 ? "" : "s");
    }
    return out;
}

}  // namespace

Explanation explain_module(const std::string& module_path, const std::vector<std::string>& symbols,
                           const ExplainOptions& opts) {
    Input in = Input::open(module_path, Input::Access::Read, Input::Content::Elf);
    std::unique_ptr<ElfFile> elf = open_elf_file(module_path, in);
    return explain_module(module_path, in, *elf, symbols, opts);
}

Explanation explain_module(const std::string& module_path, const Input& in, const ElfFile& elf,
                           const std::vector<std::string>& symbols, const ExplainOptions& opts) {
    Explanation out;
    out.module = module_path;
    if (elf.type() != ET_REL) throw Error(module_path, "not a relocatable object (a kernel module is ET_REL)");

    auto found = find_reference_sites(elf, symbols);
    std::vector<std::vector<ReferenceSite>> per_symbol(symbols.size());
    for (auto& [i, site] : found) per_symbol[i].push_back(std::move(site));

    out.debug_file = find_debug_file(module_path, elf, opts);
    if (!out.debug_file.empty()) {
        // The module's own DWARF: the file already open, not a second time.
        std::optional<InlineChains> opened;
        if (out.debug_file == module_path) opened.emplace(out.debug_file, in, opts);
        else opened.emplace(out.debug_file, opts);
        InlineChains& chains = *opened;
        out.has_dwarf = true;
        out.dwarf_version = chains.dwarf_version();
        std::vector<ReferenceSite*> all;
        for (auto& list : per_symbol)
            for (ReferenceSite& s : list) all.push_back(&s);
        chains.resolve(all);
        if (opts.list_code_functions) out.code_functions = chains.code_functions();
    } else {
        std::string searched = !opts.debug_dirs.empty() && opts.system_debug_dir ? " in --debug-dir or /usr/lib/debug"
                               : !opts.debug_dirs.empty()                         ? " in --debug-dir"
                               : opts.system_debug_dir                            ? " in /usr/lib/debug"
                                                                                  : "";
        out.no_debug_info = fmt::format(
            "{} has no DWARF debug info (and no debug file was found{}): functions come from the symbol table; for "
            "files, lines and inline chains build with `ccflags-y += -g` (kernels: CONFIG_DEBUG_INFO=y) or install "
            "the kernel's -dbg package",
            file_name(module_path), searched);
    }

    std::string module_file = file_name(module_path);
    for (std::size_t i = 0; i < symbols.size(); ++i)
        out.symbols.push_back(explain_symbol(symbols[i], std::move(per_symbol[i]), module_file));
    if (opts.leak_history && out.has_dwarf)
        for (SymbolExplanation& s : out.symbols) s.leak_history = opts.leak_history->note_for(s);
    return out;
}

std::vector<std::string> finding_symbols(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const Finding& f : findings)
        if (!f.symbol.empty() && std::find(out.begin(), out.end(), f.symbol) == out.end()) out.push_back(f.symbol);
    return out;
}

void add_explanation_notes(std::vector<Finding>& findings, const ExplainOptions& opts) {
    std::vector<std::string> modules;
    for (const Finding& f : findings)
        if (!f.symbol.empty() && std::find(modules.begin(), modules.end(), f.module) == modules.end())
            modules.push_back(f.module);
    for (const std::string& path : modules) {
        std::vector<Finding> mine;
        for (const Finding& f : findings)
            if (f.module == path) mine.push_back(f);
        Explanation e = explain_module(path, finding_symbols(mine), opts);
        bool first = true;  // the no-DWARF note, if any, goes with the module's first finding
        for (Finding& f : findings) {
            if (f.module != path || f.symbol.empty()) continue;
            for (const SymbolExplanation& s : e.symbols)
                if (s.symbol == f.symbol)
                    for (std::string& n : explanation_notes(e, s, first)) f.notes.push_back(std::move(n));
            first = false;
        }
    }
}

}  // namespace modlink
