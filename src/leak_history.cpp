// SPDX-License-Identifier: MIT
#include "modlink/leak_history.h"

#include <algorithm>

#include "modlink/debian_version.h"

namespace modlink {

LeakHistory::LeakHistory(std::vector<LeakIndex> indexes) : indexes_(std::move(indexes)) {
    std::stable_sort(indexes_.begin(), indexes_.end(), [](const LeakIndex& a, const LeakIndex& b) {
        return compare_debian_versions(a.release, b.release) < 0;
    });
}

std::string LeakHistory::note(const std::string& function, const std::string& symbol) const {
    enum class State { Leaks, Clean, Unseen };
    auto state_in = [&](const LeakIndex& x) {
        for (const LeakEntry& e : x.leaks)
            if (e.function == function && e.symbol == symbol) return State::Leaks;
        for (const UsedFunction& f : x.functions)
            if (f.function == function) return State::Clean;
        return State::Unseen;
    };
    auto name = [](const LeakIndex& x) { return x.release.empty() ? x.kernel_path : x.release; };
    std::string head = "leak index: `" + function + "()` ";
    std::size_t first = indexes_.size();
    for (std::size_t i = 0; i < indexes_.size(); ++i)
        if (state_in(indexes_[i]) == State::Leaks) {
            first = i;
            break;
        }
    if (first == indexes_.size()) {
        std::string all;
        for (const LeakIndex& x : indexes_) all += (all.empty() ? "" : ", ") + name(x);
        return head + "pulls in " + symbol + " in none of the indexed kernels (" + all + ")";
    }
    std::string out = head + "pulls in " + symbol + " since " + name(indexes_[first]);
    if (first == 0) return out + ", the oldest kernel indexed";
    const LeakIndex& before = indexes_[first - 1];
    return out + (state_in(before) == State::Clean ? " (used without it in " : " (not seen in the modules of ") +
           name(before) + ")";
}

std::vector<LeakIndex> read_leak_indexes(const std::vector<std::string>& paths) {
    std::vector<LeakIndex> out;
    for (const std::string& p : paths) out.push_back(read_leak_index(p));
    return out;
}

std::string LeakHistory::note_for(const SymbolExplanation& s) const {
    if (s.groups.empty()) return "";
    const SiteGroup& g = s.groups[s.verdict_group];
    for (std::size_t i = g.frames.size(); i-- > 0;)
        if (is_kernel_header(g.frames[i].declared)) return note(g.frames[i].function, s.symbol);
    return "";
}

}  // namespace modlink
