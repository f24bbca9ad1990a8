// SPDX-License-Identifier: MIT
// Reading one object file as modpost does: the object is opened and its
// header and section table checked as upstream checks them
// (object_file.h), then every pass runs over it in upstream's order:
// .no_trim_symbol (7.2+), the .modinfo tags (modinfo_tags.h), the symbol
// walks (symbol_walk.h), the per-section checks (section_checks.h),
// srcversion and the .cmd CRCs.
#pragma once

#include <string>

#include "modpost/session.h"

namespace modlink::modpost {

// Reads `path` (which must end in ".o") into the session. Files that are
// too small or lack the ELF magic are skipped silently, as upstream does.
void read_object(Session& session, const std::string& path);

}  // namespace modlink::modpost
