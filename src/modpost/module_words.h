// SPDX-License-Identifier: MIT
// The words of modpost's messages about one module, as one era's set. Up to
// 7.2 they read `"sym" [mod.ko] undefined!`; 7.3 (mod_warn()/mod_error())
// puts the module first and quotes names: `mod.ko: symbol 'sym' undefined!`.
// Each era points at its set (era.h); the passes pick the level (warning or
// error) and print what the set says. Every function returns the whole
// message with its newline(s).
#pragma once

#include <string>
#include <string_view>

namespace modlink::modpost {

// The module a message is about.
struct ModuleRef {
    std::string_view name;       // the path below the build without ".ko" (mod->name)
    std::string_view base;       // its last component
    bool vmlinux = false;        // vmlinux has no ".ko"
    std::string_view object;     // the object file read, "<name>.o"
    std::string_view file_name;  // what ≤7.2's section messages name: the object (6.1) or the module (6.12+)
};

struct ModuleWords {
    std::string (*undefined)(const ModuleRef&, std::string_view sym);
    std::string (*exported_without_definition)(const ModuleRef&, std::string_view sym);
    std::string (*namespace_not_imported)(const ModuleRef&, std::string_view sym, std::string_view ns);
    std::string (*gpl_only)(const ModuleRef&, std::string_view sym);
    std::string (*name_too_long)(const ModuleRef&);
    std::string (*missing_license)(const ModuleRef&);
    std::string (*explicit_module_namespace)(const ModuleRef&, std::string_view ns);
    std::string (*missing_description)(const ModuleRef&);
    std::string (*common_symbol)(const ModuleRef&, std::string_view sym);
    std::string (*non_allocatable_section)(const ModuleRef&, std::string_view section);
    std::string (*version_generation_failed)(const ModuleRef&, std::string_view sym);
    std::string (*no_crc)(const ModuleRef&, std::string_view sym);
    std::string (*too_long_symbol)(const ModuleRef&, std::string_view sym);
    std::string (*exported_twice)(const ModuleRef& owner, std::string_view sym, const ModuleRef& previous);
    std::string (*strange_export_record)(const ModuleRef&, std::string_view label);
    std::string (*local_symbol_exported)(const ModuleRef&, std::string_view sym);
    std::string (*not_an_export_symbol)(const ModuleRef&, std::string_view sym);
    std::string (*unknown_export_license)(const ModuleRef&, std::string_view license, std::string_view sym);
    std::string (*export_of_init_symbol)(const ModuleRef&, std::string_view sym);
    std::string (*export_of_exit_symbol)(const ModuleRef&, std::string_view sym);
    // 6.7+'s section mismatch line: `from` at `offset` in `fromsec` (with
    // "+" when `from` names a symbol) refers to `to` in `tosec`.
    std::string (*section_mismatch)(const ModuleRef&, std::string_view from, bool from_symbol, unsigned offset,
                                    std::string_view fromsec, std::string_view to, std::string_view tosec);
};

// The words of 6.1 to 7.2 (era_6_1.cpp).
const ModuleWords& bracketed_words();

}  // namespace modlink::modpost
