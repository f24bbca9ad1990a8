// SPDX-License-Identifier: MIT
// The symbol dump (Module.symvers, vmlinux.symvers, modules-only.symvers)
// as the drop-in reads (-i) and writes (-o) it, with upstream's own
// parse rules and messages (which differ from modlink's strict reader in
// symvers.h: an empty CRC field reads as 0, a namespace may hold TABs, an
// unknown export type is an error that skips the line).
#pragma once

#include <string>
#include <string_view>

#include "modpost/session.h"

namespace modlink::modpost {

// Reads one dump into the session: each module named there becomes a dump
// module. A missing file ends the run the way upstream's perror+exit does.
void read_symvers_dump(Session& session, const std::string& path);
// The same, from text already in memory.
void parse_symvers_dump(Session& session, std::string_view text);

// One line per export of every module read from objects, modules in
// reading order, exports in discovery order.
std::string format_symvers_dump(Session& session);

}  // namespace modlink::modpost
