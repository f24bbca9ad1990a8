// SPDX-License-Identifier: MIT
// One kernel's column of a source audit: the source copied to a scratch
// directory (inside the kernel's root when it has one), built there by
// Kbuild with modlink as its modpost in keep-going mode, modpost's verdicts
// read back, and every module the build produced checked and explained
// against that kernel.
#pragma once

#include <string>

#include "modlink/audit_source.h"

namespace modlink {

// Builds for the kernel `given` (as the request names it) in `root` (a
// chroot, canonical; "" = this system). A build that fails is a result;
// throws Error only when the scratch directory cannot be made or filled, or
// modpost's verdicts cannot be read.
KernelBuildResult build_for_kernel(const SourceAuditRequest& req, const std::string& given, const std::string& root);

}  // namespace modlink
