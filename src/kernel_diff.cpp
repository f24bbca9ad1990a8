// SPDX-License-Identifier: MIT
#include "modlink/kernel_diff.h"

#include <algorithm>
#include <string_view>

namespace modlink {

const char* export_change_id(ExportChangeKind k) {
    switch (k) {
        case ExportChangeKind::Removed: return "removed";
        case ExportChangeKind::Added: return "added";
        case ExportChangeKind::Crc: return "crc";
        case ExportChangeKind::License: return "license";
        case ExportChangeKind::Namespace: return "namespace";
        case ExportChangeKind::Owner: return "owner";
    }
    return "unknown";
}

std::size_t KernelDiff::count(ExportChangeKind k) const {
    return static_cast<std::size_t>(
        std::count_if(changes.begin(), changes.end(), [k](const ExportChange& c) { return c.kind == k; }));
}

KernelDiff diff_exports(const Kernel& before, const Kernel& after) {
    KernelDiff d;
    d.old_path = before.path;
    d.old_release = before.release;
    d.new_path = after.path;
    d.new_release = after.release;
    d.crcs_compared = before.uses_modversions() && after.uses_modversions();

    // Walk both sorted name lists together.
    std::vector<std::string_view> a = before.export_names(), b = after.export_names();
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i] < b[j])) {
            d.changes.push_back({std::string(a[i]), ExportChangeKind::Removed, *before.find(a[i]), std::nullopt});
            ++i;
            continue;
        }
        if (i == a.size() || b[j] < a[i]) {
            d.changes.push_back({std::string(b[j]), ExportChangeKind::Added, std::nullopt, *after.find(b[j])});
            ++j;
            continue;
        }
        const KernelExport& x = *before.find(a[i]);
        const KernelExport& y = *after.find(b[j]);
        auto changed = [&](ExportChangeKind k) { d.changes.push_back({std::string(a[i]), k, x, y}); };
        if (d.crcs_compared && x.crc.value_or(0) != y.crc.value_or(0)) changed(ExportChangeKind::Crc);
        if (x.gpl_only != y.gpl_only) changed(ExportChangeKind::License);
        if (x.ns != y.ns) changed(ExportChangeKind::Namespace);
        if (x.owner != y.owner) changed(ExportChangeKind::Owner);
        ++i, ++j;
    }
    return d;
}

}  // namespace modlink
