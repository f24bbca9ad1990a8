// SPDX-License-Identifier: MIT
#include "modpost/object_reader.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modlink/elf.h"
#include "modlink/error.h"
#include "modlink/modinfo.h"
#include "modpost/cmd_crcs.h"
#include "modpost/modinfo_tags.h"
#include "modpost/object_file.h"
#include "modpost/section_checks.h"
#include "modpost/srcversion.h"
#include "modpost/symbol_walk.h"

namespace modlink::modpost {

namespace {

// What upstream finds wrong with an object's sections before it reads any:
// a NOBITS .modinfo, or no symbol table.
void check_required_sections(Session& session, const ElfFile& elf, const std::string& path) {
    const ElfSection* modinfo = elf.find_section(".modinfo");
    if (modinfo && modinfo->hdr.sh_type == SHT_NOBITS) session.diag().fatal("%s has NOBITS .modinfo\n", path.c_str());
    if (!elf.has_symtab()) session.diag().fatal("%s has no symtab?\n", path.c_str());
}

// 7.2+: the names in a .no_trim_symbol section (NUL-separated) keep their
// exports under -t.
void read_no_trim_symbols(Session& session, const ElfFile& elf) {
    const ElfSection* keep = elf.find_section(".no_trim_symbol");
    if (!keep || keep->hdr.sh_type == SHT_NOBITS) return;
    std::span<const char> bytes = elf.section_bytes(*keep);
    std::string_view all(bytes.data(), bytes.size());
    while (!all.empty()) {
        std::size_t end = all.find('\0');
        std::string_view name = all.substr(0, end);
        if (!name.empty()) session.no_trim_symbols.emplace_back(name);
        if (end == std::string_view::npos) break;
        all.remove_prefix(end + 1);
    }
}

// The symbol table, decoded once and shared by every pass.
std::vector<ElfSymbol> decode_symbols(const ElfFile& elf) {
    std::vector<ElfSymbol> symbols;
    symbols.reserve(elf.symbol_count());
    for (std::size_t i = 0; i < elf.symbol_count(); ++i) symbols.push_back(elf.symbol(i));
    return symbols;
}

// Every pass over one object, in upstream's order.
void run_object_passes(Session& session, const std::string& path, std::string modname, const ElfFile& elf) {
    check_required_sections(session, elf, path);
    ModpostModule& mod = session.new_module(std::move(modname));
    mod.target64 = elf.is64();
    if (session.era().no_trim_symbol_section) read_no_trim_symbols(session, elf);
    Modinfo info;
    if (const ElfSection* modinfo = elf.find_section(".modinfo")) info = parse_modinfo(elf.section_bytes(*modinfo));
    if (!mod.is_vmlinux) read_modinfo_tags(session, mod, info, path);

    const std::vector<ElfSymbol> symbols = decode_symbols(elf);
    walk_symbols(session, mod, elf, symbols);
    if (session.era().export_markers == ExportMarkers::KsymtabSections) read_export_namespaces(session, elf, symbols);
    check_sections(session, mod, elf, symbols, path);

    if (!mod.is_vmlinux && (info.first("version") || session.options().all_srcversion))
        mod.srcversion = compute_srcversion(session, mod);
    if (session.options().modversions) {
        // Every module is checked against struct module's layout.
        ImportedSymbol& layout = mod.imports.emplace_back();
        layout.name = "module_layout";
        read_module_crcs(session, mod);
    }
}

}  // namespace

void read_object(Session& session, const std::string& path) {
    ObjectFile object;
    if (!object.open(session, path)) return;
    try {
        run_object_passes(session, path, path.substr(0, path.size() - 2), object.elf());
    } catch (const modlink::Error& e) {
        // A malformed object: upstream may crash here; we stop cleanly.
        session.diag().fatal("%s\n", e.describe().c_str());
    }
}

}  // namespace modlink::modpost
