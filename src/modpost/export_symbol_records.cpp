// SPDX-License-Identifier: MIT
#include "modpost/export_symbol_records.h"

#include <fnmatch.h>

#include <algorithm>
#include <string_view>

#include "modlink/module.h"
#include "modpost/section_rules.h"

namespace modlink::modpost {

namespace {

constexpr std::string_view kLabelPrefix = "__export_symbol_";

bool in_section_matching(const ElfFile& elf, const ElfSymbol& sym, const char* pattern) {
    if (sym.undefined() || (sym.raw_shndx >= SHN_LORESERVE && sym.raw_shndx != SHN_XINDEX)) return false;
    std::string name(elf.section_name(sym.shndx));
    return fnmatch(pattern, name.c_str(), 0) == 0;
}

}  // namespace

void read_export_symbol_records(Session& session, ModpostModule& mod, const ElfFile& elf,
                                const std::vector<ElfSymbol>& symbols, const ElfSection& rel_section) {
    const ElfSection* records = elf.section(rel_section.hdr.sh_info);
    if (!records) return;
    // The labels of the section by address; among labels at one address
    // the last in the symbol table is the one found.
    struct Label {
        std::uint64_t value;
        std::size_t index;
    };
    std::vector<Label> labels;
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        const ElfSymbol& s = symbols[i];
        if (s.raw_shndx == SHN_UNDEF || (s.raw_shndx >= SHN_LORESERVE && s.raw_shndx != SHN_XINDEX)) continue;
        if (s.shndx != records->index || s.type == STT_SECTION || !is_symsearch_name(s.name)) continue;
        labels.push_back({s.value, i});
    }
    std::stable_sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.value < b.value; });
    std::span<const char> bytes = elf.section_bytes(*records);
    Diagnostics& diag = session.diag();
    const ModuleWords& words = *session.era().words;

    for (const ElfRelocation& r : elf.relocations_in(rel_section)) {
        auto after = std::upper_bound(labels.begin(), labels.end(), r.offset,
                                      [](std::uint64_t off, const Label& l) { return off < l.value; });
        std::string label_name;
        const ElfSymbol* label = nullptr;
        if (after != labels.begin()) {
            label = &symbols[std::prev(after)->index];
            label_name = std::string(strip_numeric_suffix(label->name));
        }
        if (!label || !std::string_view(label_name).starts_with(kLabelPrefix)) {
            diag.error("%s", words.strange_export_record(mod.ref(), label_name).c_str());
            continue;
        }
        if (r.symbol >= symbols.size()) continue;
        const ElfSymbol& sym = symbols[r.symbol];
        std::string name(strip_numeric_suffix(sym.name));
        std::string labelled = label_name.substr(kLabelPrefix.size());
        // The message names the symbol the label says, whatever the
        // relocation refers to (a local one is often its section's symbol).
        if (sym.bind != STB_GLOBAL && sym.bind != STB_WEAK) {
            diag.error("%s", words.local_symbol_exported(mod.ref(), labelled).c_str());
            continue;
        }
        if (labelled != name) {
            diag.error("%s", words.not_an_export_symbol(mod.ref(), name).c_str());
            continue;
        }
        std::uint64_t at = elf.value_to_offset(*records, label->value);
        auto license = ElfFile::read_cstr(bytes, at);
        auto ns = license ? ElfFile::read_cstr(bytes, at + license->size() + 1) : std::nullopt;
        if (!license || !ns) continue;  // a record cut short: nothing to read (upstream reads past it)
        bool gpl_only;
        if (*license == "GPL") gpl_only = true;
        else if (license->empty()) gpl_only = false;
        else {
            diag.error("%s", words.unknown_export_license(mod.ref(), *license, name).c_str());
            continue;
        }
        ExportedSymbol& e = session.add_export(mod, name, gpl_only);
        e.ns = std::string(*ns);
        e.is_function = sym.type == STT_FUNC;
        if (in_section_matching(elf, sym, ".init.*"))
            diag.warn("%s", words.export_of_init_symbol(mod.ref(), name).c_str());
        else if (in_section_matching(elf, sym, ".exit.*"))
            diag.warn("%s", words.export_of_exit_symbol(mod.ref(), name).c_str());
    }
}

}  // namespace modlink::modpost
