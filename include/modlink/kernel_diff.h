// SPDX-License-Identifier: MIT
// What changed in the exports between two kernels: the question a kABI
// team asks of every new kernel build (which symbols went away, which
// changed their CRC, which became GPL-only or moved into a namespace).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modlink/kernel.h"

namespace modlink {

enum class ExportChangeKind {
    Removed,    // exported by the old kernel only
    Added,      // exported by the new kernel only
    Crc,        // the symbol's version (CRC) changed: modules built for the old kernel fail on the new one
    License,    // EXPORT_SYMBOL <-> EXPORT_SYMBOL_GPL
    Namespace,  // moved into, out of or between namespaces
    Owner,      // now exported by another module (or moved in or out of vmlinux)
};

const char* export_change_id(ExportChangeKind k);  // "removed", "added", "crc", "license", "namespace", "owner"

struct ExportChange {
    std::string symbol;
    ExportChangeKind kind{};
    std::optional<KernelExport> before, after;  // absent for added / removed
};

struct KernelDiff {
    std::string old_path, old_release, new_path, new_release;
    // CRCs are compared only when both kernels use modversions: without
    // them every CRC is 0 and would all "change".
    bool crcs_compared = false;
    std::vector<ExportChange> changes;  // by symbol (byte order), then kind
    std::size_t count(ExportChangeKind k) const;
};

KernelDiff diff_exports(const Kernel& before, const Kernel& after);

// One line per change, then a summary line.
// CRC changes are one counting line unless `list_crcs` (a stable update
// changes thousands, which would bury the few changes that matter).
std::string render_diff_text(const KernelDiff& d, bool color, bool list_crcs = false);
// {"schema": 1, "command": "diff", "old", "new", "crcs_compared", "counts", "changes"}.
std::string render_diff_json(const KernelDiff& d);

}  // namespace modlink
