// SPDX-License-Identifier: MIT
// Reading one object file the way modpost 6.1 does: license and imported
// namespaces from .modinfo, imports and exports from the symbol table
// (exports are the `__ksymtab_<sym>` labels in `___ksymtab[_gpl]+<sym>`
// sections, namespaces the `__kstrtabns_<sym>` strings), device tables,
// the per-section checks, srcversion and the .cmd CRCs.
#pragma once

#include <string>

#include "modpost/session.h"

namespace modlink::modpost {

// Reads `path` (which must end in ".o") into the session. Files that are
// too small or lack the ELF magic are skipped silently, as upstream does.
void read_object(Session& session, const std::string& path);

}  // namespace modlink::modpost
