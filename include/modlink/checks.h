// SPDX-License-Identifier: MIT
// The checks: pure functions of (module, kernel) that list what modpost would
// refuse at build time or the loader at load time (modpost's export and
// license checks, and the loader's resolve_symbol, namespace and license
// rules in kernel/module/main.c).
// The verdict follows the loader for built modules, with a note where
// modpost would have judged differently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modlink/findings.h"
#include "modlink/kernel.h"
#include "modlink/module.h"

namespace modlink {

std::vector<Finding> check_module(const Module& m, const Kernel& k);

// The loader's same_magic(): with modversions the release word is not compared.
bool vermagic_matches(std::string_view module_magic, std::string_view kernel_magic, bool has_crcs);

}  // namespace modlink
