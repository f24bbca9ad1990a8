// SPDX-License-Identifier: MIT
// Which module rules a kernel release has: the changes in the loader and in
// modpost that the checker and the drop-in both depend on, each with the
// release that brought it, in one table (kernel_rules.cpp). `check` reads
// it to know what a kernel's loader does; the drop-in's eras are held to
// it (modpost_era_test.cpp), so both agree on what a version means.
#pragma once

#include <optional>
#include <string_view>

namespace modlink {

enum class KernelRule {
    // 6.6: a module that uses GPL-only symbols may not use symbols a
    // proprietary module exports (kernel/module/main.c, resolve_symbol).
    GplUsersRefuseProprietaryExports,
    // 6.13: MODULE_IMPORT_NS() takes a string: MODULE_IMPORT_NS("NS").
    ImportNsTakesString,
    // 6.16: an export's namespace "module:a,b*" lets the modules it lists
    // use it without importing anything.
    ModuleNamespaces,
};

// Whether kernel version MAJOR.MINOR has `rule`.
bool version_has(unsigned major, unsigned minor, KernelRule rule);
// Whether the kernel of `release` ("6.12.57+deb13-amd64") has `rule`;
// nullopt when the release does not start with MAJOR.MINOR.
std::optional<bool> release_has(std::string_view release, KernelRule rule);

}  // namespace modlink
