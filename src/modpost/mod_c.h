// SPDX-License-Identifier: MIT
// The C text modpost generates: `<mod>.mod.c` for each module (the
// __this_module record, vermagic and build-salt lines, SYMBOL_CRC lines,
// the __versions table, depends, aliases, srcversion) and
// `.vmlinux.export.c` for vmlinux, laid out as the session's era says
// (Era::mod_c: the header, retpoline block, export lines, version entries).
#pragma once

#include <string>

#include "modpost/session.h"

namespace modlink::modpost {

// Builds the .mod.c text of a module. Emits the warnings upstream prints
// while generating it (exports without a CRC, imports without one) and
// the "too long symbol" error.
std::string generate_mod_c(Session& session, ModpostModule& mod);

// .vmlinux.export.c: the CRCs of vmlinux's exports.
std::string generate_vmlinux_export_c(Session& session, ModpostModule& vmlinux);

// MODULE_NAME_LEN of the target: 64 bytes less one pointer.
inline std::size_t module_name_len(bool target64) { return target64 ? 56 : 60; }

}  // namespace modlink::modpost
