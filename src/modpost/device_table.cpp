// SPDX-License-Identifier: MIT
#include "modlink/modpost/device_table.h"

namespace modlink::modpost {

void handle_device_table(Session&, ModpostModule&, const ElfFile&, const ElfSymbol&, std::string_view) {}

}  // namespace modlink::modpost
