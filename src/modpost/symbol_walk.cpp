// SPDX-License-Identifier: MIT
#include "modpost/symbol_walk.h"

#include <optional>
#include <string>
#include <string_view>

#include "modlink/export_markers.h"
#include "modlink/module.h"
#include "modpost/device_table.h"

namespace modlink::modpost {

void walk_symbols(Session& session, ModpostModule& mod, const ElfFile& elf, const std::vector<ElfSymbol>& symbols) {
    std::uint16_t machine = elf.machine();
    bool ksymtab_exports = session.era().export_markers == ExportMarkers::KsymtabSections;
    for (const ElfSymbol& sym : symbols) {
        std::string_view name = strip_numeric_suffix(sym.name);
        if (sym.raw_shndx == SHN_COMMON) {
            if (!name.starts_with("__gnu_lto_"))
                session.diag().warn("%s", session.era().words->common_symbol(mod.ref(), name).c_str());
        } else if (sym.raw_shndx == SHN_UNDEF) {
            bool section_bound = session.era().section_bounds_not_imports &&
                                 (name.starts_with("__start_") || name.starts_with("__stop_"));
            if ((sym.bind == STB_GLOBAL || sym.bind == STB_WEAK) && !is_ignored_import(name, machine) && !section_bound) {
                ImportedSymbol& imp = mod.imports.emplace_back();
                imp.name = std::string(name);
                imp.weak = sym.bind == STB_WEAK;
            }
        } else {
            // 6.1 takes the per-export sections of an object; the merged
            // tables of a final .ko are invisible to it.
            if (ksymtab_exports) {
                std::optional<ExportMarker> m = classify_export_marker(elf, sym, name);
                if (m && m->kind == ExportMarkerKind::Ksymtab && !m->merged)
                    session.add_export(mod, m->exported, m->gpl_section);
            }
            if (name == "init_module") mod.has_init = true;
            if (name == "cleanup_module") mod.has_cleanup = true;
        }
        handle_device_table(session, mod, elf, sym, name);
    }
}

// The namespace strings are read in a second pass, once every export of
// the object is known; they update whichever export of that name is found.
// 6.1 reads every __kstrtabns_ symbol, defined or not, through its pointer
// arithmetic: the string at the file offset of its section (section 0 for an
// undefined one) plus its value. Special section indexes and indexes past
// the table send upstream outside its section table; those are skipped.
void read_export_namespaces(Session& session, const ElfFile& elf, const std::vector<ElfSymbol>& symbols) {
    constexpr std::string_view kNamespace = "__kstrtabns_";
    for (const ElfSymbol& sym : symbols) {
        std::string_view name = strip_numeric_suffix(sym.name);
        if (!name.starts_with(kNamespace)) continue;
        // Upstream reads raw indexes: an SHN_XINDEX symbol is not looked at.
        if (sym.raw_shndx >= SHN_LORESERVE) continue;
        const ElfSection* sec = elf.section(sym.shndx);
        if (!sec) continue;
        auto ns = elf.file_cstr(sec->hdr.sh_offset + elf.value_to_offset(*sec, sym.value));
        if (!ns) continue;
        std::string_view exported = name.substr(kNamespace.size());
        ExportedSymbol* s = session.find_export(exported);
        if (!s) {
            session.diag().error("Could not update namespace(%s) for symbol %s\n", std::string(*ns).c_str(),
                                 std::string(exported).c_str());
            continue;
        }
        s->ns = std::string(*ns);
    }
}

}  // namespace modlink::modpost
