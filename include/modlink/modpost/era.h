// SPDX-License-Identifier: MIT
// An era of the kernel's modpost: everything the drop-in does differently
// from one verified kernel version to the next, as one value chosen once
// per run (era_choice.h) and read by the shared passes. Each era lives in
// its own file (era_6_1.cpp, era_6_12.cpp, era_7_2.cpp, ...), written as
// the changes from the era before, and has one line in the registry
// (era_registry.cpp); nothing outside those files asks which version it is.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace modlink::modpost {

struct SectionRules;  // section_mismatch.h
struct ModuleWords;   // module_words.h
struct DeviceTableType;  // device_aliases.h

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
    TypeFirst,   // ≤6.12: `__mod_<type>__<name>_device_table`
    ModuleFirst, // 6.18+: `__mod_device_table__kmod_<mod>__<type>__<name>`
};

// What a device table that is not whole entries, or whose last entry is
// not all zeros, gets.
enum class DeviceTableFaults {
    FatalWithDump,   // ≤6.12: "sizeof(struct %s_device_id)=..." / the last entry's bytes, then a fatal
    ErrorByName,     // 7.x: "type mismatch between %s[] and MODULE_DEVICE_TABLE(%s, ...)" /
                     // "%s[] is not terminated with a NULL entry", errors, the run goes on
};

// The module's own export lines in its .mod.c.
enum class KsymtabLines {
    None,                // 6.1: the compiler made the ksymtab
    LicenseAndNamespace, // 6.5: KSYMTAB_FUNC(sym, "_gpl", "ns"); SYMBOL_CRC(sym, 0x..., "_gpl");
    FlagsLine,           // 7.1: KSYMTAB_FUNC(sym, "ns"); SYMBOL_FLAGS(sym, 0x01); SYMBOL_CRC(sym, 0x...);
};

// When the missing-MODULE_DESCRIPTION() warning is given.
enum class DescriptionWarning {
    Never,   // 6.1
    WithW,   // 6.5-6.14: under -W
    Always,  // 6.15+
};

// The pieces of `<mod>.mod.c` and `.vmlinux.export.c`.
struct ModCText {
    std::string_view header;     // up to and including `MODULE_INFO(name, ...)` and the blank line after it
    std::string_view retpoline;  // the retpoline block after the intree line ("" when module-common.c has it)
    KsymtabLines ksymtab;        // the module's own exports (and their CRCs)
    const char* version_entry;   // printf format of one `____versions[]` entry: crc, name
    // 6.14: -b writes ____versions[], -x the extended ____version_ext_crcs[]
    // and ____version_ext_names[] (the only place for a name of
    // MODULE_NAME_LEN or more); before, -m alone wrote ____versions[].
    bool basic_and_extended_versions;
    // 6.18: aliases of device tables in vmlinux (built-in modules) become
    // `MODULE_INFO(<mod>.alias, "...")` lines of .vmlinux.export.c.
    bool builtin_aliases;
    // 6.13: MODULE_ALIAS lines are formatted when the .mod.c is written
    // (from the module's alias list), so buf_printf's "output truncated"
    // fatal comes there, after the checks; before, as each alias was made.
    bool aliases_formatted_at_write;
};

struct EraMessages {
    const char* fatal_prefix;         // how a fatal message starts ("FATAL: " or, with one logger, "ERROR: ")
    bool names_object_file;           // the .BTF and mismatch warnings name `<mod>.o` (6.1) or `<mod>` (6.12)
    DescriptionWarning description_warning;  // `missing MODULE_DESCRIPTION() in <obj>`
};

struct Era {
    std::string_view name;          // "6.1", "6.12": what MODLINK_MODPOST_ERA names
    const char* option_string;      // getopt's
    ExportMarkers export_markers;
    CheckOrder check_order;
    DeviceTableNaming device_tables;
    DeviceTableFaults device_table_faults;
    bool aliases_deduplicated;                       // 6.13: a MODULE_ALIAS string is written once
    // The MODULE_DEVICE_TABLE types file2alias knows, each with the struct
    // and alias format of this era (device_aliases.h).
    std::span<const DeviceTableType* const> device_types;
    bool acpi_class_in_host_order;                   // 6.1 reads acpi cls/cls_msk in its own byte order
    ModCText mod_c;
    EraMessages messages;
    const SectionRules* section_rules;
    // A `-T -` list comes from standard input (6.1); 6.12 opens a file named "-".
    bool object_list_from_stdin;
    // 6.16: a namespace "module:a,b*" lets the modules it lists (a trailing
    // '*' is a prefix glob) use the export without importing anything, and
    // MODULE_IMPORT_NS("module:...") is an error.
    bool module_namespaces;
    // 7.2: undefined __start_<sec> and __stop_<sec> (the linker makes
    // them) are not imports.
    bool section_bounds_not_imports;
    // 7.2: an object's .no_trim_symbol section lists (NUL-separated) exports
    // that trimming (-t) keeps.
    bool no_trim_symbol_section;
    // 7.2: the CRCs of an object X.thinlto-native.o (distributed ThinLTO)
    // are in the .cmd file of X.o.
    bool thinlto_native_crcs;
    // The words of the per-module messages (module_words.h).
    const ModuleWords* words;
};

const Era& era_6_1();
const Era& era_6_12();
const Era& era_7_2();
const Era& era_7_3();

// One verified era and the kernel releases it covers: MAJOR.MINOR.0 to
// MAJOR.MINOR.x, every stable update of that release (modpost does not
// change within one), but none of its release candidates (era_choice.h).
struct KnownEra {
    const Era& (*era)();
    unsigned major;
    unsigned minor;
};

// The registry (era_registry.cpp), oldest first: the one list the version
// and name lookups, every message that names the known eras, the drop-in's
// --help and `modlink modpost --list-eras` (the tests' era list) come from.
std::span<const KnownEra> known_eras();
// The known eras' names joined: "6.1, 6.12, 7.2" with ", ".
std::string known_era_names(std::string_view separator);

// The verified era of kernel version MAJOR.MINOR, or nullptr.
const Era* era_for_version(unsigned major, unsigned minor);
// The era MODLINK_MODPOST_ERA names ("6.1", "6.12", ...), or nullptr.
const Era* era_named(std::string_view name);

}  // namespace modlink::modpost
