// SPDX-License-Identifier: MIT
// The 6.12 era (Debian 13's linux-kbuild-6.12), written as its changes
// from 6.1. Each was seen in trixie's own modpost binary, run as the
// oracle (tests/integration/modpost-kernel-trees.sh and the 6.12 cases):
//   options      -M (CONFIG_MODULES), -t -u (trimming, 6.5), -W (6.5);
//   exports      .export_symbol records read through their relocations
//                (6.5), and the module's own KSYMTAB lines in its .mod.c;
//   .mod.c       vermagic, build salt, LTO note and retpoline moved to
//                scripts/module-common.c;
//   order        every module is checked before any file is written;
//   messages     one logger: a fatal prints "ERROR: modpost: "; the .BTF
//                warning names the module without ".o"; the missing
//                MODULE_DESCRIPTION() warning under -W;
//   sections     6.7's symbol search and its smaller white list, 6.5's
//                "+0x" offsets, __ex_table through the common handler;
//   -T           "-" is a file name, not standard input;
//   devices      file2alias knows slim, cdx, vchiq and coreboot, and reads an
//                acpi class in the target's byte order.
#include "modlink/modpost/era.h"
#include "modpost/device_aliases.h"
#include "modpost/section_rules.h"

#include <string_view>
#include <vector>

namespace modlink::modpost {

namespace {

const SectionGroupPatterns kGroups[] = {
    {kText, {".text", ".text.*", ".sched.text", ".kprobes.text", ".cpuidle.text", ".noinstr.text", ".ltext", ".ltext.*"}},
    {kOtherText, {".ref.text", ".head.text", ".spinlock.text", ".fixup", ".entry.text", ".exception.text", ".coldtext",
                  ".softirqentry.text", ".irqentry.text"}},
    {kInitText, {".init.text"}},
    {kExitText, {".exit.text"}},
    {kData, {".data", ".data.rel"}},
    {kInit, {".init.*"}},
    {kExit, {".exit.*"}},
    {kInitData, {".init.setup", ".init.rodata", ".init.data"}},
    {kPciInit, {".pci_fixup_early", ".pci_fixup_header", ".pci_fixup_final", ".pci_fixup_enable", ".pci_fixup_resume",
                ".pci_fixup_resume_early", ".pci_fixup_suspend"}},
    {kExTable, {"__ex_table"}},
    {kAltInstr, {".altinstr_replacement"}},
    {kHead, {".head.text*"}},
};

// 6.7 dropped *driver, *_template, *_timer, *_sht and *_probe_one.
const Patterns kDataSymbols = {"*_ops", "*_probe", "*_console"};
const Patterns kNoSymbols = {};

const MismatchRule kRules[] = {
    {kText | kData, kInit | kExit, 0, MismatchKind::Reference, &kDataSymbols},
    {kInit, kExit, 0, MismatchKind::Reference, &kNoSymbols},
    {kExit, kInit, 0, MismatchKind::Reference, &kNoSymbols},
    {kPciInit, kInit, 0, MismatchKind::Reference, &kNoSymbols},
    {kExTable, kAltInstr, kAllText, MismatchKind::ExTable, &kNoSymbols},
};

const SectionRules kSectionRules{
    kGroups,
    kRules,
    {".comment*", ".debug*", ".zdebug*", ".GCC.command.line", ".mdebug*", ".pdr", ".stab*", ".note*", ".got*", ".toc*",
     ".xt.prop", ".xt.lit", ".arcextmap*", ".gnu.linkonce.arcext*", ".cmem*", ".fmt_slot*", ".gnu.lto*", ".discard.*",
     ".llvm.call-graph-profile"},
    RelocAddress::SymbolPlusAddend,
    MismatchSymbolSearch::SortedBySectionIndex,
    MismatchWording::SymbolPlusOffset,
    ExTableReport::CommonWarningThenVerdict,
};

Era make_era_6_12() {
    // file2alias gained slim, cdx, vchiq and coreboot.
    static const std::vector<const DeviceTableType*> device_types = device_types_changed(
        era_6_1().device_types, {device_table_type("slim"), device_table_type("cdx"), device_table_type("vchiq"),
                                 device_table_type("coreboot")});
    Era e = era_6_1();
    e.name = "6.12";
    e.option_string = "ei:MmnT:to:au:WwENd:";
    e.export_markers = ExportMarkers::ExportSymbolSection;
    e.check_order = CheckOrder::AllBeforeAnyWrite;
    e.device_types = device_types;
    e.acpi_class_in_host_order = false;
    e.mod_c.header =
        "#include <linux/module.h>\n"
        "#include <linux/export-internal.h>\n"
        "#include <linux/compiler.h>\n"
        "\n"
        "MODULE_INFO(name, KBUILD_MODNAME);\n"
        "\n";
    e.mod_c.retpoline = "";
    e.mod_c.ksymtab = KsymtabLines::LicenseAndNamespace;
    e.messages.fatal_prefix = "ERROR: ";
    e.messages.names_object_file = false;
    e.messages.description_warning = DescriptionWarning::WithW;
    e.section_rules = &kSectionRules;
    e.object_list_from_stdin = false;
    return e;
}

}  // namespace

const Era& era_6_12() {
    static const Era era = make_era_6_12();
    return era;
}

}  // namespace modlink::modpost
