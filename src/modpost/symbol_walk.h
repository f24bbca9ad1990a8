// SPDX-License-Identifier: MIT
// modpost's walks of an object's symbol table. The first, in table order:
// a common symbol is warned about, an undefined global or weak one is an
// import (unless the machine or era ignores it), a defined one may be an
// export (6.1's `__ksymtab_<sym>` labels in `___ksymtab[_gpl]+<sym>`
// sections) or init_module/cleanup_module, and any may be a device table.
// The second (6.1's markers only) gives the exports their namespaces, from
// the `__kstrtabns_<sym>` strings.
#pragma once

#include <vector>

#include "modlink/elf.h"
#include "modpost/session.h"

namespace modlink::modpost {

void walk_symbols(Session& session, ModpostModule& mod, const ElfFile& elf, const std::vector<ElfSymbol>& symbols);

void read_export_namespaces(Session& session, const ElfFile& elf, const std::vector<ElfSymbol>& symbols);

}  // namespace modlink::modpost
