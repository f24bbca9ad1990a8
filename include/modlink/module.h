// SPDX-License-Identifier: MIT
// What one module (a .o or a final .ko) says about itself: name, .modinfo,
// what it imports, what it exports (in every format era), and the symbol
// versions it was built against. Built once from an ElfFile; holds no
// pointers into the mapped file, so the mapping can be dropped right after.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "modlink/input_file.h"
#include "modlink/modinfo.h"

namespace modlink {

class ElfFile;

// Where the exports were found, which also tells the kernel era.
enum class ExportFormat {
    None,          // the module exports nothing
    KsymtabObject, // ≤6.4 objects: one ___ksymtab[_gpl]+SYM section per export
    KsymtabFinal,  // final .ko: merged __ksymtab / __ksymtab_gpl
    ExportSymbol,  // 6.5+ objects: .export_symbol records
    Kflagstab,     // 7.x final .ko: one __ksymtab plus a __kflagstab byte per entry
};
const char* export_format_name(ExportFormat f);

struct Export {
    std::string name;
    bool gpl_only = false;
    std::string ns;                    // "" when none
    std::optional<std::uint32_t> crc;  // from __crc_SYM when the module has one
};

// Names of imports and symbol versions are views: a parsed Module keeps
// them in its own storage (one buffer per module instead of hundreds of
// small strings; a kernel tree has ~185,000 of each).
struct Import {
    std::string_view name;
    bool weak = false;
};

struct SymbolVersion {
    std::string_view name;
    std::uint32_t crc = 0;
};

struct Module {
    std::string path;  // as given by the user
    std::string name;  // module name as the loader knows it ('-' becomes '_')

    Modinfo modinfo;
    std::vector<std::string> licenses;   // every license= tag, in order
    std::vector<std::string> import_ns;  // every import_ns= tag, in order
    std::string vermagic;                // "" when absent

    std::vector<Import> imports;  // undefined symbols, symtab order, minus ignored names
    std::vector<Export> exports;  // discovery order
    ExportFormat export_format = ExportFormat::None;

    bool has_versions = false;             // a __versions section exists
    std::vector<SymbolVersion> versions;   // __versions entries
    bool has_ext_versions = false;         // __version_ext_crcs + __version_ext_names
    std::vector<SymbolVersion> ext_versions;

    // A final module (.ko): linked with its .mod.o, so it has the
    // .gnu.linkonce.this_module section, vermagic and __versions. The
    // loader-only checks apply to final modules only.
    bool is_final = false;
    bool has_init = false;     // defines init_module
    bool has_cleanup = false;  // defines cleanup_module
    std::uint16_t machine = 0;
    bool is64 = false;
    bool big_endian = false;

    // CRC the module was built against for `symbol`, from the extended table
    // first (the loader prefers it), then __versions.
    const SymbolVersion* version_of(std::string_view symbol) const;

    // Copies every view (modinfo, import and version names) into storage
    // owned by this Module, so the file they were read from can go. The
    // storage is immutable and shared by copies of the Module.
    void own_strings();

private:
    std::shared_ptr<const char[]> storage_;
};

struct ParseOptions {
    // Keep every .modinfo entry (the tags a check needs, licenses, import_ns,
    // vermagic and name, are always extracted). A whole kernel tree has
    // ~70,000 entries, mostly aliases, that a check never reads.
    bool keep_modinfo = true;
};

// Reads and parses a module file (.o, .ko, .ko.{zst,xz,gz}). Throws Error.
Module read_module(const std::string& path, const ParseOptions& opts = {});

// Opens a module file for reading (inflated when compressed). Throws Error
// naming the file, also for an empty one.
Input open_module_input(const std::string& path);
// Parses an already opened ELF image.
Module parse_module(const ElfFile& elf, const std::string& path, const ParseOptions& opts = {});

// Exports of any ELF image (a vmlinux included), all eras.
std::vector<Export> read_elf_exports(const ElfFile& elf, const std::string& path);

// "drivers/net/foo-bar.ko.xz" -> "drivers/net/foo-bar": a module file's path
// without its .ko[.zst|.xz|.gz] or .o suffix.
std::string_view strip_module_suffix(std::string_view path);

// "drivers/net/foo-bar.ko.xz" -> "foo_bar": the loader's name for a module file.
std::string module_name_from_path(std::string_view path);

// modpost's remove_dot(): "foo.123" and "foo.4.lto" become "foo"; names with
// a dot followed by anything but digits (foo.constprop.0, .foo) are kept.
std::string_view strip_numeric_suffix(std::string_view name);

// Undefined names that never need an exporter (modpost's ignore list and
// the loader's), per target machine.
bool is_ignored_import(std::string_view name, std::uint16_t machine);

}  // namespace modlink
