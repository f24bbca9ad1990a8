// SPDX-License-Identifier: MIT
// What modpost takes from an object's .modinfo: its licenses (one that is
// not GPL-compatible makes the module GPL-incompatible; none at all is an
// error), the namespaces it imports (in 6.16+ a `module:` namespace may not
// be imported) and, where the era warns, a missing description.
#pragma once

#include <string>

#include "modlink/modinfo.h"
#include "modpost/session.h"

namespace modlink::modpost {

// `path` is the object as given, for the messages that name it.
void read_modinfo_tags(Session& session, ModpostModule& mod, const Modinfo& info, const std::string& path);

}  // namespace modlink::modpost
