// SPDX-License-Identifier: MIT
// Resolving a module's imports against every export read so far, with the
// checks modpost makes on the way: undefined symbols (at most ten printed
// in a run, the rest counted), an import the module itself exports without
// defining, a namespace not imported, a GPL-only symbol used by a
// GPL-incompatible module; and the module name length.
#pragma once

#include "modlink/namespaces.h"

#include <string_view>

#include "modpost/session.h"

namespace modlink::modpost {

inline constexpr unsigned kMaxUnresolvedReports = 10;

// (kModuleNamespacePrefix, the `module:` lists: namespaces.h.)

void check_module_name_length(Session& session, const ModpostModule& mod);
void resolve_and_check_imports(Session& session, ModpostModule& mod);

}  // namespace modlink::modpost
