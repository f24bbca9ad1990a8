// SPDX-License-Identifier: MIT
// Saved leak indexes (leak_index.h) of several kernels, asked about one
// finding: since which of those kernels does the header inline that pulled
// the symbol into the module leak it? `explain --leaks FILE...` and
// `check --explain --leaks FILE...` add the answer under the verdict.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "modlink/explanation.h"
#include "modlink/leak_index.h"

namespace modlink {

class LeakHistory {
public:
    // Orders the indexes by kernel release (Debian version order).
    explicit LeakHistory(std::vector<LeakIndex> indexes);

    // One line about `function` pulling in `symbol` across the kernels, e.g.
    // "leak index: `vm_flags_set()` pulls in __vma_start_write since
    // 7.2.13+deb14-amd64 (used without it in 6.12.118+deb13-amd64)".
    std::string note(const std::string& function, const std::string& symbol) const;

    // The note for a symbol's verdict group: about the outermost kernel
    // header function on its chain (the one the module's code called);
    // "" when the chain has none.
    std::string note_for(const SymbolExplanation& s) const;

private:
    // What note() asks of one index, looked up rather than scanned: a
    // whole tree's findings each ask every kernel.
    struct Kernel {
        std::string name;  // release, or path when the release is unknown
        std::set<std::pair<std::string, std::string>> leaking;  // (function, symbol)
        std::set<std::string> used;                             // functions seen, leaking or clean
    };
    std::vector<Kernel> kernels_;
};

// read_leak_index() of each file, in order.
std::vector<LeakIndex> read_leak_indexes(const std::vector<std::string>& paths);

}  // namespace modlink
