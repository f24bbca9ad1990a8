// SPDX-License-Identifier: MIT
// The symbols by which every kernel era marks a module's exports, told
// apart in one place: `check` (module.cpp) and the drop-in's object reader
// (modpost/object_reader.cpp) both classify each symbol of their own walk
// with it, so the two never read the formats differently. Each consumer
// decides which markers its era or job takes:
//   __ksymtab_<sym>       a struct kernel_symbol: in ___ksymtab[_gpl]+<sym>
//                         (objects up to 6.4, one section per export) or in
//                         the merged __ksymtab / __ksymtab_gpl of a final .ko
//                         (7.1+: one __ksymtab whose GPL flag is a
//                         __kflagstab byte per entry);
//   __export_symbol_<sym> a 6.5+ object's record in .export_symbol: the
//                         license and namespace strings;
//   __kstrtabns_<sym>     the namespace string (up to 6.4);
//   __crc_<sym>           the symbol version (an absolute value up to 5.18,
//                         a word in ___kcrctab* since).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "modlink/elf.h"

namespace modlink {

enum class ExportMarkerKind {
    Ksymtab,          // __ksymtab_<sym>
    ExportRecord,     // __export_symbol_<sym>
    NamespaceString,  // __kstrtabns_<sym>
    Crc,              // __crc_<sym>
};

struct ExportMarker {
    ExportMarkerKind kind;
    std::string_view exported;  // <sym>
    // Ksymtab only: which section holds the entry.
    bool gpl_section = false;   // ___ksymtab_gpl+<sym> or __ksymtab_gpl
    bool merged = false;        // __ksymtab / __ksymtab_gpl of a final module
};

// What `sym` (whose name is `name`, modpost's ".NNN" suffix removed) marks,
// or nullopt. Undefined symbols and symbols in no real section mark
// nothing, except an absolute __crc_ (≤5.18).
std::optional<ExportMarker> classify_export_marker(const ElfFile& elf, const ElfSymbol& sym, std::string_view name);

// The NUL-terminated string at a marker's address (a namespace, or a
// record's license); nullopt when it runs past its section.
std::optional<std::string_view> marker_string(const ElfFile& elf, const ElfSymbol& sym, std::uint64_t skip = 0);

// An .export_symbol record: the license ("GPL" or "") and the namespace.
struct ExportRecord {
    std::string_view license;
    std::string_view ns;
};
std::optional<ExportRecord> read_export_record(const ElfFile& elf, const ElfSymbol& label);

// The CRC a __crc_ marker holds; nullopt when its word is out of range.
std::optional<std::uint32_t> marker_crc(const ElfFile& elf, const ElfSymbol& sym);

}  // namespace modlink
