// SPDX-License-Identifier: MIT
// The 6.1 era, as Debian's linux-kbuild-6.1 modpost behaves (a 6.1.y
// stable tree): the base every later era is written against.
#include "modlink/modpost/era.h"
#include "modpost/device_aliases.h"
#include "modpost/module_words.h"
#include "modpost/section_rules.h"

#include <fmt/format.h>

#include <string>
#include <vector>

namespace modlink::modpost {

namespace {

// Debian's 6.1 (a 6.1.y stable tree) already has the later TEXT list
// (".text.*", ".ltext") and no .memexit sections.
const SectionGroupPatterns kGroups[] = {
    {kText, {".text", ".text.*", ".sched.text", ".kprobes.text", ".cpuidle.text", ".noinstr.text", ".ltext", ".ltext.*"}},
    {kOtherText, {".ref.text", ".head.text", ".spinlock.text", ".fixup", ".entry.text", ".exception.text", ".coldtext",
                  ".softirqentry.text", ".irqentry.text"}},
    {kInitText, {".init.text", ".meminit.text"}},
    {kExitText, {".exit.text"}},
    {kData, {".data", ".data.rel"}},
    {kInit, {".init.*"}},
    {kMemInit, {".meminit.*"}},
    {kExit, {".exit.*"}},
    {kInitData, {".init.setup", ".init.rodata", ".meminit.rodata", ".init.data", ".meminit.data"}},
    {kPciInit, {".pci_fixup_early", ".pci_fixup_header", ".pci_fixup_final", ".pci_fixup_enable", ".pci_fixup_resume",
                ".pci_fixup_resume_early", ".pci_fixup_suspend"}},
    {kKsymtab, {"___ksymtab*"}},
    {kExTable, {"__ex_table"}},
    {kAltInstr, {".altinstr_replacement"}},
    {kHead, {".head.text*"}},
};

constexpr std::uint32_t kAllInit = kInit | kMemInit;

// Names of data symbols that may point into init/exit code (driver and
// ops structures that are used only during probe or registration).
const Patterns kDefaultSymbols = {"*driver", "*_template", "*_timer", "*_sht",
                                  "*_ops",   "*_probe",    "*_probe_one", "*_console"};
const Patterns kDataToInitSymbols = {"*_template", "*_timer", "*_sht",    "*_ops",
                                     "*_probe",    "*_probe_one", "*_console"};
const Patterns kNoSymbols = {};

const MismatchRule kRules[] = {
    {kText, kAllInit, 0, MismatchKind::Reference, &kDefaultSymbols},
    {kData, kMemInit, 0, MismatchKind::Reference, &kDefaultSymbols},
    {kData, kInit, 0, MismatchKind::Reference, &kDataToInitSymbols},
    {kText, kExit, 0, MismatchKind::Reference, &kDefaultSymbols},
    {kData, kExit, 0, MismatchKind::Reference, &kDefaultSymbols},
    {kMemInit, kInit, 0, MismatchKind::Reference, &kDefaultSymbols},
    {kAllInit, kExit, 0, MismatchKind::Reference, &kNoSymbols},
    {kExit, kAllInit, 0, MismatchKind::Reference, &kNoSymbols},
    {kPciInit, kInit, 0, MismatchKind::Reference, &kNoSymbols},
    {kKsymtab, kInit | kExit, 0, MismatchKind::ExportInitExit, &kNoSymbols},
    {kExTable, kAltInstr, kAllText, MismatchKind::ExTable, &kNoSymbols},
};

const SectionRules kSectionRules{
    kGroups,
    kRules,
    {".comment*", ".debug*", ".zdebug*", ".GCC.command.line", ".mdebug*", ".pdr", ".stab*", ".note*", ".got*", ".toc*",
     ".xt.prop", ".xt.lit", ".arcextmap*", ".gnu.linkonce.arcext*", ".cmem*", ".fmt_slot*", ".gnu.lto*", ".discard.*"},
    RelocAddress::AddendOnly,
    MismatchSymbolSearch::LinearBySectionName,
    MismatchWording::SymbolsOnly,
    ExTableReport::OwnHandler,
};

// file2alias's types (pnp_card: pnp's struct with a card id and eight
// device ids).
std::vector<const DeviceTableType*> device_types_6_1() {
    return device_types_named({
        "hid",     "ieee1394", "pci",     "ccw",    "ap",     "css",      "serio",  "acpi",     "pcmcia",    "vio",
        "input",   "eisa",     "parisc",  "sdio",   "ssb",    "bcma",     "virtio", "vmbus",    "rpmsg",     "i2c",
        "i3c",     "spi",      "dmi",     "platform", "mdio", "zorro",    "isapnp", "ipack",    "amba",      "mipscdmm",
        "x86cpu",  "cpu",      "mei",     "rapidio", "ulpi",  "hdaudio",  "sdw",    "fslmc",    "tbsvc",     "typec",
        "tee",     "wmi",      "mhi",     "mhi_ep", "auxiliary", "ssam",  "dfl",    "ishtp",    "usb",       "of",
        "pnp",     "pnp_card",
    });
}

// The words of every per-module message, 6.1 to 7.2 (7.3 reworded them).
std::string s(std::string_view v) { return std::string(v); }
const ModuleWords kBracketedWords{
    .undefined = [](const ModuleRef& m, std::string_view sym) { return "\"" + s(sym) + "\" [" + s(m.name) + ".ko] undefined!\n"; },
    .exported_without_definition =
        [](const ModuleRef& m, std::string_view sym) {
            return "\"" + s(sym) + "\" [" + s(m.name) + ".ko] was exported without definition\n";
        },
    .namespace_not_imported =
        [](const ModuleRef& m, std::string_view sym, std::string_view ns) {
            return "module " + s(m.base) + " uses symbol " + s(sym) + " from namespace " + s(ns) + ", but does not import it.\n";
        },
    .gpl_only =
        [](const ModuleRef& m, std::string_view sym) {
            return "GPL-incompatible module " + s(m.base) + ".ko uses GPL-only symbol '" + s(sym) + "'\n";
        },
    .name_too_long = [](const ModuleRef& m) { return "module name is too long [" + s(m.name) + ".ko]\n"; },
    .missing_license = [](const ModuleRef& m) { return "missing MODULE_LICENSE() in " + s(m.object) + "\n"; },
    .explicit_module_namespace =
        [](const ModuleRef& m, std::string_view ns) {
            return s(m.name) + ": explicitly importing namespace \"" + s(ns) + "\" is not allowed.\n";
        },
    .missing_description = [](const ModuleRef& m) { return "missing MODULE_DESCRIPTION() in " + s(m.object) + "\n"; },
    .common_symbol = [](const ModuleRef& m, std::string_view sym) { return "\"" + s(sym) + "\" [" + s(m.name) + "] is COMMON symbol\n"; },
    .non_allocatable_section =
        [](const ModuleRef& m, std::string_view section) {
            return s(m.file_name) + " (" + s(section) +
                   "): unexpected non-allocatable section.\n"
                   "Did you forget to use \"ax\"/\"aw\" in a .S file?\n"
                   "Note that for example <linux/init.h> contains\n"
                   "section definitions for use in .S files.\n\n";
        },
    .version_generation_failed =
        [](const ModuleRef& m, std::string_view sym) {
            return "EXPORT symbol \"" + s(sym) + "\" [" + s(m.name) + (m.vmlinux ? "" : ".ko") +
                   "] version generation failed, symbol will not be versioned.\nIs \"" + s(sym) +
                   "\" prototyped in <asm/asm-prototypes.h>?\n";
        },
    .no_crc = [](const ModuleRef& m, std::string_view sym) { return "\"" + s(sym) + "\" [" + s(m.name) + ".ko] has no CRC!\n"; },
    .too_long_symbol = [](const ModuleRef& m, std::string_view sym) { return "too long symbol \"" + s(sym) + "\" [" + s(m.name) + ".ko]\n"; },
    .exported_twice =
        [](const ModuleRef& owner, std::string_view sym, const ModuleRef& previous) {
            return s(owner.name) + ": '" + s(sym) + "' exported twice. Previous export was in " + s(previous.name) +
                   (previous.vmlinux ? "" : ".ko") + "\n";
        },
    .strange_export_record =
        [](const ModuleRef& m, std::string_view label) {
            return s(m.name) + ": .export_symbol section contains strange symbol '" + s(label) + "'\n";
        },
    .local_symbol_exported =
        [](const ModuleRef& m, std::string_view sym) { return s(m.name) + ": local symbol '" + s(sym) + "' was exported\n"; },
    .not_an_export_symbol =
        [](const ModuleRef& m, std::string_view sym) {
            return s(m.name) + ": .export_symbol section references '" + s(sym) + "', but it does not seem to be an export symbol\n";
        },
    .unknown_export_license =
        [](const ModuleRef& m, std::string_view license, std::string_view sym) {
            return s(m.name) + ": unknown license '" + s(license) + "' was specified for '" + s(sym) + "'\n";
        },
    .export_of_init_symbol =
        [](const ModuleRef& m, std::string_view sym) {
            return s(m.name) + ": " + s(sym) + ": EXPORT_SYMBOL used for init symbol. Remove __init or EXPORT_SYMBOL.\n";
        },
    .export_of_exit_symbol =
        [](const ModuleRef& m, std::string_view sym) {
            return s(m.name) + ": " + s(sym) + ": EXPORT_SYMBOL used for exit symbol. Remove __exit or EXPORT_SYMBOL.\n";
        },
    .section_mismatch =
        [](const ModuleRef& m, std::string_view from, bool from_symbol, unsigned offset, std::string_view fromsec,
           std::string_view to, std::string_view tosec) {
            return fmt::format("{}: section mismatch in reference: {}{}0x{:x} (section: {}) -> {} (section: {})\n",
                               m.file_name, from, from_symbol ? "+" : "", offset, fromsec, to, tosec);
        },
};

const Era kEra61WithoutDevices{
    .name = "6.1",
    // Debian's binary accepts -W too (no use in 6.1).
    .option_string = "ei:mnT:o:aWwENd:",
    .export_markers = ExportMarkers::KsymtabSections,
    .check_order = CheckOrder::EachBeforeItsWrite,
    .device_tables = DeviceTableNaming::TypeFirst,
    .device_table_faults = DeviceTableFaults::FatalWithDump,
    .aliases_deduplicated = false,
    .device_types = {},  // device_types_6_1(), set in era_6_1()
    .acpi_class_in_host_order = true,
    .mod_c =
        {
            .header = "#include <linux/module.h>\n"
                      "#define INCLUDE_VERMAGIC\n"
                      "#include <linux/build-salt.h>\n"
                      "#include <linux/elfnote-lto.h>\n"
                      "#include <linux/export-internal.h>\n"
                      "#include <linux/vermagic.h>\n"
                      "#include <linux/compiler.h>\n"
                      "\n"
                      "BUILD_SALT;\n"
                      "BUILD_LTO_INFO;\n"
                      "\n"
                      "MODULE_INFO(vermagic, VERMAGIC_STRING);\n"
                      "MODULE_INFO(name, KBUILD_MODNAME);\n"
                      "\n",
            .retpoline = "\n#ifdef CONFIG_RETPOLINE\nMODULE_INFO(retpoline, \"Y\");\n#endif\n",
            .ksymtab = KsymtabLines::None,
            .version_entry = "\t{ %#8x, \"%s\" },\n",
            .basic_and_extended_versions = false,
            .builtin_aliases = false,
            .aliases_formatted_at_write = false,
        },
    .messages =
        {
            .fatal_prefix = "FATAL: ",
            .names_object_file = true,
            .description_warning = DescriptionWarning::Never,
        },
    .section_rules = &kSectionRules,
    .object_list_from_stdin = true,
    .module_namespaces = false,
    .section_bounds_not_imports = false,
    .no_trim_symbol_section = false,
    .thinlto_native_crcs = false,
    .words = &kBracketedWords,
};

}  // namespace

const Era& era_6_1() {
    static const std::vector<const DeviceTableType*> device_types = device_types_6_1();
    static const Era era = [] {
        Era e = kEra61WithoutDevices;
        e.device_types = device_types;
        return e;
    }();
    return era;
}
const ModuleWords& bracketed_words() { return kBracketedWords; }

}  // namespace modlink::modpost
