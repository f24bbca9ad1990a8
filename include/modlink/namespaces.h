// SPDX-License-Identifier: MIT
// Symbol namespaces: whether a module imports one, how it imports one on a
// given kernel, and `module:` namespaces (6.16's EXPORT_SYMBOL_FOR_MODULES),
// which name the modules that may use an export instead: a comma-separated
// list of module names, each a prefix when it ends in '*'. modpost and the
// loader read that list alike but compare names differently: the loader
// treats '-' and '_' as one (module names are stored with '_'), modpost
// compares the bytes. The checker and the drop-in both read it here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "modlink/module.h"

namespace modlink {

inline constexpr std::string_view kModuleNamespacePrefix = "module:";

inline bool is_module_namespace(std::string_view ns) { return ns.starts_with(kModuleNamespacePrefix); }

enum class ModuleNameComparison {
    Bytes,               // modpost
    DashIsUnderscore,    // the loader
};

// Whether the `module:` namespace `ns` lists `module_name` (false for any
// other namespace).
bool module_namespace_lists(std::string_view ns, std::string_view module_name, ModuleNameComparison how);

// Does the module import the namespace, directly or through a `module:`
// list that names it (the loader's comparison)?
bool namespace_is_imported(const Module& m, std::string_view ns);

// What a module adds to import a namespace on that kernel:
// MODULE_IMPORT_NS(NS), with the name quoted since 6.13 (unknown release:
// unquoted). A "module:" namespace cannot be imported: nullopt.
std::optional<std::string> import_ns_statement(std::string_view ns, std::string_view kernel_release);

}  // namespace modlink
