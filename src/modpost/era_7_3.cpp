// SPDX-License-Identifier: MIT
// The 7.3 era (Debian trixie-backports' linux-kbuild-7.3), written as its
// changes from 7.2, each seen in that binary run as the oracle
// (modpost-kernel-trees on trixie-bpo-amd64's 4,225 modules, and the
// once-per-era suites):
//   messages   "modpost: add module as parameter to modpost_log()" and "use
//              mod_warn() and mod_error()": every per-module message starts
//              with the module, "<mod>.ko: " ("vmlinux: " for vmlinux), and
//              names symbols and namespaces in single quotes:
//              `foo.ko: symbol 'bar' undefined!`,
//              `foo.ko: GPL-incompatible module uses GPL-only symbol 'bar'`,
//              `foo.ko: module uses symbol 'bar' from namespace 'NS', but
//              does not import it.`, `foo.ko: unexpected non-allocatable
//              section '.BTF'.`; the module is its path below the build,
//              where 7.2 named some messages by the basename alone;
//   devices    struct ap_device_id lost driver_info (4 bytes, from 16).
// Everything else (the .mod.c, the dump, the checks) is 7.2's: the whole
// Debian kernel's outputs are identical under 7.2's rules.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "modlink/modpost/era.h"
#include "modpost/device_aliases.h"
#include "modpost/module_words.h"

namespace modlink::modpost {

namespace {

// mod_warn()/mod_error()'s "%s%s: " before the message.
std::string who(const ModuleRef& m) { return std::string(m.name) + (m.vmlinux ? "" : ".ko") + ": "; }
std::string s(std::string_view v) { return std::string(v); }

const ModuleWords kModuleFirstWords{
    .undefined = [](const ModuleRef& m, std::string_view sym) { return who(m) + "symbol '" + s(sym) + "' undefined!\n"; },
    .exported_without_definition =
        [](const ModuleRef& m, std::string_view sym) { return who(m) + "symbol '" + s(sym) + "' was exported without definition\n"; },
    .namespace_not_imported =
        [](const ModuleRef& m, std::string_view sym, std::string_view ns) {
            return who(m) + "module uses symbol '" + s(sym) + "' from namespace '" + s(ns) + "', but does not import it.\n";
        },
    .gpl_only =
        [](const ModuleRef& m, std::string_view sym) {
            return who(m) + "GPL-incompatible module uses GPL-only symbol '" + s(sym) + "'\n";
        },
    .name_too_long = [](const ModuleRef& m) { return who(m) + "module name is too long\n"; },
    .missing_license = [](const ModuleRef& m) { return who(m) + "missing MODULE_LICENSE()\n"; },
    .explicit_module_namespace =
        [](const ModuleRef& m, std::string_view ns) {
            return who(m) + "explicitly importing namespace '" + s(ns) + "' is not allowed.\n";
        },
    .missing_description = [](const ModuleRef& m) { return who(m) + "missing MODULE_DESCRIPTION()\n"; },
    .common_symbol = [](const ModuleRef& m, std::string_view sym) { return who(m) + "'" + s(sym) + "' is COMMON symbol\n"; },
    .non_allocatable_section =
        [](const ModuleRef& m, std::string_view section) {
            return who(m) + "unexpected non-allocatable section '" + s(section) +
                   "'.\n"
                   "Did you forget to use \"ax\"/\"aw\" in a .S file?\n"
                   "Note that for example <linux/init.h> contains\n"
                   "section definitions for use in .S files.\n\n";
        },
    .version_generation_failed =
        [](const ModuleRef& m, std::string_view sym) {
            return who(m) + "EXPORT symbol '" + s(sym) + "' version generation failed, symbol will not be versioned.\nIs '" +
                   s(sym) + "' prototyped in <asm/asm-prototypes.h>?\n";
        },
    .no_crc = [](const ModuleRef& m, std::string_view sym) { return who(m) + "symbol '" + s(sym) + "' has no CRC!\n"; },
    .too_long_symbol = [](const ModuleRef& m, std::string_view sym) { return who(m) + "too long symbol '" + s(sym) + "'\n"; },
    .exported_twice =
        [](const ModuleRef& owner, std::string_view sym, const ModuleRef& previous) {
            return who(owner) + "symbol '" + s(sym) + "' exported twice. Previous export was in " + s(previous.name) +
                   (previous.vmlinux ? "" : ".ko") + "\n";
        },
    .strange_export_record =
        [](const ModuleRef& m, std::string_view label) {
            return who(m) + ".export_symbol section contains strange symbol '" + s(label) + "'\n";
        },
    .local_symbol_exported =
        [](const ModuleRef& m, std::string_view sym) { return who(m) + "local symbol '" + s(sym) + "' was exported\n"; },
    .not_an_export_symbol =
        [](const ModuleRef& m, std::string_view sym) {
            return who(m) + ".export_symbol section references '" + s(sym) + "', but it does not seem to be an export symbol\n";
        },
    .unknown_export_license =
        [](const ModuleRef& m, std::string_view license, std::string_view sym) {
            return who(m) + "unknown license '" + s(license) + "' was specified for '" + s(sym) + "'\n";
        },
    .export_of_init_symbol =
        [](const ModuleRef& m, std::string_view sym) {
            return who(m) + "EXPORT_SYMBOL used for init symbol '" + s(sym) + "'. Remove __init or EXPORT_SYMBOL.\n";
        },
    .export_of_exit_symbol =
        [](const ModuleRef& m, std::string_view sym) {
            return who(m) + "EXPORT_SYMBOL used for exit symbol '" + s(sym) + "'. Remove __exit or EXPORT_SYMBOL.\n";
        },
    .section_mismatch =
        [](const ModuleRef& m, std::string_view from, bool from_symbol, unsigned offset, std::string_view fromsec,
           std::string_view to, std::string_view tosec) {
            return who(m) + fmt::format("section mismatch in reference: {}{}0x{:x} (section: {}) -> {} (section: {})\n", from,
                                        from_symbol ? "+" : "", offset, fromsec, to, tosec);
        },
};

Era make_era_7_3() {
    Era e = era_7_2();
    e.name = "7.3";
    e.words = &kModuleFirstWords;
    static const std::vector<const DeviceTableType*> device_types =
        device_types_changed(era_7_2().device_types, {&kApWithoutDriverInfo});
    e.device_types = device_types;
    return e;
}

}  // namespace

const Era& era_7_3() {
    static const Era era = make_era_7_3();
    return era;
}

}  // namespace modlink::modpost
