// SPDX-License-Identifier: MIT
#include "modlink/leak_history.h"

#include <algorithm>

#include "modlink/debian_version.h"

namespace modlink {

LeakHistory::LeakHistory(std::vector<LeakIndex> indexes) {
    std::stable_sort(indexes.begin(), indexes.end(), [](const LeakIndex& a, const LeakIndex& b) {
        return compare_debian_versions(a.release, b.release) < 0;
    });
    for (const LeakIndex& x : indexes) {
        Kernel& k = kernels_.emplace_back();
        k.name = x.release.empty() ? x.kernel_path : x.release;
        for (const LeakEntry& e : x.leaks) k.leaking.emplace(e.function, e.symbol);
        for (const UsedFunction& f : x.functions) k.used.insert(f.function);
    }
}

std::string LeakHistory::note(const std::string& function, const std::string& symbol) const {
    enum class State { Leaks, Clean, Unseen };
    auto state_in = [&](const Kernel& k) {
        if (k.leaking.count({function, symbol})) return State::Leaks;
        return k.used.count(function) ? State::Clean : State::Unseen;
    };
    std::string head = "leak index: `" + function + "()` ";
    std::size_t first = kernels_.size();
    for (std::size_t i = 0; i < kernels_.size(); ++i)
        if (state_in(kernels_[i]) == State::Leaks) {
            first = i;
            break;
        }
    if (first == kernels_.size()) {
        std::string all;
        for (const Kernel& k : kernels_) all += (all.empty() ? "" : ", ") + k.name;
        return head + "pulls in " + symbol + " in none of the indexed kernels (" + all + ")";
    }
    std::string out = head + "pulls in " + symbol + " since " + kernels_[first].name;
    if (first == 0) return out + ", the oldest kernel indexed";
    const Kernel& before = kernels_[first - 1];
    return out + (state_in(before) == State::Clean ? " (used without it in " : " (not seen in the modules of ") +
           before.name + ")";
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
