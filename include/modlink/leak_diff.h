// SPDX-License-Identifier: MIT
// What changed between two kernels' leak indexes (leak_index.h). A raw set
// difference is mostly new APIs and compiler changes; what breaks existing
// modules is a header function that modules used in the old kernel without
// any GPL-only reference and that pulls one in the new (vm_flags_set() ->
// __vma_start_write from 6.15 on). That is the headline ("broken"), grouped
// by cause; below it, functions that gained another GPL-only symbol,
// functions new in the new kernel, leaks that went away, and changes that
// only a few of a function's users show.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "modlink/leak_index.h"

namespace modlink {

// One reason for broken entries: the function that references the symbol
// itself (the last function of each chain). Between Debian's 6.12 and 7.2,
// 913 tracepoint functions break through one cause,
// __srcu_read_lock_fast() -> tracepoint_srcu.
struct LeakCause {
    std::string function;
    std::string symbol;
    std::size_t modules = 0;  // the most modules any of its entries has
    std::vector<std::string> functions;  // the broken header functions, most modules first
};

// How an entry changed from the old index to the new.
enum class LeakChange { Broken, Gained, NewFunction, Removed };
const char* leak_change_id(LeakChange c);  // "broken", "gained", "new", "removed"

struct IncidentalLeak {
    LeakChange change;
    LeakEntry entry;  // of the new index; of the old for Removed
};

struct LeakDiff {
    std::string old_path, old_release, new_path, new_release;
    // Entries are matched by (function, symbol): a function whose header
    // moved is the same function. Each list keeps its index's order (most
    // modules first) and holds only entries that at least half the modules
    // using the function show (leaks_in_most_users): what the function's
    // own body does. A pair that crosses that line between the two kernels
    // changed with the body: into most users is broken or gained, out of
    // them is removed.
    //
    // Entries of the new index whose function the old one saw used and
    // whose body leaked nothing there.
    std::vector<LeakEntry> broken;
    std::vector<LeakCause> causes;         // of `broken`, most modules first
    std::vector<LeakEntry> gained;         // new pairs of a function that leaked in the old kernel already
    std::vector<LeakEntry> new_functions;  // new pairs of a function the old kernel's modules never used
    std::vector<LeakEntry> removed;        // pairs of the old index the new one lacks
    // Pairs that fewer than half the function's users show, in one index
    // and not at all in the other: an argument or the module's own code
    // computed inside the inline (guard(mutex)(&usb_dynids_lock); a
    // tracepoint key handed to arch_static_branch()), not the function's
    // body. `change` says what the pair would have been.
    std::vector<IncidentalLeak> incidental;
};

LeakDiff diff_leak_indexes(const LeakIndex& old_index, const LeakIndex& new_index);

// JSON: "broken", "causes", "added" (gained and new functions, in that
// order), "removed", and "incidental" (each entry with its "change"), the
// entries of the index's shape; text: the headline first.
std::string leak_diff_json(const LeakDiff& d);
std::string leak_diff_text(const LeakDiff& d);

}  // namespace modlink
