// SPDX-License-Identifier: MIT
#include "modlink/export_markers.h"

namespace modlink {

namespace {

constexpr std::string_view kKsymtab = "__ksymtab_";
constexpr std::string_view kExportRecord = "__export_symbol_";
constexpr std::string_view kNamespace = "__kstrtabns_";
constexpr std::string_view kCrc = "__crc_";

bool in_real_section(const ElfSymbol& sym) {
    return sym.raw_shndx != SHN_UNDEF && (sym.raw_shndx < SHN_LORESERVE || sym.raw_shndx == SHN_XINDEX);
}

}  // namespace

std::optional<ExportMarker> classify_export_marker(const ElfFile& elf, const ElfSymbol& sym, std::string_view name) {
    if (name.starts_with(kCrc) && (sym.raw_shndx == SHN_ABS || in_real_section(sym)))
        return ExportMarker{ExportMarkerKind::Crc, name.substr(kCrc.size())};
    if (!in_real_section(sym)) return std::nullopt;
    if (name.starts_with(kKsymtab)) {
        std::string_view sec = elf.section_name(sym.shndx);
        ExportMarker m{ExportMarkerKind::Ksymtab, name.substr(kKsymtab.size())};
        if (sec.starts_with("___ksymtab_gpl+")) m.gpl_section = true;
        else if (sec == "__ksymtab_gpl") m.gpl_section = m.merged = true;
        else if (sec == "__ksymtab") m.merged = true;
        else if (!sec.starts_with("___ksymtab+")) return std::nullopt;
        return m;
    }
    if (name.starts_with(kNamespace)) return ExportMarker{ExportMarkerKind::NamespaceString, name.substr(kNamespace.size())};
    if (name.starts_with(kExportRecord) && elf.section_name(sym.shndx) == ".export_symbol")
        return ExportMarker{ExportMarkerKind::ExportRecord, name.substr(kExportRecord.size())};
    return std::nullopt;
}

std::optional<std::string_view> marker_string(const ElfFile& elf, const ElfSymbol& sym, std::uint64_t skip) {
    const ElfSection* s = elf.section(sym.shndx);
    if (!s) return std::nullopt;
    return ElfFile::read_cstr(elf.section_bytes(*s), elf.value_to_offset(*s, sym.value) + skip);
}

std::optional<ExportRecord> read_export_record(const ElfFile& elf, const ElfSymbol& label) {
    auto license = marker_string(elf, label);
    if (!license) return std::nullopt;
    auto ns = marker_string(elf, label, license->size() + 1);
    if (!ns) return std::nullopt;
    return ExportRecord{*license, *ns};
}

std::optional<std::uint32_t> marker_crc(const ElfFile& elf, const ElfSymbol& sym) {
    if (sym.raw_shndx == SHN_ABS) return static_cast<std::uint32_t>(sym.value);
    const ElfSection* s = elf.section(sym.shndx);
    if (!s) return std::nullopt;
    return elf.read_u32(elf.section_bytes(*s), elf.value_to_offset(*s, sym.value));
}

}  // namespace modlink
