// SPDX-License-Identifier: MIT
#include "modlink/namespaces.h"

#include <fmt/format.h>

#include "modlink/kernel_rules.h"

namespace modlink {

namespace {

bool same_name(std::string_view pattern, std::string_view name, ModuleNameComparison how) {
    bool glob = !pattern.empty() && pattern.back() == '*';
    if (glob) pattern.remove_suffix(1);
    if (glob ? name.size() < pattern.size() : name.size() != pattern.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        char a = pattern[i], b = name[i];
        if (how == ModuleNameComparison::DashIsUnderscore) {
            if (a == '-') a = '_';
            if (b == '-') b = '_';
        }
        if (a != b) return false;
    }
    return true;
}

}  // namespace

bool module_namespace_lists(std::string_view ns, std::string_view module_name, ModuleNameComparison how) {
    if (!is_module_namespace(ns)) return false;
    std::string_view list = ns.substr(kModuleNamespacePrefix.size());
    while (!list.empty()) {
        std::size_t comma = list.find(',');
        if (same_name(list.substr(0, comma), module_name, how)) return true;
        if (comma == std::string_view::npos) break;
        list = list.substr(comma + 1);
    }
    return false;
}

bool namespace_is_imported(const Module& m, std::string_view ns) {
    if (is_module_namespace(ns)) return module_namespace_lists(ns, m.name, ModuleNameComparison::DashIsUnderscore);
    for (const std::string& imported : m.import_ns)
        if (imported == ns) return true;
    return false;
}

std::optional<std::string> import_ns_statement(std::string_view ns, std::string_view kernel_release) {
    if (is_module_namespace(ns)) return std::nullopt;
    bool quoted = release_has(kernel_release, KernelRule::ImportNsTakesString).value_or(false);
    return quoted ? fmt::format("MODULE_IMPORT_NS(\"{}\")", ns) : fmt::format("MODULE_IMPORT_NS({})", ns);
}

}  // namespace modlink
