// SPDX-License-Identifier: MIT
// An era of the kernel's modpost: everything the drop-in does differently
// from one verified kernel version to the next, as one value chosen once
// per run (era_choice.h) and read by the shared passes. Each era lives in
// its own file (era_6_1.cpp, era_6_12.cpp), written as the changes from
// the era before; nothing outside those files asks which version it is.
#pragma once

#include <span>
#include <string_view>

namespace modlink::modpost {

struct SectionRules;  // section_mismatch.h

// Where an object's own exports are found.
enum class ExportMarkers {
    KsymtabSections,      // ≤6.4: `__ksymtab_<sym>` in `___ksymtab[_gpl]+<sym>`, `__kstrtabns_<sym>` strings
    ExportSymbolSection,  // 6.5+: `__export_symbol_<sym>` records in `.export_symbol`, read through its relocations
};

// When the per-module checks run relative to the writes.
enum class CheckOrder {
    EachBeforeItsWrite,  // 6.1: a module's checks, then its .mod.c; an error stops later writes only
    AllBeforeAnyWrite,   // 6.12: every module is checked before the first file is written
};

// How the device-table symbols a MODULE_DEVICE_TABLE() makes are named.
enum class DeviceTableNaming {
    TypeFirst,  // ≤6.13: `__mod_<type>__<name>_device_table`
};

// The pieces of `<mod>.mod.c` and `.vmlinux.export.c`.
struct ModCText {
    std::string_view header;     // up to and including `MODULE_INFO(name, ...)` and the blank line after it
    std::string_view retpoline;  // the retpoline block after the intree line ("" when module-common.c has it)
    bool ksymtab_lines;          // KSYMTAB_FUNC/DATA lines for the module's own exports (modpost makes the ksymtab)
    const char* version_entry;   // printf format of one `____versions[]` entry: crc, name
};

struct EraMessages {
    const char* fatal_prefix;         // how a fatal message starts ("FATAL: " or, with one logger, "ERROR: ")
    bool names_object_file;           // the .BTF and mismatch warnings name `<mod>.o` (6.1) or `<mod>` (6.12)
    bool description_warning_with_W;  // `missing MODULE_DESCRIPTION()` under -W (6.5-6.14)
};

struct Era {
    std::string_view name;          // "6.1", "6.12": what MODLINK_MODPOST_ERA names
    const char* option_string;      // getopt's
    ExportMarkers export_markers;
    CheckOrder check_order;
    DeviceTableNaming device_tables;
    std::span<const std::string_view> device_types;  // the MODULE_DEVICE_TABLE types file2alias knows
    bool acpi_class_in_host_order;                   // 6.1 reads acpi cls/cls_msk in its own byte order
    ModCText mod_c;
    EraMessages messages;
    const SectionRules* section_rules;
    // A `-T -` list comes from standard input (6.1); 6.12 opens a file named "-".
    bool object_list_from_stdin;
};

const Era& era_6_1();
const Era& era_6_12();

// The verified era of kernel version MAJOR.MINOR, or nullptr.
const Era* era_for_version(unsigned major, unsigned minor);
// The era MODLINK_MODPOST_ERA names ("6.1", "6.12"), or nullptr.
const Era* era_named(std::string_view name);

}  // namespace modlink::modpost
