// SPDX-License-Identifier: MIT
// file2alias: MODULE_DEVICE_TABLE(type, name) leaves a symbol
// `__mod_<type>__<name>_device_table` (6.1) over the table's bytes; each
// entry becomes one or more MODULE_ALIAS strings. Struct layouts depend on
// the target (word size, alignment, byte order), so every field is read
// through a layout computed for the object's ELF class and machine.
#pragma once

#include <string_view>

#include "modlink/elf.h"
#include "modpost/session.h"

namespace modlink::modpost {

// Looks at one symbol; when it names a device table of a known type, adds
// the aliases to `mod`. Unknown types are ignored, as upstream does.
void handle_device_table(Session& session, ModpostModule& mod, const ElfFile& elf, const ElfSymbol& sym,
                         std::string_view name);

}  // namespace modlink::modpost
