// SPDX-License-Identifier: MIT
#include "modpost/section_checks.h"

#include "modpost/export_symbol_records.h"
#include "modpost/reloc_target.h"
#include "modpost/section_groups.h"
#include "modpost/section_mismatch.h"
#include "modpost/section_rules.h"

namespace modlink::modpost {

namespace {

bool is_unchecked_section(const SectionRules& rules, std::string_view name) {
    return matches_any(name, rules.unchecked_sections);
}

// 6.5+ works out every SHT_REL relocation's target before anything else,
// and knows how only on i386, ARM and MIPS.
bool stops_on_rel_addends(const SectionRules& rules, const ElfFile& elf, const ElfSection& rel_section) {
    if (rules.reloc_address != RelocAddress::SymbolPlusAddend || rel_section.hdr.sh_type != SHT_REL) return false;
    if (rel_addends_known(elf) || rel_section.hdr.sh_size < (elf.is64() ? sizeof(Elf64_Rel) : sizeof(Elf32_Rel)))
        return false;
    const ElfSection* target = elf.section(rel_section.hdr.sh_info);
    return !is_unchecked_section(rules, target ? target->name : std::string_view{});
}

bool relocates_export_records(const ElfFile& elf, const ElfSection& rel_section) {
    const ElfSection* target = elf.section(rel_section.hdr.sh_info);
    return target && target->name == ".export_symbol";
}

}  // namespace

void check_sections(Session& session, ModpostModule& mod, const ElfFile& elf, const std::vector<ElfSymbol>& symbols,
                    const std::string& path) {
    const Era& era = session.era();
    const std::string& name = era.messages.names_object_file ? path : mod.name;
    bool export_records = era.export_markers == ExportMarkers::ExportSymbolSection && session.options().config_modules;
    SectionMismatchChecker mismatches(session, mod, elf, symbols, name);
    for (const ElfSection& s : elf.sections()) {
        if (s.hdr.sh_type == SHT_PROGBITS && !(s.hdr.sh_flags & SHF_ALLOC) &&
            !is_unchecked_section(*era.section_rules, s.name))
            session.diag().warn("%s", era.words->non_allocatable_section(mod.ref(path, name), s.name).c_str());
        if (s.hdr.sh_type != SHT_REL && s.hdr.sh_type != SHT_RELA) continue;
        if (stops_on_rel_addends(*era.section_rules, elf, s))
            session.diag().fatal("Please add code to calculate addend for this architecture\n");
        if (export_records && relocates_export_records(elf, s)) read_export_symbol_records(session, mod, elf, symbols, s);
        else mismatches.check_relocation_section(s);
    }
}

}  // namespace modlink::modpost
