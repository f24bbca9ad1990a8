// SPDX-License-Identifier: MIT
// The 7.2 era (Debian sid's linux-kbuild-7.2), written as its changes from
// 6.12. Each was seen in sid's own modpost binary, run as the oracle
// (tests/integration/modpost-kernel-trees.sh set sid-amd64, the 7.2
// modversions and namespace cases, the device fuzz):
//   options      -x extended and -b basic modversions (6.14);
//   .mod.c       KSYMTAB_FUNC/DATA(sym, "ns"), SYMBOL_FLAGS(sym, 0x01 when
//                GPL-only) and SYMBOL_CRC(sym, 0x%08x) (7.1); -b writes
//                ____versions[] with 0x%08x CRCs, skipping names too long
//                for it when -x writes ____version_ext_crcs[] and
//                ____version_ext_names[] (6.14);
//   namespaces   "module:a,b*" lets the listed modules use an export
//                without importing it; MODULE_IMPORT_NS("module:...") is an
//                error (6.16);
//   messages     missing MODULE_DESCRIPTION() is a warning without -W (6.15);
//   imports      undefined __start_<sec>/__stop_<sec> are not imports;
//   trimming     exports named in an object's .no_trim_symbol are kept;
//   CRCs         X.thinlto-native.o's are read from .X.o.cmd;
//   devices      tables named __mod_device_table__kmod_<mod>__<type>__<name>
//                (6.18), whose faults are errors naming the table; each
//                alias written once (6.13), vmlinux's as built-in modules'
//                MODULE_INFO(<mod>.alias, ...) lines of .vmlinux.export.c,
//                formatted (and buf_printf's truncation fatal) at write
//                time; mcb tables; auxiliary names of 40 bytes, typec
//                without the mode, WMI GUIDs checked and upper-cased, pci's
//                uncleared alias buffer, input's checked one, vio's 256
//                bytes (device_aliases.cpp);
//   sections     *_probe no longer white-listed (7.0), *_ops.llvm.* is;
//                __llvm_covfun, __llvm_covmap and .klp.symid are never
//                checked.
#include "modlink/modpost/era.h"
#include "modpost/device_aliases.h"
#include "modpost/section_rules.h"

#include <string_view>
#include <vector>

namespace modlink::modpost {

namespace {

// 7.0 dropped *_probe; Clang LTO's renamed ops structures are allowed too.
const Patterns kDataSymbols = {"*_ops", "*_ops.llvm.*", "*_console"};
const Patterns kNoSymbols = {};

const MismatchRule kRules[] = {
    {kText | kData, kInit | kExit, 0, MismatchKind::Reference, &kDataSymbols},
    {kInit, kExit, 0, MismatchKind::Reference, &kNoSymbols},
    {kExit, kInit, 0, MismatchKind::Reference, &kNoSymbols},
    {kPciInit, kInit, 0, MismatchKind::Reference, &kNoSymbols},
    {kExTable, kAltInstr, kAllText, MismatchKind::ExTable, &kNoSymbols},
};


Era make_era_7_2() {
    // mcb tables; the structs and formats that changed (device_aliases.h).
    static const std::vector<const DeviceTableType*> device_types =
        device_types_changed(era_6_12().device_types, {device_table_type("mcb"), &kAuxiliaryName40, &kTypecSvidOnly,
                                                       &kWmiGuidChecked, &kPciBufferCarried, &kInputBufferChecked,
                                                       &kVioAlias256});
    Era e = era_6_12();
    e.name = "7.2";
    e.option_string = "ei:MmnT:to:au:WwENd:xb";
    e.device_tables = DeviceTableNaming::ModuleFirst;
    e.device_table_faults = DeviceTableFaults::ErrorByName;
    e.aliases_deduplicated = true;
    e.device_types = device_types;
    e.mod_c.ksymtab = KsymtabLines::FlagsLine;
    e.mod_c.version_entry = "\t{ 0x%08x, \"%s\" },\n";
    e.mod_c.basic_and_extended_versions = true;
    e.mod_c.builtin_aliases = true;
    e.mod_c.aliases_formatted_at_write = true;
    e.messages.description_warning = DescriptionWarning::Always;
    // 6.12's section groups, unchanged; 7.x's rules and unchecked sections.
    static const SectionRules section_rules{
        e.section_rules->groups,
        kRules,
        {".comment*", ".debug*", ".zdebug*", ".GCC.command.line", ".mdebug*", ".pdr", ".stab*", ".note*", ".got*", ".toc*",
         ".xt.prop", ".xt.lit", ".arcextmap*", ".gnu.linkonce.arcext*", ".cmem*", ".fmt_slot*", ".gnu.lto*", ".discard.*",
         ".llvm.call-graph-profile", "__llvm_covfun", "__llvm_covmap", ".klp.symid"},
        e.section_rules->reloc_address,
        e.section_rules->symbol_search,
        e.section_rules->wording,
        e.section_rules->extable_report,
    };
    e.section_rules = &section_rules;
    e.module_namespaces = true;
    e.section_bounds_not_imports = true;
    e.no_trim_symbol_section = true;
    e.thinlto_native_crcs = true;
    return e;
}

}  // namespace

const Era& era_7_2() {
    static const Era era = make_era_7_2();
    return era;
}

}  // namespace modlink::modpost
