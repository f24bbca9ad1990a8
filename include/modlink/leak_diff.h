// SPDX-License-Identifier: MIT
// What changed between two kernels' leak indexes (leak_index.h). A raw set
// difference is mostly new APIs and compiler changes; what breaks existing
// modules is a header function that modules used in the old kernel without
// any GPL-only reference and that pulls one in the new (vm_flags_set() ->
// __vma_start_write from 6.15 on). That is the headline ("broken"); below
// it, functions that gained another GPL-only symbol, functions new in the
// new kernel, and leaks that went away.
#pragma once

#include <string>
#include <vector>

#include "modlink/leak_index.h"

namespace modlink {

struct LeakDiff {
    std::string old_path, old_release, new_path, new_release;
    // Entries of the new index whose function the old one saw used and
    // never leaking. Entries are matched by (function, symbol): a function
    // whose header moved is the same function.
    std::vector<LeakEntry> broken;
    std::vector<LeakEntry> gained;       // new pairs of a function that leaked in the old kernel already
    std::vector<LeakEntry> new_functions;  // new pairs of a function the old kernel's modules never used
    std::vector<LeakEntry> removed;      // pairs of the old index the new one lacks
};

LeakDiff diff_leak_indexes(const LeakIndex& old_index, const LeakIndex& new_index);

// JSON: "broken", "added" (gained and new functions, in that order) and
// "removed", each of the index's entry shape; text: the headline first.
std::string leak_diff_json(const LeakDiff& d);
std::string leak_diff_text(const LeakDiff& d);

}  // namespace modlink
