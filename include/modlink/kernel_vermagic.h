// SPDX-License-Identifier: MIT
// VERMAGIC_STRING (include/linux/vermagic.h), composed from a kernel's
// release and .config: the release, then feature words, then the
// architecture's own part (MODULE_ARCH_VERMAGIC). A module whose vermagic
// differs is refused by the loader.
#pragma once

#include <string>

#include "modlink/kernel_config.h"

namespace modlink {

// The kernel's vermagic, or "" where it cannot be known for certain (an
// architecture whose part we do not know, randomized struct layout, no
// release): vermagic is then not checked.
std::string compose_vermagic(const std::string& release, const KernelConfig& cfg);

}  // namespace modlink
